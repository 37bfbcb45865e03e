import { type Fact, isSecret, type Origin, type SecretValue } from '../../model/fact.js';
import { makeFact } from '../../model/make-fact.js';
import type { Catalog, SettingRow, TableRow } from '../../postgres/catalog.js';
import { durationUnitOf, toMs } from '../../units/duration.js';
import { protectValue } from '../secrets.js';
import type { Fingerprinter } from '../types.js';
import { extractShape, tableKey } from './extract-shape.js';

export interface ExtractInput {
  source: string;
  /** `host:port/database`, never with credentials. */
  display: string;
  fingerprint: Fingerprinter;
}

/** Catalog rows in, facts out: server, settings, extensions, schema, volume, shape, role. Pure. */
export function extractCatalog(catalog: Catalog, input: ExtractInput): Fact[] {
  const origin = (query: string): Origin => ({ source: input.source, file: input.display, query });
  const facts: Fact[] = [];
  if (catalog.serverVersion) {
    facts.push(
      makeFact({
        dimension: 'data',
        path: ['server', 'version'],
        value: catalog.serverVersion,
        compare: 'version',
        origin: origin('SHOW server_version'),
      }),
    );
  }
  for (const s of catalog.settings) {
    const { value, unit } = settingValue(s);
    facts.push(
      makeFact({ dimension: 'data', path: ['setting', s.name], value, unit, origin: origin('pg_settings') }),
    );
  }
  for (const e of catalog.extensions) {
    facts.push(
      makeFact({
        dimension: 'data',
        path: ['extension', e.name, 'version'],
        value: e.version,
        compare: 'version',
        origin: origin('pg_extension'),
      }),
    );
  }
  facts.push(...extractTables(catalog, input, origin));
  facts.push(...extractShape(catalog, input, origin));
  return facts;
}

const MEMORY_UNITS: Record<string, number> = { B: 1, kB: 1024, '8kB': 8192, MB: 1024 ** 2, GB: 1024 ** 3 };

/** Memory settings in bytes, time settings in milliseconds, the rest as PostgreSQL shows them. */
export function settingValue(s: SettingRow): { value: string | number | boolean; unit?: string } {
  if (s.vartype === 'bool') return { value: s.setting === 'on' };
  if (s.vartype === 'integer' || s.vartype === 'real') {
    const n = Number(s.setting);
    if (!Number.isFinite(n)) return { value: s.setting };
    if (s.unit && MEMORY_UNITS[s.unit] !== undefined)
      return { value: n * MEMORY_UNITS[s.unit]!, unit: 'bytes' };
    const time = s.unit ? durationUnitOf(s.unit) : undefined;
    if (time) return { value: toMs(n, time), unit: 'ms' };
    return { value: n };
  }
  return { value: s.setting };
}

function rowsOf(t: TableRow): number {
  // reltuples is -1 before the first VACUUM/ANALYZE (PostgreSQL 14+): fall back to the live count.
  if (t.reltuples >= 0) return Math.round(t.reltuples);
  return Number(t.n_live_tup ?? 0);
}

