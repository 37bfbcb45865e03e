// Catalog queries. All read system catalogs and statistics views only: no user rows, no locks
// beyond ACCESS SHARE (pg_table_size opens each relation with it), bounded by statement_timeout.

export const SETTINGS_SQL = `
SELECT name, setting, unit, vartype FROM pg_settings
WHERE name = ANY($1::text[]) OR name LIKE 'enable\\_%'
ORDER BY name`;

/** Settings that change plans or their cost; session-level guards we set ourselves are left out. */
export const PLANNER_SETTINGS = [
  'work_mem',
  'maintenance_work_mem',
  'hash_mem_multiplier',
  'shared_buffers',
  'effective_cache_size',
  'random_page_cost',
  'seq_page_cost',
  'cpu_tuple_cost',
  'cpu_index_tuple_cost',
  'cpu_operator_cost',
  'effective_io_concurrency',
  'default_statistics_target',
  'jit',
  'max_parallel_workers_per_gather',
  'max_parallel_workers',
  'parallel_setup_cost',
  'parallel_tuple_cost',
  'from_collapse_limit',
  'join_collapse_limit',
  'geqo',
  'geqo_threshold',
  'plan_cache_mode',
  'constraint_exclusion',
  'default_transaction_isolation',
  'max_connections',
  'server_encoding',
  'TimeZone',
];

export const EXTENSIONS_SQL = 'SELECT extname AS name, extversion AS version FROM pg_extension ORDER BY 1';

export const SCHEMAS_SQL = `
SELECT nspname AS name FROM pg_namespace
WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
  AND nspname NOT LIKE 'pg\\_temp\\_%' AND nspname NOT LIKE 'pg\\_toast\\_temp\\_%'
ORDER BY 1`;

export const TABLES_SQL = `
SELECT c.oid::int8 AS oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS relkind,
  c.relispartition AS is_partition,
  (SELECT pn.nspname || '.' || p.relname FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent
     JOIN pg_namespace pn ON pn.oid = p.relnamespace WHERE i.inhrelid = c.oid LIMIT 1) AS parent,
  c.reltuples::float8 AS reltuples, c.relpages::int8 AS relpages,
  pg_table_size(c.oid)::int8 AS table_bytes, pg_indexes_size(c.oid)::int8 AS index_bytes,
  CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_key,
  has_table_privilege(c.oid, 'SELECT') AS can_select,
  s.last_analyze, s.last_autoanalyze, s.n_mod_since_analyze::int8 AS n_mod_since_analyze,
  s.n_live_tup::int8 AS n_live_tup
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_stat_all_tables s ON s.relid = c.oid
WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1::text[])
ORDER BY n.nspname, c.relname`;

export const COLUMNS_SQL = `
SELECT a.attrelid::int8 AS oid, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
  a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default_expr,
  a.attidentity::text AS identity, a.attgenerated::text AS generated
FROM pg_attribute a
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum`;

export const INDEXES_SQL = `
SELECT i.indrelid::int8 AS oid, c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition,
  i.indisvalid AS valid, i.indisprimary AS is_primary
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
WHERE i.indrelid = ANY($1::oid[])
ORDER BY c.relname`;

// contype 'n' (NOT NULL constraints, PostgreSQL 18) is already covered by column nullability.
export const CONSTRAINTS_SQL = `
SELECT conrelid::int8 AS oid, conname AS name, contype::text AS type, pg_get_constraintdef(oid) AS definition
FROM pg_constraint
WHERE conrelid = ANY($1::oid[]) AND contype <> 'n'
ORDER BY conname`;

/** pg_stats shows only tables the role may SELECT; parents of partitions carry inherited stats. */
export const STATS_SQL = `
SELECT DISTINCT ON (schemaname, tablename, attname)
  schemaname AS schema, tablename AS table, attname AS column, null_frac::float8 AS null_frac,
  n_distinct::float8 AS n_distinct, avg_width::int AS avg_width, correlation::float8 AS correlation,
  most_common_freqs[1]::float8 AS top_freq
FROM pg_stats
WHERE schemaname = ANY($1::text[])
ORDER BY schemaname, tablename, attname, inherited DESC`;

/** Most-common values: real data, read only on opt-in and fingerprinted at once by the caller. */
export const MCV_SQL = `
SELECT DISTINCT ON (schemaname, tablename, attname)
  schemaname AS schema, tablename AS table, attname AS column,
  array_to_json(most_common_vals::text::text[]) AS vals, array_to_json(most_common_freqs) AS freqs
FROM pg_stats
WHERE schemaname = ANY($1::text[]) AND most_common_vals IS NOT NULL
ORDER BY schemaname, tablename, attname, inherited DESC`;

/**
 * Smallest and largest sampled value of number, date and time columns (the histogram's first and
 * last bound, widened by the most-common values, which the histogram leaves out): real data, read
 * on opt-in only (`ranges`), so a rehearsal places synthetic values where production's are. Never
 * text columns.
 */
