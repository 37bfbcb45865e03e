import type { Client } from 'pg';
import { quoteIdent } from '../../postgres/catalog.js';

/** A column of the candidate schema, with what generation needs to know about its type. */
export interface ScratchColumn {
  name: string;
  attnum: number;
  /** format_type(): `character varying(20)`, `numeric(10,2)`, `order_status`. */
  type: string;
  notNull: boolean;
  hasDefault: boolean;
  /** 'a' (GENERATED ALWAYS AS IDENTITY), 'd' (BY DEFAULT), '' */
  identity: string;
  /** 's' or 'v' for generated columns, which are never inserted. */
  generated: string;
  /** The base type (domains resolved): its name and pg_type.typcategory. */
  baseType: string;
  category: string;
  /** Enum labels, in order, when the base type is an enum. */
  labels: string[] | null;
  /** Element type of an array. */
  elemType: string | null;
  elemCategory: string | null;
}

export interface ScratchConstraint {
  name: string;
  /** p primary key, u unique, f foreign key, c check, x exclusion */
  type: 'p' | 'u' | 'f' | 'c' | 'x';
  definition: string;
  columns: number[];
  /** Foreign keys: the referenced table (oid) and columns. */
  refOid: string | null;
  refColumns: number[];
  /** Keys, unique and exclusion constraints: their index's definition (pg_get_indexdef). */
  index?: string;
  deferrable?: boolean;
}

export interface ScratchTable {
  oid: string;
  schema: string;
  name: string;
  /** `orders` in public, `billing.invoices` elsewhere: the key production's facts use. */
  key: string;
  qualified: string;
  partitioned: boolean;
  isPartition: boolean;
  columns: ScratchColumn[];
  constraints: ScratchConstraint[];
  /** Stand-alone indexes (not behind a constraint, not a partition's copy): their definitions. */
  indexes: { name: string; qualified: string; definition: string }[];
  /** Column sets of every unique index (constraints included): generation keeps them unique. */
  uniqueKeys: number[][];
  /** Sequences owned by a column: set past the generated values so inserts keep working. */
  sequences: { column: string; qualified: string }[];
  /** Partitioned tables: strategy, key column (single-column keys only) and each partition's bound. */
  partition: { strategy: 'r' | 'l' | 'h'; attnum: number; bounds: string[] } | null;
}

const SYSTEM = `n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg\\_%'`;

const TABLES_SQL = `
SELECT c.oid::int8::text AS oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS relkind,
  c.relispartition AS is_partition
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND ${SYSTEM}
ORDER BY n.nspname, c.relname`;

const COLUMNS_SQL = `
SELECT a.attrelid::int8::text AS oid, a.attname AS name, a.attnum::int AS attnum,
  format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null, a.atthasdef AS has_default,
  a.attidentity::text AS identity, a.attgenerated::text AS generated,
  bt.typname AS base_type, bt.typcategory::text AS category,
  CASE WHEN bt.typtype = 'e' THEN (SELECT array_agg(e.enumlabel::text ORDER BY e.enumsortorder)
    FROM pg_enum e WHERE e.enumtypid = bt.oid) END AS labels,
  et.typname AS elem_type, et.typcategory::text AS elem_category
FROM pg_attribute a
JOIN pg_type t ON t.oid = a.atttypid
JOIN pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
LEFT JOIN pg_type et ON et.oid = bt.typelem AND bt.typcategory = 'A'
WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum`;

// Constraints a partition inherits from its parent are recreated through the parent.
const CONSTRAINTS_SQL = `
SELECT k.conrelid::int8::text AS oid, k.conname AS name, k.contype::text AS type,
  pg_get_constraintdef(k.oid) AS definition, COALESCE(k.conkey::int[], '{}') AS columns,
  NULLIF(k.confrelid, 0)::int8::text AS ref_oid, COALESCE(k.confkey::int[], '{}') AS ref_columns,
  CASE WHEN k.contype IN ('p', 'u', 'x') AND k.conindid <> 0 THEN pg_get_indexdef(k.conindid) END AS index,
  k.condeferrable AS deferrable
FROM pg_constraint k
WHERE k.conrelid = ANY($1::oid[]) AND k.contype IN ('p', 'u', 'f', 'c', 'x')
  AND k.conparentid = 0 AND k.conislocal
ORDER BY k.conname`;

