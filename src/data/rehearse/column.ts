import type { ScratchColumn } from './catalog.js';
import { quoteLiteral } from './catalog.js';

/** Where a query literal falls among a column's generated keys (measured on the scratch server). */
export interface LiteralPlace {
  /** Keys whose generated value equals the literal: never used for another value. */
  equal: number[];
  /** Keys (not equal) whose value sorts below the literal: its place in value order. */
  below: number;
}

/** One value of the column in value order, with its share of the non-NULL rows. */
type Piece =
  | { kind: 'value'; sql: string; freq: number }
  | { kind: 'run'; from: number; count: number; freq: number };

export interface ColumnSpec {
  column: ScratchColumn;
  rows: number;
  nullFrac: number;
  /** pg_stats correlation: -1..1. */
  correlation: number;
  /** Most-common values in frequency order: the query's literal when matched, else a stand-in. */
  mcv: { freq: number; literal?: string }[];
  /** Distinct values of the rest (beyond the most-common values). */
  rest: number;
  /** SQL of the value of key `k` (a bigint expression). */
  value: (k: string) => string;
  /** Where each matched literal falls among the keys, when measured. */
  places?: Map<string, LiteralPlace>;
  /** A fresh `random()` column of the row; `derived(expr)` a column computed from g and randoms. */
  random: () => string;
  derived: (expr: string) => string;
}

/** At most this many keys are skipped for literals (each costs a comparison per row). */
const MAX_SKIPPED = 64;

/**
 * A column following production's statistics: NULLs at null_frac; most-common values at their
 * frequencies (a query's literal as itself, the others on stand-in keys); the rest spread over
 * the remaining distinct keys. Stand-ins and the rest skip every key whose value equals a
 * literal, so a literal keeps exactly its own frequency and the distinct count holds. Values are
 * laid out in value order, drawn by row position as far as the correlation says, so the
 * physical order of production (pg_stats correlation) is reproduced.
 */
export function columnSql(spec: ColumnSpec): string {
  const { nullFrac, rows } = spec;
  if (nullFrac >= 0.9999) return 'NULL';
  const nonNull = 1 - nullFrac;
  const standIns = spec.mcv.filter((m) => m.literal === undefined);
  const literals = spec.mcv.filter((m) => m.literal !== undefined);
  const mcvSum = spec.mcv.reduce((s, m) => s + m.freq, 0);
  const restFreq = Math.max(0, nonNull - mcvSum);
  const rest = restFreq > 1e-4 ? Math.max(1, spec.rest) : 0;
  // Slots in value order: stand-ins first, then the rest; literals placed by their rank.
  const pieces: Piece[] = standIns.map((m, i) => ({ kind: 'run', from: i, count: 1, freq: m.freq }));
  if (rest) pieces.push({ kind: 'run', from: standIns.length, count: rest, freq: restFreq });
  const skipped = new Set<number>();
  for (const m of literals)
    for (const k of spec.places?.get(m.literal!)?.equal ?? []) if (skipped.size < MAX_SKIPPED) skipped.add(k);
  for (const m of literals) {
    const place = spec.places?.get(m.literal!);
    insertAtSlot(pieces, place ? slotRank(place, spec.places!, skipped) : 0, {
      kind: 'value',
      sql: `(${quoteLiteral(m.literal!)})::${spec.column.type}`,
      freq: m.freq,
    });
  }
  const total = pieces.reduce((s, p) => s + p.freq, 0);
  if (!pieces.length || total <= 0) return 'NULL';
  const keyOf = skipKeys([...skipped].sort((a, b) => a - b));
  // One value for every non-NULL row: no draw needed for it.
  const only = pieces.length === 1 ? pieces[0]! : undefined;
  if (only && nullFrac === 0 && (only.kind === 'value' || only.count === 1))
    return only.kind === 'value' ? only.sql : spec.value(keyOf(String(only.from)));
  const corr = Math.max(-1, Math.min(1, spec.correlation));
  const position =
    corr < 0 ? `((${rows} - g)::float8 / ${Math.max(rows, 1)})` : `((g - 1)::float8 / ${Math.max(rows, 1)})`;
  const positional = Math.abs(corr) >= 0.05 && pieces.length > 1;
  // The draw p in [0, 1) that picks the value: the row's position, or random, mixed by |correlation|.
  let p: string;
  let start = 0;
  let scale = 1 / total;
  let nullDraw: string | undefined;
  if (!positional) {
    p = spec.random();
    // One random draw: below null_frac is NULL, the rest picks the value.
    if (nullFrac > 0) {
      start = nullFrac;
      scale = nonNull / total;
    }
  } else {
    p =
      Math.abs(corr) >= 0.95
        ? spec.derived(position)
        : spec.derived(`CASE WHEN random() < ${round(Math.abs(corr))} THEN ${position} ELSE random() END`);
    if (nullFrac > 0) nullDraw = spec.random();
  }
  const branches: { below: number; sql: string }[] = [];
  let cum = start;
  for (const piece of pieces) {
    const lo = cum;
    cum += piece.freq * scale;
    const hi = cum;
    const sql =
      piece.kind === 'value'
        ? piece.sql
        : piece.count === 1
          ? spec.value(keyOf(String(piece.from)))
          : spec.value(
              keyOf(
                `(${piece.from} + LEAST(${piece.count - 1}, floor((${p} - ${round(lo)}) * ${Number((piece.count / Math.max(hi - lo, 1e-12)).toPrecision(12))}::float8)::int8))`,
              ),
            );
    branches.push({ below: hi, sql });
  }
  const last = branches.pop()!;
  const head = nullFrac > 0 && !positional ? [{ below: nullFrac, sql: 'NULL' }] : [];
  const all = [...head, ...branches];
  const body = all.length
    ? `CASE ${all.map((b) => `WHEN ${p} < ${round(b.below)} THEN ${b.sql}`).join(' ')} ELSE ${last.sql} END`
    : last.sql;
  return nullDraw ? `CASE WHEN ${nullDraw} < ${round(nullFrac)} THEN NULL ELSE ${body} END` : body;
}

