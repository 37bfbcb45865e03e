import type { Skip } from '../model/snapshot.js';
import {
  COLUMNS_SQL,
  CONSTRAINTS_SQL,
  EXTENSIONS_SQL,
  GOLANG_MIGRATE_SQL,
  INDEXES_SQL,
  MCV_SQL,
  MIGRATION_TABLES_SQL,
  MIGRATION_TOOLS,
  PLANNER_SETTINGS,
  RANGES_SQL,
  ROLE_SQL,
  SCHEMAS_SQL,
  SETTINGS_SQL,
  STATS_SQL,
  TABLES_SQL,
} from './catalog-sql.js';
import { classify, explainPgError, type Session } from './session.js';

export interface SettingRow {
  name: string;
  setting: string;
  unit: string | null;
  vartype: string;
}
export interface TableRow {
  oid: string;
  schema: string;
  name: string;
  relkind: string;
  is_partition: boolean;
  parent: string | null;
  reltuples: number;
  relpages: string;
  table_bytes: string;
  index_bytes: string;
  partition_key: string | null;
  can_select: boolean;
  last_analyze: Date | string | null;
  last_autoanalyze: Date | string | null;
  n_mod_since_analyze: string | null;
  n_live_tup: string | null;
}
export interface ColumnRow {
  oid: string;
  name: string;
  type: string;
  not_null: boolean;
  default_expr: string | null;
  identity: string;
  generated: string;
}
export interface IndexRow {
  oid: string;
  name: string;
  definition: string;
  valid: boolean;
  is_primary: boolean;
}
export interface ConstraintRow {
  oid: string;
  name: string;
  type: string;
  definition: string;
}
export interface StatsRow {
  schema: string;
  table: string;
  column: string;
  null_frac: number;
  n_distinct: number;
  avg_width: number;
  correlation: number | null;
  top_freq: number | null;
}
export interface McvRow {
  schema: string;
  table: string;
  column: string;
  vals: (string | null)[];
  freqs: number[];
}
export interface RangeRow {
  schema: string;
  table: string;
  column: string;
  lo: string | null;
  hi: string | null;
}
export interface RoleRow {
  name: string;
  superuser: boolean;
  createdb: boolean;
  createrole: boolean;
  bypassrls: boolean;
  replication: boolean;
  create_on_database: boolean;
  create_on_schemas: string[];
  owned_tables: number;
  table_privileges: string[];
}
export interface MigrationRead {
  tool: string;
  table: string;
  ids: string[];
  dirty?: boolean;
}
export interface SampleRow {
  table: string;
  column: string;
  max_length: number | null;
  non_ascii: number | null;
  empty: number | null;
}

/** Everything read from one database, as plain rows: extract.ts turns it into facts. */
export interface Catalog {
  serverVersion: string;
  serverVersionNum: number;
  schemas: string[];
  settings: SettingRow[];
  extensions: { name: string; version: string }[];
  tables: TableRow[];
  columns: ColumnRow[];
  indexes: IndexRow[];
  constraints: ConstraintRow[];
  stats: StatsRow[];
  mcv: McvRow[];
  /** Opt-in (`ranges`): smallest and largest sampled value (histogram bounds, most-common values) of number, date and time columns. */
  ranges?: RangeRow[];
  role: RoleRow | null;
  migrations: MigrationRead[];
  samples: SampleRow[];
}

export interface ReadOptions {
  source: string;
  schemas?: string[];
  mostCommonValues: boolean;
  ranges?: boolean;
  sample: boolean;
  sampleRows: number;
  /** Read the migration tools' tables (their rows: ids, names, authors); default true. */
  migrations?: boolean;
}

/** Thrown when the connection is gone: the rest of the collection cannot proceed. */
export class ConnectionLost extends Error {}

/**
 * Reads the catalog section by section. A failing section becomes a skip naming it; a lost
 * connection stops the reading and keeps what was read.
 */