export const RANGES_SQL = `
WITH v AS (
  SELECT s.schemaname, s.tablename, s.attname, s.inherited, t.typname,
    s.histogram_bounds::text::text[] AS hb, s.most_common_vals::text::text[] AS mcv,
    t.typname IN ('int2', 'int4', 'int8', 'numeric', 'float4', 'float8', 'oid') AS num,
    t.typname IN ('date', 'timestamp', 'timestamptz') AS tim
  FROM pg_stats s
  JOIN pg_namespace n ON n.nspname = s.schemaname
  JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = s.tablename
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = s.attname
  JOIN pg_type t ON t.oid = a.atttypid
  WHERE s.schemaname = ANY($1::text[]) AND t.typcategory IN ('N', 'D')
    AND (s.histogram_bounds IS NOT NULL
      OR (s.most_common_vals IS NOT NULL AND t.typname IN ('int2', 'int4', 'int8', 'numeric', 'float4',
        'float8', 'oid', 'date', 'timestamp', 'timestamptz')))
)
SELECT DISTINCT ON (schemaname, tablename, attname)
  schemaname AS schema, tablename AS table, attname AS column,
  CASE WHEN num OR tim THEN (SELECT x FROM unnest(COALESCE(hb, '{}') || COALESCE(mcv, '{}')) x
    ORDER BY CASE WHEN num THEN x::float8 END, CASE WHEN tim THEN x::timestamptz END LIMIT 1)
    ELSE hb[1] END AS lo,
  CASE WHEN num OR tim THEN (SELECT x FROM unnest(COALESCE(hb, '{}') || COALESCE(mcv, '{}')) x
    ORDER BY CASE WHEN num THEN x::float8 END DESC, CASE WHEN tim THEN x::timestamptz END DESC LIMIT 1)
    ELSE hb[cardinality(hb)] END AS hi
FROM v
ORDER BY schemaname, tablename, attname, inherited DESC`;

export const ROLE_SQL = `
SELECT r.rolname AS name, r.rolsuper AS superuser, r.rolcreatedb AS createdb, r.rolcreaterole AS createrole,
  r.rolbypassrls AS bypassrls, r.rolreplication AS replication,
  has_database_privilege(current_database(), 'CREATE') AS create_on_database,
  COALESCE((SELECT array_agg(n.nspname::text ORDER BY n.nspname) FROM pg_namespace n
     WHERE n.nspname = ANY($1::text[]) AND has_schema_privilege(n.oid, 'CREATE')), '{}') AS create_on_schemas,
  (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1::text[]) AND pg_has_role(c.relowner, 'USAGE'))::int AS owned_tables,
  COALESCE((SELECT array_agg(DISTINCT p ORDER BY p) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace,
     unnest(ARRAY['SELECT','INSERT','UPDATE','DELETE','TRUNCATE','REFERENCES','TRIGGER']) p
     WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1::text[]) AND has_table_privilege(c.oid, p)), '{}') AS table_privileges
FROM pg_roles r WHERE r.rolname = current_user`;

/** Migration tables of common tools: (tool, table, query returning `id` ordered oldest first). */
export const MIGRATION_TOOLS: readonly { tool: string; table: string; sql: (t: string) => string }[] = [
  {
    tool: 'prisma',
    table: '_prisma_migrations',
    sql: (t) =>
      `SELECT migration_name AS id FROM ${t} WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY finished_at, migration_name`,
  },
  { tool: 'knex', table: 'knex_migrations', sql: (t) => `SELECT name AS id FROM ${t} ORDER BY id` },
  {
    tool: 'flyway',
    table: 'flyway_schema_history',
    sql: (t) => `SELECT COALESCE(version, description) AS id FROM ${t} WHERE success ORDER BY installed_rank`,
  },
  {
    tool: 'liquibase',
    table: 'databasechangelog',
    sql: (t) => `SELECT id || '::' || author AS id FROM ${t} ORDER BY orderexecuted`,
  },
  { tool: 'alembic', table: 'alembic_version', sql: (t) => `SELECT version_num AS id FROM ${t} ORDER BY 1` },
  {
    tool: 'django',
    table: 'django_migrations',
    sql: (t) => `SELECT app || '.' || name AS id FROM ${t} ORDER BY applied, id`,
  },
  // Rails and golang-migrate share the table name; golang-migrate's has a `dirty` column.
  {
    tool: 'rails',
    table: 'schema_migrations',
    sql: (t) => `SELECT version::text AS id FROM ${t} ORDER BY 1`,
  },
];

export const GOLANG_MIGRATE_SQL = (t: string) => `SELECT version::text AS id, dirty FROM ${t}`;

export const MIGRATION_TABLES_SQL = `
SELECT n.nspname AS schema, c.relname AS name,
  EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'dirty' AND NOT a.attisdropped) AS has_dirty
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v') AND c.relname = ANY($1::text[]) AND n.nspname = ANY($2::text[])
ORDER BY n.nspname, c.relname`;