/**
 * How many slots (keys not skipped) sort below a literal: its keys below, less the skipped keys
 * among them (the keys of the literals below it; values rise with keys).
 */
function slotRank(place: LiteralPlace, places: Map<string, LiteralPlace>, skipped: Set<number>): number {
  let rank = place.below;
  for (const other of places.values())
    if (other !== place && other.below < place.below)
      rank -= other.equal.filter((k) => skipped.has(k)).length;
  return Math.max(0, rank);
}

/** Puts a literal before slot `slot` in value order, splitting a run of the rest when it falls inside. */
function insertAtSlot(pieces: Piece[], slot: number, literal: Piece): void {
  let i = 0;
  for (; i < pieces.length; i++) {
    const p = pieces[i]!;
    if (p.kind !== 'run') continue;
    if (slot <= p.from) break;
    if (slot < p.from + p.count) {
      const left = slot - p.from;
      const each = p.freq / p.count;
      pieces.splice(i, 1, { kind: 'run', from: p.from, count: left, freq: each * left }, literal, {
        kind: 'run',
        from: slot,
        count: p.count - left,
        freq: each * (p.count - left),
      });
      return;
    }
  }
  pieces.splice(i, 0, literal);
}

/** Slot -> key, stepping over the skipped keys (sorted): slot s is the s-th key not skipped. */
export function skipKeys(skipped: number[]): (slot: string) => string {
  if (!skipped.length) return (s) => s;
  // Slot s maps to s + (number of skipped keys at or below the result): thresholds c_i - i.
  const thresholds = skipped.map((c, i) => c - i);
  return (s) => {
    if (/^\d+$/.test(s)) {
      const n = Number(s);
      return String(n + thresholds.filter((t) => n >= t).length);
    }
    // width_bucket counts the thresholds at or below the slot.
    return `(${s} + width_bucket(${s}, ARRAY[${thresholds.join(', ')}]::int8[]))`;
  };
}

/**
 * SQL that measures where the literals fall among keys 0..$1 of a column: for each literal the
 * keys giving the same value and how many keys give a smaller one. $2 is the literals (text[]).
 */
export function placeSql(column: ScratchColumn, value: (k: string) => string, ordered: boolean): string {
  const v = value('k');
  return `SELECT l.x AS literal,
  COALESCE(array_agg(s.k ORDER BY s.k) FILTER (WHERE s.v = l.v), '{}') AS equal,
  ${ordered ? 'count(*) FILTER (WHERE s.v < l.v)' : '0'} AS below
FROM (SELECT k, ${v} AS v FROM generate_series(0::int8, $1::int8) k) s
CROSS JOIN (SELECT x, (x)::${column.type} AS v FROM unnest($2::text[]) x) l
GROUP BY l.x`;
}

function round(n: number): number {
  return Number(n.toFixed(6));
}
