import type { Command } from 'commander';
import { UsageError } from '../../../errors.js';
import { readRegularText } from '../../../regular-file.js';
import { positiveNumberFlag, wholeNumberFlag } from '../../numeric-flags.js';
import { REPORT_FORMAT_HELP, reportFormatFlag } from '../../report-format.js';
import { run } from '../../run.js';
import { readQueryFile, why } from './shared.js';

/** `parity data rehearse`. */
export function registerRehearseCommand(data: Command): void {
  data
    .command('rehearse')
    .description(
      'Fill a scratch PostgreSQL with synthetic rows shaped by production statistics, at production volume, and measure the queries there',
    )
    .requiredOption('--queries <file>', 'file of named SQL statements (-- name: / -- params:)')
    .option(
      '--schema <path>',
      "candidate schema: a .sql file (pg_dump --schema-only output as it is) or a directory of migrations (applied in name order); default: read read-only from the candidate's database",
    )
    .option(
      '--from-url <url>',
      "production database URL, read read-only: catalogue and pg_stats statistics, EXPLAIN (estimated); never a table's rows. Default $PARITY_BASELINE_DATABASE_URL, else the baseline's postgres source in parity.yaml",
    )
    .option('--from-snapshot <file>', "a `parity snapshot` JSON with the postgres source's facts")
    .option(
      '--source <id>',
      'the postgres source id to take from the snapshot or parity.yaml, when there are several',
    )
    .option(
      '--staging-url <url>',
      "staging (candidate) database URL: EXPLAIN ANALYZE there too (estimated only if it is marked production). Default $PARITY_CANDIDATE_DATABASE_URL, else the candidate's postgres source in parity.yaml",
    )
    .option(
      '--staging-name <name>',
      'candidate environment name (default the one other environment of parity.yaml, else staging)',
    )
    .option('--staging-production', 'staging is production-like: never EXPLAIN ANALYZE it')
    .option(
      '-c, --config <file>',
      'parity.yaml to take the databases from, and whether staging is marked production (default ./parity.yaml when it exists)',
    )
    .option(
      '--allow-unverified-staging',
      "EXPLAIN ANALYZE staging even when its identity cannot be compared with production's (never when they match)",
    )
    .option('--scale <ratio>', 'fraction of production volume (1.0 = production row counts)', '1.0')
    .option('--runs <n>', 'EXPLAIN ANALYZE runs per query on the scratch database (fastest kept)', '1')
    .option('--workers <n>', 'connections generating in parallel (default: cores, at most 4)')
    .option('--seed <n>', 'seed of the generated values: the same seed gives the same rows', '0')
    .option('--statement-timeout-ms <ms>', 'statement timeout per query', '600000')
    .option('--keep', 'keep the scratch data directory')
    .option('-f, --format <format>', REPORT_FORMAT_HELP, 'text')
    .action((flags: RehearseFlags) => run(() => rehearseAction(flags)));
}

interface RehearseFlags {
  queries: string;
  schema?: string;
  fromUrl?: string;
  fromSnapshot?: string;
  source?: string;
  stagingUrl?: string;
  stagingName?: string;
  stagingProduction?: boolean;
  allowUnverifiedStaging?: boolean;
  config?: string;
  scale: string;
  runs: string;
  workers?: string;
  seed: string;
  statementTimeoutMs: string;
  keep?: boolean;
  format: string;
}

