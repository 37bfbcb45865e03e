import type { ScratchColumn, ScratchTable } from './catalog.js';
import { declaredUnchecked, quoteIdent, quoteLiteral } from './catalog.js';
import { columnSql, type LiteralPlace, placeSql } from './column.js';
import { distinctOf, shapeOf } from './shape.js';
import type { ColumnStats, McvEntry, ProductionStats } from './stats.js';
import { valueSql } from './values.js';

export interface GenerationInput {
  tables: ScratchTable[];
  stats: ProductionStats;
  /** 1 = production's row counts; 0.01 = a hundredth. */
  scale: number;
  /** Query literals that match a production most-common value: `matchKey(table, column, fingerprint)` -> literal. */
  matches: Map<string, string>;
  now: Date;
  /** Where matched literals fall among each column's keys (`placeKey`), measured from `probes`. */
  places?: Map<string, Map<string, LiteralPlace>>;
}

/** How one table is filled: an INSERT ... SELECT over generate_series($1, $2), run in chunks. */
export interface TablePlan {
  key: string;
  qualified: string;
  rows: number;
  sql: string;
  /** Query literals generated at production's frequency: `status = 'completed' (85%)`. */
  skew: string[];
  notes: string[];
  /**
   * Foreign keys every generated row satisfies by construction (single column, each value drawn
   * from the parent's generated keys, same type, no NULL keys in the parent): added without
   * re-checking the rows, and marked validated so the catalogue is exactly the schema's.
   */
  trustedForeignKeys: string[];
  /** Columns whose literal placement is to be measured on the scratch server before generating. */
  probes: LiteralProbe[];
}

export interface LiteralProbe {
  column: string;
  literals: string[];
  lastKey: number;
  /** $1 = lastKey, $2 = literals; `equalOnly` for types without an order. */
  sql: string;
  equalOnly: string;
}

/** Below this frequency a most-common value joins the uniform rest (fewer CASE branches per row). */
const MCV_MIN_FREQ = 0.005;

export function matchKey(table: string, column: string, fingerprint: string): string {
  return `${table}\u0000${column}\u0000${fingerprint}`;
}

/** Plans every table's generation, parents before children (their keys are drawn from the parents'). Pure. */
export function planGeneration(input: GenerationInput): TablePlan[] {
  const byOid = new Map(input.tables.map((t) => [t.oid, t]));
  const rowsByOid = new Map<string, number>();
  // Value of row g of a table's unique (g-generated) columns, by table oid and attnum.
  const keyed = new Map<string, Map<number, (g: string) => string>>();
  const done = new Map<string, TablePlan>();
  const nullableKeys = new Set<string>();
  return topoOrder(
    input.tables.filter((t) => !t.isPartition),
    byOid,
  ).map((t) => {
    const fromParent = new Set<number>();
    const plan = planTable(t, input, rowsByOid, keyed, nullableKeys, fromParent);
    done.set(t.oid, plan);
    if (plan.sql)
      plan.trustedForeignKeys = trustedForeignKeys(t, fromParent, {
        byOid,
        done,
        rowsByOid,
        keyed,
        nullableKeys,
        matches: input.matches,
      });
    return plan;
  });
}

/**
 * The foreign keys of a planned table whose rows hold by construction: a single column whose every
 * value is the parent's key function at a row the parent generates (or NULL), in the parent's own
 * type, the parent's key never NULL, no query literal among the values, neither table partitioned,
 * and the constraint not declared NOT VALID or NOT ENFORCED. Anything else is validated by the server.
 */
function trustedForeignKeys(
  t: ScratchTable,
  fromParent: Set<number>,
  ctx: {
    byOid: Map<string, ScratchTable>;
    done: Map<string, TablePlan>;
    rowsByOid: Map<string, number>;
    keyed: Map<string, Map<number, (g: string) => string>>;
    nullableKeys: Set<string>;
    matches: Map<string, string>;
  },
): string[] {
  const { byOid, done, rowsByOid, keyed, nullableKeys, matches } = ctx;
  const out: string[] = [];
  if (t.partitioned || t.isPartition) return out;
  for (const k of t.constraints) {
    if (k.type !== 'f' || k.columns.length !== 1 || k.refColumns.length !== 1 || !k.refOid) continue;
    if (declaredUnchecked(k)) continue;
    const parent = byOid.get(k.refOid);
    const parentPlan = done.get(k.refOid);
    if (!parent || parent.partitioned || parent.isPartition || !parentPlan?.sql) continue;
    const attnum = k.columns[0]!;
    const refAttnum = k.refColumns[0]!;
    if (parentPlan.rows <= 0 || rowsByOid.get(k.refOid) !== parentPlan.rows) continue;
    if (!keyed.get(k.refOid)?.has(refAttnum) || nullableKeys.has(`${k.refOid}:${refAttnum}`)) continue;
    const column = t.columns.find((c) => c.attnum === attnum);
    const refColumn = parent.columns.find((c) => c.attnum === refAttnum);
    if (!column || !refColumn || column.type !== refColumn.type) continue;
    if (!fromParent.has(attnum)) continue;
    const prefix = matchKey(t.key, column.name, '');
    if ([...matches.keys()].some((m) => m.startsWith(prefix))) continue;
    out.push(k.name);
  }
  return out;
}

