import type { Fact, Origin } from '../../model/fact.js';
import { makeFact } from '../../model/make-fact.js';
import type { Catalog } from '../../postgres/catalog.js';
import type { ExtractInput } from './extract.js';

/** The key segment of a table: `orders` in the public schema, `billing.invoices` elsewhere. */
export function tableKey(schema: string, name: string): string {
  return schema === 'public' ? name : `${schema}.${name}`;
}

/** The most common values kept per column: enough for skew, few enough for a small snapshot. */
const MCV_KEPT = 20;
const round = (n: number, digits = 4) => Number(n.toFixed(digits));

/** Value shape (pg_stats, samples), fingerprinted most-common values, migrations and role facts. */
export function extractShape(catalog: Catalog, input: ExtractInput, origin: (q: string) => Origin): Fact[] {
  const facts: Fact[] = [];
  const column = (
    schema: string,
    table: string,
    col: string,
    attr: string,
    value: Fact['value'],
    o: Origin,
    unit?: string,
  ) =>
    facts.push(
      makeFact({
        dimension: 'data',
        path: ['table', tableKey(schema, table), 'column', col, attr],
        value,
        unit,
        origin: o,
        subject: `${tableKey(schema, table)}.${col}`,
      }),
    );
  for (const s of catalog.stats) {
    const o = origin('pg_stats');
    column(s.schema, s.table, s.column, 'null-frac', round(s.null_frac), o, 'ratio');
    // PostgreSQL's own convention: positive n_distinct is a fixed set, negative a share of the rows.
    if (s.n_distinct >= 0)
      column(s.schema, s.table, s.column, 'distinct-values', Math.round(s.n_distinct), o);
    else column(s.schema, s.table, s.column, 'distinct-share', round(-s.n_distinct), o, 'ratio');
    column(s.schema, s.table, s.column, 'avg-width', s.avg_width, o, 'bytes');
    if (s.correlation !== null)
      column(s.schema, s.table, s.column, 'correlation', round(s.correlation, 3), o);
    if (s.top_freq !== null)
      column(s.schema, s.table, s.column, 'top-frequency', round(s.top_freq), o, 'ratio');
  }
  for (const m of catalog.mcv) {
    // Real values never leave: each becomes a keyed fingerprint with its frequency.
    const entries = m.vals
      .slice(0, MCV_KEPT)
      .map((v, i) => `${input.fingerprint(v ?? '\u0000null')}=${round(m.freqs[i] ?? 0)}`);
    column(m.schema, m.table, m.column, 'mcv', entries, origin('pg_stats'));
  }
  for (const r of catalog.ranges ?? []) {
    // Opt-in only (real values): where production's numbers and times lie, for `data rehearse`.
    if (r.lo === null || r.hi === null) continue;
    column(r.schema, r.table, r.column, 'range', [r.lo, r.hi], origin('pg_stats'));
  }
  for (const s of catalog.samples) {
    const [schema = 'public', table = ''] = s.table.split(/\.(.*)/s);
    const o = origin('TABLESAMPLE');
    if (s.max_length !== null) column(schema, table, s.column, 'max-length', s.max_length, o, 'chars');
    if (s.non_ascii !== null)
      column(schema, table, s.column, 'non-ascii-share', round(s.non_ascii), o, 'ratio');
    if (s.empty !== null) column(schema, table, s.column, 'empty-share', round(s.empty), o, 'ratio');
  }
  for (const m of catalog.migrations) {
    const o = origin(m.table);
    facts.push(
      makeFact({
        dimension: 'data',
        path: ['migrations', m.tool, 'applied'],
        value: m.ids,
        compare: 'set',
        origin: o,
      }),
      makeFact({
        dimension: 'data',
        path: ['migrations', m.tool, 'latest'],
        value: m.ids[m.ids.length - 1] ?? null,
        origin: o,
      }),
    );
    if (m.dirty !== undefined) {
      facts.push(
        makeFact({ dimension: 'data', path: ['migrations', m.tool, 'dirty'], value: m.dirty, origin: o }),
      );
    }
  }
  if (catalog.role) {
    const r = catalog.role;
    const o = origin('pg_roles');
    const push = (attr: string, value: Fact['value'], compare: Fact['compare'] = 'exact') =>
      facts.push(
        makeFact({
          dimension: 'access',
          path: ['db-role', attr],
          value,
          compare,
          origin: o,
          subject: 'db-role',
        }),
      );
    push('superuser', r.superuser);
    push('createdb', r.createdb);
    push('createrole', r.createrole);
    push('bypassrls', r.bypassrls);
    push('replication', r.replication);
    push('create-on-database', r.create_on_database);
    push('create-on-schemas', r.create_on_schemas, 'set');
    push('owns-tables', r.owned_tables > 0);
    push('table-privileges', r.table_privileges, 'set');
  }
  return facts;
}
