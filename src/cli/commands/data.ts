import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';

interface PlansFlags {
  queries: string;
  baselineUrl?: string;
  candidateUrl?: string;
  baselineName: string;
  candidateName: string;
  format: string;
  scale?: string;
  statementTimeoutMs?: string;
}

/** Adds `data plans` (and the `data rehearse` placeholder) under `parity data`. Heavy modules load lazily. */
export function registerDataCommands(program: Command): void {
  const data = program.command('data').description('PostgreSQL: query plans at production scale');
  data
    .command('plans')
    .description(
      'EXPLAIN the named queries on both environments (read-only, never ANALYZE) and report plan flips',
    )
    .requiredOption('--queries <file>', 'file of named SQL statements (-- name: / -- params:)')
    .option(
      '--baseline-url <url>',
      'baseline (production) database URL; default $PARITY_BASELINE_DATABASE_URL',
    )
    .option(
      '--candidate-url <url>',
      'candidate (staging) database URL; default $PARITY_CANDIDATE_DATABASE_URL',
    )
    .option('--baseline-name <name>', 'baseline environment name', 'production')
    .option('--candidate-name <name>', 'candidate environment name', 'staging')
    .option('--scale <ratio>', 'declared data scale, candidate/baseline (e.g. 0.001)')
    .option('--statement-timeout-ms <ms>', 'statement timeout per EXPLAIN', '10000')
    .option('--format <format>', 'text | markdown | json', 'text')
    .action(async (flags: PlansFlags) => {
      const baselineUrl = flags.baselineUrl ?? process.env.PARITY_BASELINE_DATABASE_URL;
      const candidateUrl = flags.candidateUrl ?? process.env.PARITY_CANDIDATE_DATABASE_URL;
      if (!baselineUrl || !candidateUrl)
        throw new UsageError(
          'data plans needs --baseline-url and --candidate-url (or their environment variables)',
        );
      if (!['text', 'markdown', 'json'].includes(flags.format))
        throw new UsageError(`--format ${flags.format}: expected text, markdown or json`);
      const { parseQueryFile } = await import('../../data/query-file.js');
      const { planBoth, comparePlans, renderPlans } = await import('../../data/plans.js');
      let text: string;
      try {
        text = await readFile(flags.queries, 'utf8');
      } catch {
        throw new UsageError(`--queries ${flags.queries}: file not readable`);
      }
      const parsed = parseQueryFile(text, 'data plans', flags.queries);
      for (const skip of parsed.skips)
        process.stderr.write(`skip ${skip.file}:${skip.line ?? ''} ${skip.reason}\n`);
      const result = await planBoth(
        { name: flags.baselineName, url: baselineUrl, production: true },
        { name: flags.candidateName, url: candidateUrl, production: false },
        parsed.queries,
        { statementTimeoutMs: Number(flags.statementTimeoutMs) },
      );
      for (const error of result.errors) process.stderr.write(`error ${error}\n`);
      const comparisons = comparePlans(
        result.baseline,
        result.candidate,
        flags.scale ? Number(flags.scale) : 1,
      );
      const names = { baseline: flags.baselineName, candidate: flags.candidateName };
      const out =
        flags.format === 'json'
          ? JSON.stringify({ schemaVersion: 1, comparisons, skips: parsed.skips }, null, 2)
          : renderPlans(comparisons, names, flags.format as 'text' | 'markdown');
      process.stdout.write(`${out}\n`);
      process.exitCode = comparisons.some((c) => c.verdict === 'flip' || c.verdict === 'cost-out-of-scale')
        ? 1
        : result.errors.length
          ? 2
          : 0;
    });
  data
    .command('rehearse')
    .description(
      'Measure the queries on a scratch database filled to production volume (not implemented yet)',
    )
    .option('--queries <file>', 'file of named SQL statements')
    .option('--scale <ratio>', 'fraction of production volume', '1.0')
    .option('--keep', 'keep the scratch database')
    .action(() => {
      throw new UsageError(
        'data rehearse is not implemented yet; use `parity data plans` against production and staging',
      );
    });
}