function extractTables(catalog: Catalog, input: ExtractInput, origin: (q: string) => Origin): Fact[] {
  const facts: Fact[] = [];
  const byOid = new Map(catalog.tables.map((t) => [t.oid, t]));
  const children = new Map<string, TableRow[]>();
  for (const t of catalog.tables) {
    if (!t.is_partition || !t.parent) continue;
    const list = children.get(t.parent) ?? [];
    list.push(t);
    children.set(t.parent, list);
  }
  const tableFacts = new Map<string, string>();
  for (const t of catalog.tables) {
    // Partitions are described by their parent: names of monthly partitions differ by design.
    if (t.is_partition && t.parent && catalog.tables.some((p) => `${p.schema}.${p.name}` === t.parent))
      continue;
    const key = tableKey(t.schema, t.name);
    tableFacts.set(t.oid, key);
    const parts = collectLeaves(t, children);
    const o = origin('pg_class');
    const push = (
      path: string[],
      value: Fact['value'],
      extra: Partial<Parameters<typeof makeFact>[0]> = {},
    ) =>
      facts.push(
        makeFact({
          dimension: 'data',
          path: ['table', key, ...path],
          value,
          origin: o,
          subject: key,
          ...extra,
        }),
      );
    push(['kind'], t.relkind === 'p' ? 'partitioned table' : 'table');
    push(
      ['rows'],
      parts.reduce((n, p) => n + rowsOf(p), 0),
      { compare: 'scaled', scale: 'data', unit: 'rows' },
    );
    push(
      ['table-bytes'],
      parts.reduce((n, p) => n + Number(p.table_bytes), 0),
      { compare: 'scaled', scale: 'data', unit: 'bytes' },
    );
    push(
      ['index-bytes'],
      parts.reduce((n, p) => n + Number(p.index_bytes), 0),
      { compare: 'scaled', scale: 'data', unit: 'bytes' },
    );
    if (t.relkind === 'p') {
      push(['partition-key'], t.partition_key ?? null);
      push(['partitions'], parts.length, { compare: 'presence', unit: 'partitions' });
    }
    const analyzed = latest(t.last_analyze, t.last_autoanalyze);
    const o2 = origin('pg_stat_all_tables');
    push(['last-analyze'], analyzed, { compare: 'presence', origin: o2 });
    const rows = rowsOf(t);
    const modified =
      analyzed === null ? null : Number((Number(t.n_mod_since_analyze ?? 0) / Math.max(rows, 1)).toFixed(4));
    push(['modified-since-analyze'], modified, { compare: 'presence', unit: 'ratio', origin: o2 });
  }
  for (const c of catalog.columns) {
    const key = tableFacts.get(c.oid);
    if (!key) continue;
    const o = origin('pg_attribute');
    const push = (attr: string, value: Fact['value']) =>
      facts.push(
        makeFact({
          dimension: 'data',
          path: ['table', key, 'column', c.name, attr],
          value,
          origin: o,
          subject: `${key}.${c.name}`,
        }),
      );
    push('type', c.type);
    push('nullable', !c.not_null);
    push('default', columnDefault(c.name, c.default_expr, c.identity, c.generated, input));
  }
  for (const i of catalog.indexes) {
    const key = tableFacts.get(i.oid);
    const table = byOid.get(i.oid);
    if (!key || !table) continue;
    const def = normaliseIndexDef(i.definition) + (i.valid ? '' : ' (INVALID)');
    facts.push(
      makeFact({
        dimension: 'data',
        path: ['table', key, 'index', i.name, 'definition'],
        value: def,
        origin: origin('pg_index'),
        subject: `${key}.${i.name}`,
      }),
    );
  }
  for (const c of catalog.constraints) {
    const key = tableFacts.get(c.oid);
    if (!key) continue;
    facts.push(
      makeFact({
        dimension: 'data',
        path: ['table', key, 'constraint', c.name, 'definition'],
        value: c.definition,
        origin: origin('pg_constraint'),
        subject: `${key}.${c.name}`,
      }),
    );
  }
  return facts;
}

function collectLeaves(t: TableRow, children: Map<string, TableRow[]>): TableRow[] {
  if (t.relkind !== 'p') return [t];
  const out: TableRow[] = [];
  for (const child of children.get(`${t.schema}.${t.name}`) ?? [])
    out.push(...collectLeaves(child, children));
  return out;
}

function latest(a: Date | string | null, b: Date | string | null): string | null {
  const times = [a, b].filter((x): x is Date | string => x !== null).map((x) => new Date(x).getTime());
  if (times.length === 0) return null;
  return new Date(Math.max(...times)).toISOString();
}

function columnDefault(
  name: string,
  expr: string | null,
  identity: string,
  generated: string,
  input: ExtractInput,
) {
  if (identity === 'a') return 'identity always';
  if (identity === 'd') return 'identity by default';
  if (expr === null) return null;
  if (generated === 's' || generated === 'v') return `generated: ${expr}`;
  // Defaults can embed literals (a token, a URL with a password): the literal inside the cast passes the secrets gate.
  const literal = /^'((?:[^']|'')*)'::(.+)$/s.exec(expr);
  if (!literal) return protectValue(name, expr, input.fingerprint);
  const inner = (literal[1] ?? '').replace(/''/g, "'");
  const protectedValue = protectValue(name, inner, input.fingerprint);
  if (!isSecret(protectedValue)) return expr;
  const out: SecretValue = { secret: true, fingerprint: protectedValue.fingerprint };
  if (protectedValue.redacted) out.redacted = `'${protectedValue.redacted}'::${literal[2]}`;
  return out;
}

/** `CREATE UNIQUE INDEX x ON public.t USING btree (a) WHERE ...` -> `UNIQUE btree (a) WHERE ...`. */
export function normaliseIndexDef(definition: string): string {
  const m = /^CREATE (UNIQUE )?INDEX .+? ON (?:ONLY )?\S+ USING (.*)$/s.exec(definition);
  if (!m) return definition;
  return `${m[1] ? 'UNIQUE ' : ''}${m[2]}`;
}