async function rehearseAction(flags: RehearseFlags): Promise<number> {
  if (flags.fromUrl && flags.fromSnapshot)
    throw new UsageError(
      'data rehearse takes production statistics from --from-url or --from-snapshot, not both',
    );
  const format = reportFormatFlag('--format', flags.format);
  const scale = positiveNumberFlag('--scale', flags.scale, 100);
  const runs = wholeNumberFlag('--runs', flags.runs, { min: 1, max: 20 });
  const seed = wholeNumberFlag('--seed', flags.seed, { min: 0, max: 2 ** 31 - 1 });
  const timeout = wholeNumberFlag('--statement-timeout-ms', flags.statementTimeoutMs, {
    min: 1,
    max: 86_400_000,
  });
  const workers =
    flags.workers !== undefined
      ? wholeNumberFlag('--workers', flags.workers, { min: 1, max: 16 })
      : undefined;
  const { statsFromSnapshot, statsFromUrl } = await import('../../../data/rehearse/source.js');
  const { rehearse, schemaFiles } = await import('../../../data/rehearse/rehearse.js');
  const { rehearseExitCode } = await import('../../../data/rehearse/report.js');
  const { writerFor } = await import('../../../report/index.js');
  const { describeUrl } = await import('../../../postgres/session.js');
  const say = (line: string) => process.stderr.write(`rehearse: ${line}\n`);
  // A wrong or empty query file is a usage error before production or the schema is read.
  const parsed = await readQueryFile(flags.queries, 'data rehearse', say);
  if (flags.schema) await schemaFiles(flags.schema); // a wrong --schema fails before production is read
  const { resolveTargets } = await import('./databases.js');
  const targets = await resolveTargets(
    {
      baselineUrl: flags.fromUrl,
      candidateUrl: flags.stagingUrl,
      candidateName: flags.stagingName,
      config: flags.config,
      source: flags.source,
    },
    REHEARSE_NAMES,
    { baseline: flags.fromSnapshot ? 'no' : 'required', candidate: flags.schema ? 'optional' : 'required' },
  );
  for (const note of targets.notes) say(note);
  const fromUrl = targets.baseline?.url;
  const stagingTarget = targets.candidate;
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
    say(`reading statistics from ${describeUrl(fromUrl!)} (read-only; ${targets.baseline!.from})`);
    input = await statsFromUrl(fromUrl!, { statementTimeoutMs: Math.min(timeout, 60_000) });
  }
  for (const skip of input.skips) say(`skip ${skip.reason}`);
  const staging = stagingTarget
    ? {
        name: stagingTarget.name,
        url: stagingTarget.url,
        production: stagingTarget.production || stagingIsProduction(flags, stagingTarget.name),
      }
    : undefined;
  let schemaSql: { text: string; label: string } | undefined;
  if (!flags.schema) {
    const { readCandidateSchema } = await import('../../../data/rehearse/candidate-schema.js');
    say(`reading the candidate schema from ${describeUrl(staging!.url)} (read-only; ${stagingTarget!.from})`);
    const read = await readCandidateSchema(staging!.url, { statementTimeoutMs: Math.min(timeout, 60_000) });
    for (const note of read.notes) say(note);
    schemaSql = { text: read.sql, label: `the ${staging!.name} database's schema` };
  }
  if (staging?.production)
    say(`${staging.name} is marked production: its plans are estimated, never EXPLAIN ANALYZEd`);
  let last = 0;
  const { progressLine } = await import('../../progress.js');
  const progress = progressLine();
  const result = await rehearse({
    stats: input.stats,
    ...(input.fingerprint ? { fingerprint: input.fingerprint } : {}),
    ...(flags.schema ? { schemaPath: flags.schema } : {}),
    ...(schemaSql ? { schemaSql } : {}),
    queries: parsed.queries,
    scale,
    keep: !!flags.keep,
    ...(staging ? { staging } : {}),
    ...(fromUrl ? { production: { name: targets.baseline!.name, url: fromUrl, production: true } } : {}),
    allowUnverifiedStaging: !!flags.allowUnverifiedStaging,
    ...(workers ? { workers } : {}),
    runs,
    seed,
    statementTimeoutMs: timeout,
    log: (line) => {
      progress.done();
      say(line);
    },
    ...(process.env.PARITY_DEBUG ? { debug: say } : {}),
    onProgress: (p) => {
      const now = Date.now();
      if (!progress.active || (now - last < 1000 && p.totalDone < p.totalRows)) return;
      last = now;
      const line = `generating ${p.table}: ${p.tableDone.toLocaleString('en-US')}/${p.tableRows.toLocaleString('en-US')} rows; all tables ${Math.round((p.totalDone / p.totalRows) * 100)}% at ${Math.round(p.rate).toLocaleString('en-US')} rows/s`;
      progress.update(`rehearse: ${line}`);
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
    stagingName: staging?.name ?? 'staging',
  });
  process.stdout.write(`${out}\n`);
  return rehearseExitCode(result);
}

/**
 * Staging is treated as production when told so or by its name (parity.yaml's `production: true`
 * is read with the databases). Whether it IS production is decided by identity inside `rehearse`
 * (the run is refused then).
 */
function stagingIsProduction(flags: RehearseFlags, name: string): boolean {
  return !!flags.stagingProduction || /^(prod|production|prd|live)$/i.test(name);
}

const REHEARSE_NAMES = {
  baselineFlag: '--from-url',
  candidateFlag: '--staging-url',
  baselineVariable: 'PARITY_BASELINE_DATABASE_URL',
  candidateVariable: 'PARITY_CANDIDATE_DATABASE_URL',
};
