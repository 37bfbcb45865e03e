/**
 * The candidate's schema rebuilt as SQL from its system catalogues, read over the read-only
 * session (no pg_dump needed, nothing but catalogue reads and PostgreSQL's own pg_get_*def
 * functions): what `data rehearse` applies to its scratch database when no `--schema` is given.
 * It covers what planning depends on: extensions, schemas, enum/domain/composite types, sequences,
 * SQL and PL/pgSQL functions, tables (columns, defaults, identity, generated columns, partitions),
 * keys, checks, foreign keys, indexes, extended statistics, views and materialized views. Not
 * rebuilt, and said in `notes`: C-language functions, table inheritance other than partitioning,
 * triggers, row-level policies, privileges (none of them change a plan's shape).
 */

import { plural } from '../units/plural.js';
import { quoteIdent } from './catalog.js';
import type { Session } from './session.js';

const USER_NS = `n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
  AND n.nspname NOT LIKE 'pg_temp%' AND n.nspname NOT LIKE 'pg_toast_temp%'`;
const notExtension = (oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.objid = ${oid} AND e.deptype = 'e')`;

export interface SchemaDdl {
  sql: string;
  notes: string[];
  tables: number;
}

export async function readSchemaDdl(session: Session): Promise<SchemaDdl> {
  const q = <R extends Record<string, unknown>>(sql: string, params?: unknown[]) =>
    session.query<R>(sql, params);
  // Every name the pg_get_*def functions print is then schema-qualified, as pg_dump does it.
  await q("SELECT pg_catalog.set_config('search_path', '', true)");
  const out: string[] = ["SELECT pg_catalog.set_config('search_path', '', false);"];
  const notes: string[] = [];
  const v12 = session.serverVersionNum >= 120000;

  for (const r of await q<{ name: string }>(
    `SELECT quote_ident(extname) AS name FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY 1`,
  ))
    out.push(`CREATE EXTENSION IF NOT EXISTS ${r.name};`);
  for (const r of await q<{ name: string }>(
    `SELECT quote_ident(n.nspname) AS name FROM pg_namespace n
     WHERE ${USER_NS} AND n.nspname <> 'public' AND ${notExtension('n.oid')} ORDER BY 1`,
  ))
    out.push(`CREATE SCHEMA IF NOT EXISTS ${r.name};`);
  for (const r of await q<{ name: string; labels: string }>(
    `SELECT format('%I.%I', n.nspname, t.typname) AS name,
            string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) AS labels
     FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
     WHERE ${USER_NS} AND ${notExtension('t.oid')} GROUP BY t.oid, 1 ORDER BY t.oid`,
  ))
    out.push(`CREATE TYPE ${r.name} AS ENUM (${r.labels});`);
  // Composite types and domains may use each other: created in the order they were (oids).
  const typed: { oid: number; sql: string }[] = [];
  for (const r of await q<{ oid: string; name: string; cols: string }>(
    `SELECT t.oid::text AS oid, format('%I.%I', n.nspname, t.typname) AS name,
            string_agg(format('%I %s', a.attname, format_type(a.atttypid, a.atttypmod)), ', ' ORDER BY a.attnum) AS cols
     FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
     JOIN pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     WHERE ${USER_NS} AND ${notExtension('t.oid')} GROUP BY t.oid, 2`,
  ))
    typed.push({ oid: Number(r.oid), sql: `CREATE TYPE ${r.name} AS (${r.cols});` });
  for (const r of await q<{
    oid: string;
    name: string;
    base: string;
    notnull: boolean;
    def: string | null;
    checks: string | null;
  }>(
    `SELECT t.oid::text AS oid, format('%I.%I', n.nspname, t.typname) AS name, format_type(t.typbasetype, t.typtypmod) AS base,
            t.typnotnull AS notnull, t.typdefault AS def,
            (SELECT string_agg(format('CONSTRAINT %I %s', k.conname, pg_get_constraintdef(k.oid)), ' ' ORDER BY k.conname)
             FROM pg_constraint k WHERE k.contypid = t.oid AND k.contype = 'c') AS checks
     FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE t.typtype = 'd' AND ${USER_NS} AND ${notExtension('t.oid')}`,
  ))
    typed.push({
      oid: Number(r.oid),
      sql: `CREATE DOMAIN ${r.name} AS ${r.base}${r.def ? ` DEFAULT ${r.def}` : ''}${r.notnull ? ' NOT NULL' : ''}${r.checks ? ` ${r.checks}` : ''};`,
    });
  out.push(...typed.sort((x, y) => x.oid - y.oid).map((t) => t.sql));
  for (const r of await q<{
    name: string;
    type: string;
    start: string;
    inc: string;
    min: string;
    max: string;
    cycle: boolean;
  }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name, format_type(s.seqtypid, NULL) AS type,
            s.seqstart::text AS start, s.seqincrement::text AS inc, s.seqmin::text AS min, s.seqmax::text AS max, s.seqcycle AS cycle
     FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE ${USER_NS} AND ${notExtension('c.oid')}
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'i')
     ORDER BY c.oid`,
  ))
    out.push(
      `CREATE SEQUENCE ${r.name} AS ${r.type} INCREMENT ${r.inc} MINVALUE ${r.min} MAXVALUE ${r.max} START ${r.start}${r.cycle ? ' CYCLE' : ''};`,
    );
  const functions = await q<{ def: string | null; lang: string; name: string }>(
    `SELECT CASE WHEN l.lanname IN ('c', 'internal') THEN NULL ELSE pg_get_functiondef(p.oid) END AS def,
            l.lanname AS lang, format('%I.%I', n.nspname, p.proname) AS name
     FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
     WHERE p.prokind IN ('f', 'p') AND ${USER_NS} AND ${notExtension('p.oid')} ORDER BY p.oid`,
  );
  if (functions.length) out.push('SET check_function_bodies = false;');
  for (const f of functions) {
    if (f.def) out.push(`${f.def.trimEnd()};`);
    else notes.push(`function ${f.name} (${f.lang}) is not rebuilt: its code is not SQL`);
  }

  const tables = await q<{
    oid: string;
    name: string;
    kind: string;
    unlogged: boolean;
    partkey: string | null;
    parent: string | null;
    parent_oid: string | null;
    bound: string | null;
    inherits: boolean;
  }>(
    `SELECT c.oid::text AS oid, format('%I.%I', n.nspname, c.relname) AS name, c.relkind::text AS kind,
            c.relpersistence = 'u' AS unlogged,
            CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partkey,
            CASE WHEN c.relispartition THEN (SELECT format('%I.%I', pn.nspname, pc.relname)
              FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = pc.relnamespace
              WHERE i.inhrelid = c.oid) END AS parent,
            CASE WHEN c.relispartition THEN (SELECT i.inhparent::text FROM pg_inherits i WHERE i.inhrelid = c.oid) END AS parent_oid,
            CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS bound,
            (NOT c.relispartition AND EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid)) AS inherits
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p') AND ${USER_NS} AND ${notExtension('c.oid')} ORDER BY c.oid`,
  );
  const columns = await q<{
    oid: string;
    name: string;
    type: string;
    notnull: boolean;
    def: string | null;
    identity: string;
    generated: string;
  }>(
    `SELECT a.attrelid::text AS oid, quote_ident(a.attname) AS name, format_type(a.atttypid, a.atttypmod) AS type,
            a.attnotnull AS notnull, pg_get_expr(d.adbin, d.adrelid) AS def, a.attidentity::text AS identity,
            ${v12 ? 'a.attgenerated::text' : "''"} AS generated
     FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attrelid, a.attnum`,
    [tables.map((t) => t.oid)],
  );
  const byTable = new Map<string, typeof columns>();
  for (const c of columns) {
    const list = byTable.get(c.oid);
    if (list) list.push(c);
    else byTable.set(c.oid, [c]);
  }
  // Parents before their partitions, whatever the oids say (a table attached later is older).
  const emitted = new Set<string>();
  const listed = new Set(tables.map((t) => t.oid));
  let pending = tables;
  while (pending.length) {
    const ready = pending.filter(
      (t) => !t.parent_oid || emitted.has(t.parent_oid) || !listed.has(t.parent_oid),
    );
    if (!ready.length) break;
    for (const t of ready) {
      emitted.add(t.oid);
      if (t.inherits)
        notes.push(`${t.name}: table inheritance is not rebuilt; the table is created on its own`);
      if (t.parent && t.bound) {
        out.push(
          `CREATE TABLE ${t.name} PARTITION OF ${t.parent} ${t.bound}${t.partkey ? ` PARTITION BY ${t.partkey}` : ''};`,
        );
        continue;
      }
      const cols = (byTable.get(t.oid) ?? []).map((c) => {
        let col = `${c.name} ${c.type}`;
        if (c.identity) col += ` GENERATED ${c.identity === 'a' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`;
        else if (c.generated === 's') col += ` GENERATED ALWAYS AS (${c.def}) STORED`;
        else if (c.generated === 'v') col += ` GENERATED ALWAYS AS (${c.def}) VIRTUAL`;
        else if (c.def) col += ` DEFAULT ${c.def}`;
        if (c.notnull) col += ' NOT NULL';
        return col;
      });
      out.push(
        `CREATE ${t.unlogged ? 'UNLOGGED ' : ''}TABLE ${t.name} (${cols.join(', ')})${t.partkey ? ` PARTITION BY ${t.partkey}` : ''};`,
      );
    }
    pending = pending.filter((t) => !emitted.has(t.oid));
  }
  for (const r of await q<{ seq: string; col: string }>(
    `SELECT format('%I.%I', sn.nspname, s.relname) AS seq, format('%I.%I.%I', tn.nspname, t.relname, a.attname) AS col
     FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' JOIN pg_namespace sn ON sn.oid = s.relnamespace
     JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace
     JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
     WHERE d.deptype = 'a' AND d.classid = 'pg_class'::regclass AND t.oid = ANY($1::oid[])`,
    [tables.map((t) => t.oid)],
  ))
    out.push(`ALTER SEQUENCE ${r.seq} OWNED BY ${r.col};`);
  for (const r of await q<{ tbl: string; name: string; def: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS tbl, k.conname AS name, pg_get_constraintdef(k.oid) AS def
     FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE k.contype IN ('p', 'u', 'c', 'x', 'f') AND k.conislocal AND k.conparentid = 0
       AND c.oid = ANY($1::oid[])
     ORDER BY k.contype = 'f', c.oid, k.conname`,
    [tables.map((t) => t.oid)],
  ))
    out.push(`ALTER TABLE ${r.tbl} ADD CONSTRAINT ${quoteIdent(r.name)} ${r.def};`);
  // A partitioned table's index prints as `ON ONLY`: without ONLY it is built on every partition too.
  for (const r of await q<{ def: string }>(
    `SELECT pg_get_indexdef(i.indexrelid) AS def
     FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
     WHERE i.indrelid = ANY($1::oid[]) AND NOT ic.relispartition
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid AND k.contype IN ('p', 'u', 'x'))
     ORDER BY i.indexrelid`,
    [tables.map((t) => t.oid)],
  ))
    out.push(`${r.def.replace(/ ON ONLY /, ' ON ')};`);
  for (const r of await q<{ def: string }>(
    `SELECT pg_get_statisticsobjdef(s.oid) AS def FROM pg_statistic_ext s
     WHERE s.stxrelid = ANY($1::oid[]) ORDER BY s.oid`,
    [tables.map((t) => t.oid)],
  ))
    out.push(`${r.def};`);
  for (const r of await q<{ name: string; kind: string; def: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name, c.relkind::text AS kind, pg_get_viewdef(c.oid) AS def
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('v', 'm') AND ${USER_NS} AND ${notExtension('c.oid')} ORDER BY c.oid`,
  ))
    out.push(
      r.kind === 'm'
        ? `CREATE MATERIALIZED VIEW ${r.name} AS ${r.def.trim().replace(/;$/, '')} WITH NO DATA;`
        : `CREATE VIEW ${r.name} AS ${r.def.trim().replace(/;$/, '')};`,
    );
  const [extra] = await q<{ triggers: string; policies: string }>(
    `SELECT (SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgrelid = ANY($1::oid[]))::text AS triggers,
            (SELECT count(*) FROM pg_policy WHERE polrelid = ANY($1::oid[]))::text AS policies`,
    [tables.map((t) => t.oid)],
  );
  if (extra && Number(extra.triggers))
    notes.push(`${plural(Number(extra.triggers), 'trigger')} not rebuilt (they do not change a plan)`);
  if (extra && Number(extra.policies))
    notes.push(
      `${plural(Number(extra.policies), 'row-level policy', 'row-level policies')} not rebuilt: plans are made as the scratch superuser`,
    );
  return { sql: `${out.join('\n')}\n`, notes, tables: tables.length };
}
