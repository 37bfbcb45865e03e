import { readdir, stat } from 'node:fs/promises';
import { availableParallelism, totalmem } from 'node:os';
import path from 'node:path';
import type { Client } from 'pg';
import { ConfigError, ParityError } from '../../errors.js';
import { startEmbedded, withDatabase } from '../../postgres/embedded.js';
import { type ExplainResult, explainQueries } from '../../postgres/explain.js';
import type { DatabaseIdentity } from '../../postgres/identity.js';
import { type NamedQuery, placeholderCount } from '../../postgres/query-file.js';
import { openSession } from '../../postgres/session.js';
import { readRegularText } from '../../regular-file.js';
import type { Fingerprinter } from '../../sources/types.js';
import { plural } from '../../units/plural.js';
import { quoteIdent, readScratchCatalog } from './catalog.js';
import { dropDomainChecks, restoreDomainChecks } from './domain-checks.js';
import { clearStagingForAnalyze, recheckSession } from './guard.js';
import { matchLiterals, queryLiterals } from './literals.js';
import { finishLoad, generate, type LoadProgress, prepareLoad } from './load.js';
import { measurePlaces } from './places.js';
import { planGeneration } from './plan.js';
import { pinDistinct } from './planner.js';
import { constraintKey, restoreSchema } from './restore.js';
import type { ProductionStats } from './stats.js';

export interface RehearseTarget {
  name: string;
  url: string;
  /** A production environment is only ever EXPLAINed, never EXPLAIN ANALYZEd. */
  production: boolean;
}

export interface RehearseOptions {
  stats: ProductionStats;
  /** Recognises query literals among production's fingerprinted most-common values. */
  fingerprint?: Fingerprinter;
  /** Candidate schema: one SQL file or a directory of migrations (applied in name order). */
  schemaPath?: string;
  /** The candidate schema as SQL text (read from the candidate database), when there is no `schemaPath`. */
  schemaSql?: { text: string; label: string };
  queries: NamedQuery[];
  scale: number;
  keep?: boolean;
  /** Staging: EXPLAIN ANALYZE there unless it is marked production (then estimated only). */
  staging?: RehearseTarget;
  /** Production itself (from --from-url): its estimated plans, to check the rehearsal plans like it. */
  production?: RehearseTarget;
  /**
   * EXPLAIN ANALYZE staging even when its identity cannot be compared with production's (no
   * --from-url, or pg_control_system() not readable). Never overrides a match.
   */
  allowUnverifiedStaging?: boolean;
  workers?: number;
  chunkRows?: number;
  /** Seed of the generated values: the same seed gives the same rows in the same order (default 0). */
  seed?: number;
  /** EXPLAIN ANALYZE each query this many times on the scratch database; the fastest run is kept. */
  runs?: number;
  statementTimeoutMs?: number;
  now?: Date;
  log?: (line: string) => void;
  /** Step timings (each key, index, foreign key), for benchmarks and PARITY_DEBUG. */
  debug?: (line: string) => void;
  onProgress?: (p: LoadProgress) => void;
  /** Index builds: maintenance_work_mem and parallel workers per build (benchmarks; sized from the machine). */
  maintenance?: { workMem?: string; parallelWorkers?: number };
  /** Called once the scratch server runs, with a function that stops and removes it (for Ctrl-C). */
  onStarted?: (stop: () => Promise<void>) => void;
}

export interface RehearsedQuery {
  name: string;
  rehearsal: ExplainResult;
  staging?: ExplainResult & { measured: boolean };
  production?: ExplainResult;
  /** The rehearsal's plan differs from staging's: a flip staging would never show. */
  flip: boolean;
}

export interface RehearseResult {
  scale: number;
  tables: { key: string; rows: number; skew: string[]; notes: string[] }[];
  generation: {
    rows: number;
    ms: number;
    rowsPerSecond: number;
    indexMs: number;
    analyzeMs: number;
    totalMs: number;
  };
  queries: RehearsedQuery[];
  notes: string[];
  keptDataDir?: string;
}

/** The SQL files of a schema: the file itself, or a directory's *.sql in name order. */
export async function schemaFiles(schemaPath: string): Promise<string[]> {
  const info = await stat(schemaPath).catch(() => null);
  if (!info)
    throw new ConfigError('schema not found: expected a .sql file or a directory of migrations', schemaPath);
  if (info.isFile()) return [schemaPath];
  const files = (await readdir(schemaPath)).filter((f) => f.endsWith('.sql')).sort();
  if (!files.length) throw new ConfigError('no .sql files in this directory', schemaPath);
  return files.map((f) => path.join(schemaPath, f));
}