export async function readCatalog(
  session: Session,
  options: ReadOptions,
): Promise<{ catalog: Catalog; skips: Skip[] }> {
  const skips: Skip[] = [];
  const catalog: Catalog = {
    serverVersion: '',
    serverVersionNum: session.serverVersionNum,
    schemas: [],
    settings: [],
    extensions: [],
    tables: [],
    columns: [],
    indexes: [],
    constraints: [],
    stats: [],
    mcv: [],
    role: null,
    migrations: [],
    samples: [],
  };
  async function section<T>(what: string, run: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const kind = classify(error);
      skips.push({
        source: options.source,
        file: session.display,
        reason: `${what}: ${explainPgError(error, session.display)}`,
        // A section not read: what it would have listed (tables, columns, ...) is unknown, not absent.
        unread: true,
      });
      if (kind === 'lost') throw new ConnectionLost(what);
      return fallback;
    }
  }
  try {
    catalog.serverVersion = await section(
      'server version',
      async () =>
        (await session.query<{ v: string }>("SELECT current_setting('server_version') AS v"))[0]?.v.split(
          ' ',
        )[0] ?? '',
      '',
    );
    const allSchemas = (await section('schemas', () => session.query<{ name: string }>(SCHEMAS_SQL), [])).map(
      (r) => r.name,
    );
    catalog.schemas = options.schemas ? allSchemas.filter((s) => options.schemas?.includes(s)) : allSchemas;
    for (const wanted of options.schemas ?? []) {
      if (!allSchemas.includes(wanted))
        skips.push({
          source: options.source,
          file: session.display,
          reason: `schema ${wanted} not found (or not visible to this role)`,
        });
    }
    const schemas = catalog.schemas;
    catalog.settings = await section(
      'planner settings',
      () => session.query<SettingRow>(SETTINGS_SQL, [PLANNER_SETTINGS]),
      [],
    );
    catalog.extensions = await section('extensions', () => session.query(EXTENSIONS_SQL), []);
    catalog.tables = await section('tables', () => session.query<TableRow>(TABLES_SQL, [schemas]), []);
    const oids = catalog.tables.map((t) => t.oid);
    catalog.columns = await section('columns', () => session.query<ColumnRow>(COLUMNS_SQL, [oids]), []);
    catalog.indexes = await section('indexes', () => session.query<IndexRow>(INDEXES_SQL, [oids]), []);
    catalog.constraints = await section(
      'constraints',
      () => session.query<ConstraintRow>(CONSTRAINTS_SQL, [oids]),
      [],
    );
    catalog.stats = await section(
      'value shape (pg_stats)',
      () => session.query<StatsRow>(STATS_SQL, [schemas]),
      [],
    );
    if (options.mostCommonValues) {
      catalog.mcv = await section(
        'most common values (pg_stats)',
        () => session.query<McvRow>(MCV_SQL, [schemas]),
        [],
      );
    }
    if (options.ranges) {
      catalog.ranges = await section(
        'value ranges (pg_stats histogram bounds)',
        () => session.query<RangeRow>(RANGES_SQL, [schemas]),
        [],
      );
    }
    catalog.role =
      (await section('role privileges', () => session.query<RoleRow>(ROLE_SQL, [schemas]), []))[0] ?? null;
    if (options.migrations !== false) catalog.migrations = await readMigrations(session, schemas, section);
    for (const table of catalog.tables) {
      if (!table.can_select) {
        skips.push({
          source: options.source,
          file: session.display,
          reason: `no SELECT privilege on table ${table.schema}.${table.name}: value shape (pg_stats) not readable; grant SELECT to collect it`,
        });
      }
    }
    if (options.sample) catalog.samples = await readSamples(session, catalog, options, section);
  } catch (error) {
    if (!(error instanceof ConnectionLost)) throw error;
    skips.push({
      source: options.source,
      file: session.display,
      reason: `collection stopped after losing the connection during ${error.message}; facts read before it are kept`,
      unread: true,
    });
  }
  return { catalog, skips };
}

type Section = <T>(what: string, run: () => Promise<T>, fallback: T) => Promise<T>;

async function readMigrations(
  session: Session,
  schemas: string[],
  section: Section,
): Promise<MigrationRead[]> {
  const names = [...new Set(MIGRATION_TOOLS.map((t) => t.table))];
  const found = await section(
    'migration tables',
    () =>
      session.query<{ schema: string; name: string; has_dirty: boolean }>(MIGRATION_TABLES_SQL, [
        names,
        schemas,
      ]),
    [],
  );
  const out: MigrationRead[] = [];
  for (const table of found) {
    const qualified = `${quoteIdent(table.schema)}.${quoteIdent(table.name)}`;
    const label = `${table.schema}.${table.name}`;
    if (table.name === 'schema_migrations' && table.has_dirty) {
      const rows = await section(
        `migration table ${label}`,
        () => session.query<{ id: string; dirty: boolean }>(GOLANG_MIGRATE_SQL(qualified)),
        [],
      );
      out.push({
        tool: 'golang-migrate',
        table: label,
        ids: rows.map((r) => r.id),
        dirty: rows.some((r) => r.dirty),
      });
      continue;
    }
    const tool = MIGRATION_TOOLS.find((t) => t.table === table.name);
    if (!tool) continue;
    const rows = await section(
      `migration table ${label}`,
      () => session.query<{ id: string }>(tool.sql(qualified)),
      null,
    );
    if (rows) out.push({ tool: tool.tool, table: label, ids: rows.map((r) => String(r.id)) });
  }
  return out;
}

const TEXTUAL = /^(text|character varying|varchar|character|char|citext|json|jsonb)/;

/** Bounded TABLESAMPLE per table: aggregates only (lengths, shares); no value leaves the server. */
async function readSamples(
  session: Session,
  catalog: Catalog,
  options: ReadOptions,
  section: Section,
): Promise<SampleRow[]> {
  const out: SampleRow[] = [];
  for (const table of catalog.tables) {
    if (!table.can_select || table.relkind === 'p') continue;
    const cols = catalog.columns.filter((c) => c.oid === table.oid && TEXTUAL.test(c.type));
    if (cols.length === 0) continue;
    const rows = Math.max(table.reltuples, 1);
    const percent = Math.min(100, Math.max(0.0001, (options.sampleRows / rows) * 100 * 2));
    const exprs = cols.flatMap((c, i) => {
      const v = `${quoteIdent(c.name)}::text`;
      return [
        `max(length(${v})) AS l${i}`,
        `avg((${v} ~ '[^\\x01-\\x7F]')::int)::float8 AS a${i}`,
        `avg((${v} = '')::int)::float8 AS e${i}`,
      ];
    });
    const qualified = `${quoteIdent(table.schema)}.${quoteIdent(table.name)}`;
    const sql = `SELECT ${exprs.join(', ')} FROM (SELECT * FROM ${qualified} TABLESAMPLE SYSTEM (${percent.toFixed(4)}) LIMIT ${options.sampleRows}) s`;
    const [row] = await section(
      `sample of ${table.schema}.${table.name}`,
      () => session.query<Record<string, number | null>>(sql),
      [],
    );
    if (!row) continue;
    cols.forEach((c, i) => {
      out.push({
        table: `${table.schema}.${table.name}`,
        column: c.name,
        max_length: row[`l${i}`] ?? null,
        non_ascii: row[`a${i}`] ?? null,
        empty: row[`e${i}`] ?? null,
      });
    });
  }
  return out;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