const INDEXES_SQL = `
SELECT i.indrelid::int8::text AS oid, c.relname AS name, n.nspname AS schema,
  pg_get_indexdef(i.indexrelid) AS definition, i.indisunique AS is_unique,
  i.indkey::int[] AS keys, i.indexprs IS NOT NULL AS has_expressions,
  EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid
    AND k.contype IN ('p', 'u', 'x')) AS backs_constraint,
  EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = i.indexrelid) AS is_partition_copy
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE i.indrelid = ANY($1::oid[])
ORDER BY c.relname`;

const SEQUENCES_SQL = `
SELECT d.refobjid::int8::text AS oid, a.attname AS column,
  quote_ident(sn.nspname) || '.' || quote_ident(s.relname) AS qualified
FROM pg_depend d
JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
JOIN pg_namespace sn ON sn.oid = s.relnamespace
JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
WHERE d.refobjid = ANY($1::oid[]) AND d.deptype IN ('a', 'i')`;

const PARTITIONS_SQL = `
SELECT p.partrelid::int8::text AS oid, p.partstrat::text AS strategy, p.partattrs::int[] AS keys,
  COALESCE((SELECT array_agg(pg_get_expr(c.relpartbound, c.oid)) FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = p.partrelid), '{}') AS bounds
FROM pg_partitioned_table p WHERE p.partrelid = ANY($1::oid[])`;

export { quoteIdent };

export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Reads the candidate schema back from the scratch database after it was applied. */
export async function readScratchCatalog(client: Client): Promise<ScratchTable[]> {
  const tables = (await client.query(TABLES_SQL)).rows as {
    oid: string;
    schema: string;
    name: string;
    relkind: string;
    is_partition: boolean;
  }[];
  const oids = tables.map((t) => t.oid);
  // One connection runs one query at a time.
  const columns = await client.query(COLUMNS_SQL, [oids]);
  const constraints = await client.query(CONSTRAINTS_SQL, [oids]);
  const indexes = await client.query(INDEXES_SQL, [oids]);
  const sequences = await client.query(SEQUENCES_SQL, [oids]);
  const partitions = await client.query(PARTITIONS_SQL, [oids]);
  return tables.map((t) => {
    const qualified = `${quoteIdent(t.schema)}.${quoteIdent(t.name)}`;
    const mine = <R extends { oid: string }>(rows: R[]) => rows.filter((r) => r.oid === t.oid);
    return {
      oid: t.oid,
      schema: t.schema,
      name: t.name,
      key: t.schema === 'public' ? t.name : `${t.schema}.${t.name}`,
      qualified,
      partitioned: t.relkind === 'p',
      isPartition: t.is_partition,
      columns: mine(columns.rows).map((c) => ({
        name: c.name,
        attnum: c.attnum,
        type: c.type,
        notNull: c.not_null,
        hasDefault: c.has_default,
        identity: c.identity,
        generated: c.generated,
        baseType: c.base_type,
        category: c.category,
        labels: c.labels,
        elemType: c.elem_type,
        elemCategory: c.elem_category,
      })),
      constraints: mine(constraints.rows).map((k) => ({
        name: k.name,
        type: k.type,
        definition: k.definition,
        columns: k.columns,
        refOid: k.ref_oid,
        refColumns: k.ref_columns,
        ...(k.index ? { index: k.index } : {}),
        deferrable: k.deferrable,
      })),
      indexes: mine(indexes.rows)
        .filter((i) => !i.backs_constraint && !i.is_partition_copy)
        .map((i) => ({
          name: i.name,
          qualified: `${quoteIdent(i.schema)}.${quoteIdent(i.name)}`,
          // `ON ONLY parent` would build an empty shell; the parent's index must reach the partitions.
          definition: String(i.definition).replace(/ ON ONLY /, ' ON '),
        })),
      uniqueKeys: mine(indexes.rows)
        .filter((i) => i.is_unique && !i.is_partition_copy)
        .map((i) => (i.keys as number[]).filter((k) => k > 0)),
      sequences: mine(sequences.rows).map((s) => ({ column: s.column, qualified: s.qualified })),
      partition: partitionOf(mine(partitions.rows)[0]),
    };
  });
}

function partitionOf(
  row: { strategy: string; keys: number[]; bounds: string[] } | undefined,
): ScratchTable['partition'] {
  if (row?.keys.length !== 1 || !row.keys[0]) return null;
  const strategy = row.strategy === 'l' ? 'l' : row.strategy === 'h' ? 'h' : 'r';
  return { strategy, attnum: row.keys[0], bounds: row.bounds };
}

/** A constraint the schema itself declares NOT VALID or NOT ENFORCED: rebuilt as declared, never trusted. */
export function declaredUnchecked(k: { definition: string }): boolean {
  return /\bNOT (VALID|ENFORCED)\b/.test(k.definition);
}