/**
 * Applies the candidate schema to the scratch database as psql would run it (src/postgres/script.ts):
 * psql meta-commands and role switches left out, the roles it names created (NOLOGIN, scratch
 * only), then each statement in order; an error names the file and the statement's line.
 */
async function applySchema(
  client: Client,
  scripts: readonly { file: string; text?: string }[],
  log: (line: string) => void,
): Promise<void> {
  const { splitScript, ScriptError } = await import('../../postgres/script.js');
  for (const { file, text: given } of scripts) {
    let text: string;
    try {
      text = given ?? (await readRegularText(file, 64 * 1024 * 1024));
    } catch (error) {
      throw new ConfigError(
        `cannot read the candidate schema: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        file,
      );
    }
    let script: Awaited<ReturnType<typeof splitScript>>;
    try {
      script = await splitScript(text);
    } catch (error) {
      if (error instanceof ScriptError)
        throw new ConfigError(`the candidate schema does not parse: ${error.message}`, file, error.line);
      throw error;
    }
    await createRoles(client, script.roles);
    if (script.dropped.length) log(`${path.basename(file)}: left out ${describeDropped(script.dropped)}`);
    for (const statement of script.statements) {
      try {
        await client.query(statement.sql);
      } catch (error) {
        const e = error as { message?: string; position?: string };
        const offset = e.position ? statement.sql.slice(0, Number(e.position) - 1).split('\n').length - 1 : 0;
        throw new ConfigError(
          `the candidate schema does not apply: ${e.message}`,
          file,
          statement.line + offset,
        );
      }
    }
    // A dump's `set_config('search_path', '', false)` and SETs must not outlive it: the queries
    // planned next name tables as the application does.
    await client.query('RESET ALL');
  }
}

/** `psql meta-command \restrict (line 5), 12 OWNER TO (lines 28-196)`. */
function describeDropped(dropped: readonly { line: number; what: string }[]): string {
  const byWhat = new Map<string, number[]>();
  for (const d of dropped) byWhat.set(d.what, [...(byWhat.get(d.what) ?? []), d.line]);
  return [...byWhat]
    .map(([what, lines]) =>
      lines.length === 1
        ? `${what} (line ${lines[0]})`
        : `${lines.length} ${what} (lines ${Math.min(...lines)}-${Math.max(...lines)})`,
    )
    .join(', ');
}

/** The roles a schema names (owners, grantees), created in the scratch cluster when missing. */
async function createRoles(client: Client, roles: readonly string[]): Promise<void> {
  if (!roles.length) return;
  const { rows } = await client.query<{ rolname: string }>(
    'SELECT rolname FROM pg_roles WHERE rolname = ANY($1)',
    [roles],
  );
  const existing = new Set(rows.map((r) => r.rolname));
  for (const role of roles) {
    if (existing.has(role)) continue;
    await client.query(`CREATE ROLE ${quoteIdent(role)} NOLOGIN`);
  }
}

/**
 * Session settings of the scratch connections for the index builds: maintenance_work_mem an
 * eighth of the machine's memory shared by the connections (64 MB to 1 GB each), and one parallel
 * worker per build when there is a second core (the last builds then use both).
 */
export function maintenanceSettings(
  connections: number,
  given?: { workMem?: string; parallelWorkers?: number },
): { maintenanceWorkMem: string; parallelMaintenanceWorkers: number } {
  const mb = Math.floor(totalmem() / 8 / Math.max(1, connections) / 1024 / 1024);
  return {
    maintenanceWorkMem: given?.workMem ?? `${Math.min(1024, Math.max(64, mb))}MB`,
    parallelMaintenanceWorkers: given?.parallelWorkers ?? Math.min(1, availableParallelism() - 1),
  };
}

/** Production's planner settings (work_mem, random_page_cost, ...) for the scratch database. */
const SESSION_SETTINGS =
  /^(work_mem|hash_mem_multiplier|effective_cache_size|random_page_cost|seq_page_cost|cpu_\w+_cost|effective_io_concurrency|default_statistics_target|jit|max_parallel_workers_per_gather|parallel_setup_cost|parallel_tuple_cost|from_collapse_limit|join_collapse_limit|geqo|geqo_threshold|plan_cache_mode|constraint_exclusion|enable_\w+)$/;

function settingValue(name: string, s: { value: string | number | boolean; unit?: string }): string | null {
  if (!SESSION_SETTINGS.test(name)) return null;
  const v = s.value;
  const text =
    typeof v === 'boolean'
      ? v
        ? 'on'
        : 'off'
      : typeof v === 'number' && s.unit === 'bytes'
        ? `${Math.max(64, Math.round(v / 1024))}kB`
        : typeof v === 'number' && s.unit === 'ms'
          ? `${v}ms`
          : String(v);
  if (!/^[\w.-]+$/.test(text)) return null;
  return text;
}

/**
 * Fills a scratch embedded PostgreSQL with synthetic rows that follow production's statistics, at
 * production's volume (times `scale`), and measures the queries there with EXPLAIN ANALYZE.
 */
export async function rehearse(options: RehearseOptions): Promise<RehearseResult> {
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const scripts = options.schemaPath
    ? (await schemaFiles(options.schemaPath)).map((file) => ({ file }))
    : options.schemaSql
      ? [{ file: options.schemaSql.label, text: options.schemaSql.text }]
      : [];
  if (!scripts.length) throw new Error('rehearse needs the candidate schema: schemaPath or schemaSql');
  // Before anything is generated: staging is EXPLAIN ANALYZEd only when it is provably not production.
  const clearance = options.staging
    ? await clearStagingForAnalyze(options.staging, options.production, {
        allowUnverified: !!options.allowUnverifiedStaging,
      })
    : {};
  if (clearance.warning) log(clearance.warning);
  const server = await startEmbedded();
  let stopped = false;
  const stop = async (keep = false) => {
    if (stopped) return;
    stopped = true;
    await server.stop({ keep, keepAfterExit: keep });
  };
  options.onStarted?.(() => stop(false));
  const { default: pg } = await import('pg');
  const clients: Client[] = [];
  const connect = async (url: string) => {
    const c = new pg.Client({ connectionString: url, application_name: 'parity-rehearse' });
    c.on('error', () => undefined);
    await c.connect();
    clients.push(c);
    return c;
  };
  const notes: string[] = clearance.warning ? [clearance.warning] : [];
  try {
    const admin = await connect(server.url);
    await admin.query('CREATE DATABASE rehearse');
    const url = withDatabase(server.url, 'rehearse');
    const main = await connect(url);
    await applySchema(main, scripts, log);
    const tables = await readScratchCatalog(main);
    options.debug?.(`phase schema: ${Date.now() - started} ms`);
    log(
      `schema applied: ${tables.length} tables from ${options.schemaPath ? plural(scripts.length, 'file') : scripts[0]!.file}`,
    );
    const matches = options.fingerprint
      ? await matchLiterals(main, tables, options.stats, queryLiterals(options.queries), options.fingerprint)
      : new Map<string, string>();
    const generation = {
      tables,
      stats: options.stats,
      scale: options.scale,
      matches,
      now: options.now ?? new Date(),
    };
    let plans = planGeneration(generation);
    // Stand-ins must step over the keys whose values are the query's literals: measured, then planned again.
    if (plans.some((p) => p.probes.length))
      plans = planGeneration({ ...generation, places: await measurePlaces(main, plans) });
    notes.push(...(await prepareLoad(main, tables)));
    const domainChecks = await dropDomainChecks(main);
    const workers = Math.max(1, options.workers ?? Math.min(4, availableParallelism()));
    const pool = [main];
    for (let i = 1; i < workers; i++) pool.push(await connect(url));
    const gen = await generate(pool, plans, {
      chunkRows: options.chunkRows ?? 250_000,
      seed: options.seed ?? 0,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    log(`generated ${gen.rows.toLocaleString('en-US')} rows in ${(gen.ms / 1000).toFixed(1)} s`);
    options.debug?.(`phase generation: ${gen.ms} ms`);
    const t1 = Date.now();
    notes.push(
      ...(await restoreSchema(pool, tables, {
        ...(options.debug ? { debug: options.debug } : {}),
        trustedForeignKeys: new Set(
          plans.flatMap((p) => p.trustedForeignKeys.map((n) => constraintKey(p.key, n))),
        ),
        ...maintenanceSettings(pool.length, options.maintenance),
      })),
    );
    notes.push(...(await restoreDomainChecks(main, domainChecks)));
    const indexMs = Date.now() - t1;
    log(`keys, indexes and foreign keys rebuilt in ${(indexMs / 1000).toFixed(1)} s`);
    // Production's planner settings, for ANALYZE (statistics target) and for the plans: on the
    // database itself, so a kept scratch database plans the same in psql, and on the open sessions.
    const settings: string[] = [];
    for (const [name, s] of options.stats.settings) {
      const value = settingValue(name, s);
      if (value === null) continue;
      const ok = await admin
        .query(`ALTER DATABASE rehearse SET ${name} = '${value}'`)
        .then(() => true)
        .catch((error: Error) => {
          notes.push(`production's ${name} = ${value} not applied: ${error.message}`);
          return false;
        });
      if (ok) settings.push(`SET ${name} = '${value}'`);
    }
    for (const c of pool) for (const s of settings) await c.query(s).catch(() => undefined);
    const t2 = Date.now();
    notes.push(...(await pinDistinct(main, tables, options.stats)));
    await finishLoad(pool, tables);
    const analyzeMs = Date.now() - t2;
    options.debug?.(`phase analyze: ${analyzeMs} ms`);
    const queries = await measure(url, settings, options, clearance.production);
    const result: RehearseResult = {
      scale: options.scale,
      tables: plans.map((p) => ({ key: p.key, rows: p.rows, skew: p.skew, notes: p.notes })),
      generation: {
        rows: gen.rows,
        ms: gen.ms,
        rowsPerSecond: Math.round(gen.rows / Math.max(gen.ms / 1000, 0.001)),
        indexMs,
        analyzeMs,
        totalMs: Date.now() - started,
      },
      queries,
      notes,
    };
    if (options.keep) result.keptDataDir = server.dataDir;
    return result;
  } catch (error) {
    // Stopped from outside (Ctrl-C): the queries in flight fail; that is not a bug to report.
    if (stopped) throw new ParityError('rehearsal interrupted; the scratch database was stopped and removed');
    throw error;
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    await stop(options.keep ?? false);
  }
}

