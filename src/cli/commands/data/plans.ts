import type { Command } from 'commander';
import { UsageError } from '../../../errors.js';
import type { QueryFile } from '../../../postgres/query-file.js';
import { positiveNumberFlag, wholeNumberFlag } from '../../numeric-flags.js';
import { REPORT_FORMAT_HELP, reportFormatFlag } from '../../report-format.js';
import { run } from '../../run.js';
import { readQueryFile } from './shared.js';

interface PlansFlags {
  queries?: string;
  top?: string;
  baselineUrl?: string;
  candidateUrl?: string;
  baselineName?: string;
  candidateName?: string;
  config?: string;
  source?: string;
  format: string;
  scale?: string;
  statementTimeoutMs?: string;
}

/** `parity data plans`. */
export function registerPlansCommand(data: Command): void {
  data
    .command('plans')
    .description(
      'EXPLAIN the named queries on both environments (read-only, never ANALYZE) and report plan flips',
    )
    .option('--queries <file>', 'file of named SQL statements (-- name: / -- params:)')
    .option('--top <n>', "also plan the baseline's N most expensive statements from pg_stat_statements")
    .option(
      '--baseline-url <url>',
      "baseline (production) database URL; default $PARITY_BASELINE_DATABASE_URL, else the baseline's postgres source in parity.yaml",
    )
    .option(
      '--candidate-url <url>',
      "candidate (staging) database URL; default $PARITY_CANDIDATE_DATABASE_URL, else the candidate's postgres source in parity.yaml",
    )
    .option(
      '-c, --config <file>',
      'parity.yaml to take the databases from (default ./parity.yaml when it exists)',
    )
    .option('--source <id>', 'the postgres source id, when an environment declares several')
    .option(
      '--baseline-name <name>',
      "baseline environment name (default parity.yaml's baseline, else production)",
    )
    .option(
      '--candidate-name <name>',
      'candidate environment name (default the one other environment of parity.yaml, else staging)',
    )
    .option('--scale <ratio>', 'declared data scale, candidate/baseline (e.g. 0.001)')
    .option('--statement-timeout-ms <ms>', 'statement timeout per EXPLAIN', '10000')
    .option('-f, --format <format>', REPORT_FORMAT_HELP, 'text')
    .action((flags: PlansFlags) => run(() => plansAction(flags)));
}

async function plansAction(flags: PlansFlags): Promise<number> {
  const format = reportFormatFlag('--format', flags.format);
  if (!flags.queries && flags.top === undefined)
    throw new UsageError('data plans needs --queries <file>, --top <n>, or both');
  const top = flags.top !== undefined ? wholeNumberFlag('--top', flags.top, { min: 1, max: 1000 }) : 0;
  const scale = flags.scale !== undefined ? positiveNumberFlag('--scale', flags.scale, 100) : 1;
  const statementTimeoutMs = wholeNumberFlag('--statement-timeout-ms', flags.statementTimeoutMs ?? '10000', {
    min: 1,
    max: 86_400_000,
  });
  // The query file first: a wrong or empty file is a usage error before any database is reached.
  const parsed: QueryFile = { queries: [], skips: [] };
  if (flags.queries)
    Object.assign(
      parsed,
      await readQueryFile(flags.queries, 'data plans', (line) => process.stderr.write(`${line}\n`)),
    );
  const { resolveTargets, PLANS_NAMES } = await import('./databases.js');
  const targets = await resolveTargets(flags, PLANS_NAMES, { baseline: 'required', candidate: 'required' });
  const baseline = targets.baseline!;
  const candidate = targets.candidate!;
  const baselineUrl = baseline.url;
  const { planBoth, comparePlans } = await import('../../../data/plans/plans.js');
  if (top) {
    const { readTopStatements } = await import('../../../data/plans/top-statements.js');
    const found = await readTopStatements(baselineUrl, top, {
      statementTimeoutMs,
    });
    for (const note of found.notes) process.stderr.write(`parity: ${note}\n`);
    parsed.queries.push(...found.queries);
  }
  if (!parsed.queries.length) throw new UsageError('no query to plan (see the messages above)');
  const { compareDatabases, describeIdentity } = await import('../../../postgres/identity.js');
  const same = await compareDatabases(baseline, candidate);
  // Plans are read-only on both sides, so an unknown identity is no danger; the same database is a mistake.
  if (same.verdict === 'same')
    throw new UsageError(
      `the baseline (${baseline.from}) and the candidate (${candidate.from}) reach the same database (${describeIdentity(same.a)}): comparing it with itself judges nothing`,
    );
  const result = await planBoth(
    { name: baseline.name, url: baseline.url, production: true },
    { name: candidate.name, url: candidate.url, production: candidate.production },
    parsed.queries,
    { statementTimeoutMs },
  );
  for (const error of result.errors) process.stderr.write(`error ${error}\n`);
  const needValues = parsed.queries.filter(
    (q) => q.origin === 'pg_stat_statements' && result.baseline.find((r) => r.name === q.name)?.needsValues,
  );
  if (needValues.length) {
    const { queryFileBlock } = await import('../../../data/plans/top-statements.js');
    process.stderr.write(
      `parity: to plan ${needValues.length === 1 ? 'the pg_stat_statements statement that needs' : `the ${needValues.length} pg_stat_statements statements that need`} sample values, copy into a --queries file and replace each <$n> with a value:\n${queryFileBlock(needValues)}\n`,
    );
  }
  const comparisons = comparePlans(result.baseline, result.candidate, scale);
  const names = { baseline: baseline.name, candidate: candidate.name };
  const { writerFor } = await import('../../../report/index.js');
  const out = writerFor(format).plans({ comparisons, names, skips: parsed.skips });
  process.stdout.write(`${out}\n`);
  const unplanned = comparisons.filter((c) => c.verdict === 'unplanned').length;
  const refused = [...result.baseline, ...result.candidate].filter((r) => r.refused).length;
  if (unplanned || parsed.skips.length || result.errors.length) {
    // Asked to plan every query: any query not compared means this run could not judge (exit 2).
    process.stderr.write(
      `parity: ${unplanned} of ${comparisons.length} queries not compared${refused ? ` (${refused} refused before reaching a database)` : ''}${parsed.skips.length ? `, ${parsed.skips.length} skipped in the query file` : ''}\n`,
    );
    return 2;
  }
  return comparisons.some((c) => c.verdict === 'flip' || c.verdict === 'cost-out-of-scale') ? 1 : 0;
}