function planTable(
  t: ScratchTable,
  input: GenerationInput,
  rowsByOid: Map<string, number>,
  keyed: Map<string, Map<number, (g: string) => string>>,
  nullableKeys: Set<string>,
  fromParent: Set<number>,
): TablePlan {
  const st = input.stats.tables.get(t.key);
  const rows = st ? Math.max(0, Math.round(st.rows * input.scale)) : 0;
  const plan: TablePlan = {
    key: t.key,
    qualified: t.qualified,
    rows,
    sql: '',
    skew: [],
    notes: [],
    trustedForeignKeys: [],
    probes: [],
  };

  rowsByOid.set(t.oid, rows);
  const mine = new Map<number, (g: string) => string>();
  keyed.set(t.oid, mine);
  if (!st) {
    plan.notes.push(`${t.key}: not in production's statistics (a new table?): left empty`);
    return plan;
  }
  const tableHasStats = [...st.columns.values()].some((c) => c.nullFrac !== undefined);
  if (!tableHasStats && rows > 0)
    plan.notes.push(`${t.key}: no pg_stats in production (not analyzed, or not readable): uniform values`);
  const unique = uniqueColumns(t);
  const fks = new Map<number, { parent: string; attnum: number }>();
  for (const k of t.constraints)
    if (k.type === 'f' && k.columns.length === 1 && k.refOid && k.refColumns.length === 1)
      fks.set(k.columns[0]!, { parent: k.refOid, attnum: k.refColumns[0]! });
  const names: string[] = [];
  const exprs: string[] = [];
  const randoms: string[] = [];
  const derived = (expr: string) => {
    const name = `r${randoms.length + 1}`;
    randoms.push(`${expr} AS ${name}`);
    return name;
  };
  const random = () => derived('random()');
  // Unique columns first: a self-referencing foreign key draws from them.
  const ordered = [...t.columns].sort((a, b) => Number(unique.has(b.attnum)) - Number(unique.has(a.attnum)));
  const out = new Map<string, string>();
  for (const c of ordered) {
    if (c.generated === 's' || c.generated === 'v') continue;
    const cs = st.columns.get(c.name);
    // Keys are always generated: children draw from them and unique indexes must hold.
    if (!cs && tableHasStats && !unique.has(c.attnum) && !fks.has(c.attnum)) {
      // A column production does not have yet: after the migration it holds its default or NULL.
      if (c.hasDefault || c.identity) continue;
      if (!c.notNull) {
        out.set(c.name, 'NULL');
        continue;
      }
      plan.notes.push(`${t.key}.${c.name}: not in production's statistics: uniform values`);
    }
    const fk = fks.get(c.attnum);
    const parentFn = fk ? keyed.get(fk.parent)?.get(fk.attnum) : undefined;
    const parentRows = fk ? (rowsByOid.get(fk.parent) ?? 0) : 0;
    const shape = shapeOf(t, c, cs, rows, unique.has(c.attnum), input.now);
    const value = (k: string): string | null =>
      parentFn ? parentFn(`(1 + ((${k}) % ${Math.max(parentRows, 1)}))`) : valueSql(c, k, shape);
    if (value('0') === null) {
      if (!c.notNull) out.set(c.name, 'NULL');
      else if (!c.hasDefault) {
        plan.notes.push(
          `${t.key}: column ${c.name} of type ${c.type} cannot be generated (NOT NULL, no default): table left empty`,
        );
        plan.rows = 0;
        return plan;
      }
      plan.notes.push(
        `${t.key}.${c.name}: type ${c.type} not generated (${c.notNull ? 'its default' : 'NULL'})`,
      );
      continue;
    }
    if (fk && !parentFn)
      plan.notes.push(
        `${t.key}.${c.name}: references a column not generated as a key: the foreign key may be re-added NOT VALID`,
      );
    const nullFrac = c.notNull ? 0 : (cs?.nullFrac ?? 0);
    // Every value is then a parent's key at one of its rows, or NULL.
    if (parentFn && parentRows > 0) fromParent.add(c.attnum);
    if (unique.has(c.attnum)) {
      const fn = (g: string) => value(g)!;
      mine.set(c.attnum, fn);
      if (nullFrac > 0) nullableKeys.add(`${t.oid}:${c.attnum}`);
      out.set(
        c.name,
        nullFrac > 0 ? `CASE WHEN ${random()} < ${nullFrac} THEN NULL ELSE ${fn('g')} END` : fn('g'),
      );
      continue;
    }
    out.set(
      c.name,
      columnOf(
        t,
        c,
        cs,
        rows,
        nullFrac,
        parentFn ? parentRows : undefined,
        value,
        { random, derived },
        input,
        plan,
      ),
    );
  }
  for (const c of t.columns) {
    const e = out.get(c.name);
    if (e === undefined) continue;
    names.push(quoteIdent(c.name));
    exprs.push(e);
  }
  if (names.length === 0) {
    plan.notes.push(`${t.key}: no column to generate: left empty`);
    plan.rows = 0;
    return plan;
  }
  const overriding = t.columns.some((c) => c.identity === 'a' && out.has(c.name))
    ? ' OVERRIDING SYSTEM VALUE'
    : '';
  plan.sql =
    `INSERT INTO ${t.qualified} (${names.join(', ')})${overriding}\nSELECT ${exprs.join(',\n  ')}\n` +
    // generate_series in the select list streams (ProjectSet); in FROM it would fill a tuplestore first.
    `FROM (SELECT g${randoms.map((r) => `, ${r}`).join('')} FROM (SELECT generate_series($1::int8, $2::int8) AS g) s0) s`;
  return plan;
}