/** EXPLAIN ANALYZE on the scratch database; staging measured or estimated; production estimated. */
async function measure(
  url: string,
  settings: string[],
  options: RehearseOptions,
  productionIdentity: DatabaseIdentity | undefined,
): Promise<RehearsedQuery[]> {
  const timeout = options.statementTimeoutMs ?? 600_000;
  const session = await openSession(url, {
    statementTimeoutMs: timeout,
    lockTimeoutMs: 10_000,
    connectTimeoutMs: 10_000,
    writable: true,
  });
  let rehearsal: ExplainResult[];
  try {
    for (const s of settings) await session.query(s).catch(() => undefined);
    // Queries without sample values cannot run: they are planned generically (estimated only).
    const runnable = options.queries.filter((q) => q.params || placeholderCount(q.sql) === 0);
    const generic = options.queries.filter((q) => !runnable.includes(q));
    const best = new Map<string, ExplainResult>();
    for (let run = 0; run < Math.max(1, options.runs ?? 1); run++) {
      for (const r of await explainQueries(session, runnable, { analyze: true, production: false })) {
        const prev = best.get(r.name);
        if (!prev?.summary || (r.summary && (r.summary.executionMs ?? 0) < (prev.summary.executionMs ?? 0)))
          best.set(r.name, r);
      }
    }
    for (const r of await explainQueries(session, generic, { analyze: false, production: false }))
      best.set(r.name, r);
    rehearsal = options.queries.map((q) => best.get(q.name)!);
  } finally {
    await session.close();
  }
  const other = async (
    t: RehearseTarget | undefined,
    analyze: boolean,
  ): Promise<ExplainResult[] | undefined> => {
    if (!t) return undefined;
    let s: Awaited<ReturnType<typeof openSession>>;
    try {
      s = await openSession(t.url, {
        statementTimeoutMs: options.statementTimeoutMs ?? 60_000,
        lockTimeoutMs: 1_000,
        connectTimeoutMs: 10_000,
      });
    } catch (error) {
      const message = `${t.name}: ${(error as Error).message}`;
      return options.queries.map((q) => ({ name: q.name, line: q.line, generic: false, error: message }));
    }
    try {
      if (analyze && !t.production && productionIdentity) await recheckSession(s, t.name, productionIdentity);
      const runnable = (q: NamedQuery) => q.params || placeholderCount(q.sql) === 0;
      const measured =
        analyze && !t.production
          ? await explainQueries(s, options.queries.filter(runnable), { analyze: true, production: false })
          : [];
      const estimated = await explainQueries(
        s,
        options.queries.filter((q) => !measured.some((m) => m.name === q.name)),
        { analyze: false, production: t.production },
      );
      return options.queries.map(
        (q) => measured.find((m) => m.name === q.name) ?? estimated.find((e) => e.name === q.name)!,
      );
    } finally {
      await s.close();
    }
  };
  const staging = await other(options.staging, true);
  const production = await other(options.production, false);
  return rehearsal.map((r, i) => {
    const out: RehearsedQuery = { name: r.name, rehearsal: r, flip: false };
    const st = staging?.[i];
    if (st) {
      out.staging = { ...st, measured: st.summary?.executionMs !== undefined };
      out.flip = !!(r.summary && st.summary && r.summary.shape !== st.summary.shape);
    }
    if (production?.[i]) out.production = production[i];
    return out;
  });
}
