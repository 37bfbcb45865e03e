import type { ScratchColumn, ScratchTable } from './catalog.js';
import type { ColumnStats } from './stats.js';
import type { ValueShape } from './values.js';

/** Distinct values of a column at this row count: a fixed number or a share of the rows. */
export function distinctOf(cs: ColumnStats | undefined, rows: number): number {
  if (cs?.distinctValues !== undefined) return Math.max(1, Math.min(Math.round(cs.distinctValues), rows));
  if (cs?.distinctShare !== undefined) return Math.max(1, Math.round(cs.distinctShare * rows));
  return Math.max(1, rows);
}

/** Where a column's values go: width, production's range, or inside its table's partitions. */
export function shapeOf(
  t: ScratchTable,
  c: ScratchColumn,
  cs: ColumnStats | undefined,
  rows: number,
  isUnique: boolean,
  now: Date,
): ValueShape {
  const distinct = isUnique ? Math.max(rows, 1) : distinctOf(cs, rows);
  const shape: ValueShape = { maxKey: isUnique ? rows : distinct, distinct, now };
  if (cs?.avgWidth !== undefined) shape.avgWidth = cs.avgWidth;
  // production's smallest and largest sampled value: both ends are values the column holds.
  if (cs?.range && !isUnique) shape.window = { from: cs.range[0], to: cs.range[1], inclusive: true };
  if (t.partition && t.partition.attnum === c.attnum) {
    const { strategy, bounds } = t.partition;
    if (strategy === 'r') {
      const window = rangeWindow(bounds);
      if (window) shape.window = window;
    } else if (strategy === 'l' && !bounds.includes('DEFAULT')) {
      shape.listValues = bounds.flatMap((b) => literalsOf(b.replace(/^FOR VALUES IN /, '')));
    }
  }
  return shape;
}

/** The span of range partitions' finite bounds: `FOR VALUES FROM ('2024-01-01') TO ('2024-02-01')`. */
export function rangeWindow(bounds: string[]): { from: string; to: string } | null {
  const froms: string[] = [];
  const tos: string[] = [];
  for (const b of bounds) {
    const m = /^FOR VALUES FROM \((.*)\) TO \((.*)\)$/.exec(b);
    if (!m) continue;
    froms.push(...literalsOf(m[1]!));
    tos.push(...literalsOf(m[2]!));
  }
  if (!froms.length && !tos.length) return null;
  const all = [...froms, ...tos];
  const numeric = all.every((v) => /^-?\d+(\.\d+)?$/.test(v));
  const cmp = (a: string, b: string) => (numeric ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0);
  const from = (froms.length ? froms : all).sort(cmp)[0]!;
  const to = (tos.length ? tos : all).sort(cmp).at(-1)!;
  return cmp(from, to) < 0 ? { from, to } : null;
}

/** The literals of a bound list: `'a', 'b''c', 42, MINVALUE` -> a, b'c, 42. */
function literalsOf(list: string): string[] {
  const out: string[] = [];
  for (const m of list.matchAll(/'((?:[^']|'')*)'|(-?\d+(?:\.\d+)?)/g))
    out.push(m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2]!);
  return out;
}