/**
 * A column following production's statistics (column.ts): the query's own literal where its
 * fingerprint matches a most-common value, stand-ins for the others, the rest in value order.
 */
function columnOf(
  t: ScratchTable,
  c: ScratchColumn,
  cs: ColumnStats | undefined,
  rows: number,
  nullFrac: number,
  parentRows: number | undefined,
  value: (k: string) => string | null,
  draws: { random: () => string; derived: (expr: string) => string },
  input: GenerationInput,
  plan: TablePlan,
): string {
  const distinct = distinctOf(cs, rows);
  const mcv = mcvOf(cs, distinct)
    .map((m) => ({ freq: m.freq, literal: input.matches.get(matchKey(t.key, c.name, m.fingerprint)) }))
    .filter((m) => m.freq >= MCV_MIN_FREQ || m.literal !== undefined);
  for (const m of mcv)
    if (m.literal !== undefined && m.freq >= MCV_MIN_FREQ)
      plan.skew.push(`${c.name} = ${quoteLiteral(m.literal)} (${(m.freq * 100).toFixed(1)}%)`);
  let rest = Math.max(1, distinct - mcv.length);
  if (parentRows !== undefined) rest = Math.max(1, Math.min(rest, parentRows - mcv.length));
  const literals = mcv.flatMap((m) => (m.literal === undefined ? [] : [m.literal]));
  const places = input.places?.get(placeKey(t.key, c.name));
  if (literals.length && !places)
    plan.probes.push({
      column: c.name,
      literals,
      // The keys the values use (beyond them a value may wrap around to a smaller one).
      lastKey: Math.min(PROBE_MAX_KEY, mcv.length + rest - 1),
      sql: placeSql(c, (k) => value(k)!, true),
      equalOnly: placeSql(c, (k) => value(k)!, false),
    });
  return columnSql({
    column: c,
    rows,
    nullFrac,
    correlation: cs?.correlation ?? 0,
    mcv,
    rest,
    value: (k) => value(k)!,
    ...(places ? { places } : {}),
    ...draws,
  });
}

/** Literal placement is measured over at most this many keys (one scan on the scratch server). */
const PROBE_MAX_KEY = 5_000_000;

export function placeKey(table: string, column: string): string {
  return `${table}\u0000${column}`;
}

/** The fingerprinted most-common values, or the top frequency alone when only it was kept. */
function mcvOf(cs: ColumnStats | undefined, distinct: number): McvEntry[] {
  if (cs?.mcv?.length) return [...cs.mcv].sort((a, b) => b.freq - a.freq);
  if (cs?.topFrequency !== undefined && cs.topFrequency * distinct > 1.5)
    return [{ fingerprint: '', freq: cs.topFrequency }];
  return [];
}

/** One column per unique key generated from the row number, so every unique index holds. */
function uniqueColumns(t: ScratchTable): Set<number> {
  const fkCols = new Set(t.constraints.filter((k) => k.type === 'f').flatMap((k) => k.columns));
  const out = new Set<number>();
  for (const keys of t.uniqueKeys) {
    if (keys.length === 0 || keys.some((k) => out.has(k))) continue;
    out.add(keys.find((k) => !fkCols.has(k)) ?? keys.at(-1)!);
  }
  return out;
}

/** Parents before children; cycles are broken where they close. */
function topoOrder(tables: ScratchTable[], byOid: Map<string, ScratchTable>): ScratchTable[] {
  const out: ScratchTable[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (t: ScratchTable) => {
    if (state.has(t.oid)) return;
    state.set(t.oid, 'visiting');
    for (const k of t.constraints) {
      const parent = k.type === 'f' && k.refOid && k.refOid !== t.oid ? byOid.get(k.refOid) : undefined;
      if (parent && !parent.isPartition) visit(parent);
    }
    state.set(t.oid, 'done');
    out.push(t);
  };
  for (const t of tables) visit(t);
  return out;
}
