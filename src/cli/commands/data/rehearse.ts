import type { Command } from 'commander';
import { UsageError } from '../../../errors.js';
import { readRegularText } from '../../../regular-file.js';
import { positiveNumberFlag, wholeNumberFlag } from '../../numeric-flags.js';
import { REPORT_FORMAT_HELP, reportFormatFlag } from '../../report-format.js';
import { run } from '../../run.js';
import { MAX_USER_FILE_BYTES, why } from './shared.js';

/** `parity data rehearse`. */
export function registerRehearseCommand(data: Command): void {
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
    .option('--format <format>', REPORT_FORMAT_HELP, 'text')
    .action((flags: RehearseFlags) => run(() => rehearseAction(flags)));
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
  const format = reportFormatFlag('--format', flags.format);
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
  const { parseQueryFile } = await import('../../../postgres/query-file.js');
  const { statsFromSnapshot, statsFromUrl } = await import('../../../data/rehearse/source.js');
  const { rehearse, schemaFiles } = await import('../../../data/rehearse/rehearse.js');
  const { rehearseExitCode } = await import('../../../data/rehearse/report.js');
  const { writerFor } = await import('../../../report/index.js');
  const { describeUrl } = await import('../../../postgres/session.js');
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
  const out = writerFor(format).rehearsal({
    result,
    skips: [...parsed.skips, ...input.skips],
    stagingName: flags.stagingName,
  });
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
  const { readPolicy } = await import('../shared.js');
  const policy = await readPolicy(flags.config);
  const env = policy.environments[flags.stagingName];
  if (!env)
    throw new UsageError(`--staging-name ${flags.stagingName}: not an environment of ${flags.config}`);
  return env.production;
}
