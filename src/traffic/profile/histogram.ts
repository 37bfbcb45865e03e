/**
 * A log-linear histogram in the style of HdrHistogram: exact below 128, then 64 sub-buckets per
 * power of two (under 1.6% relative error) up to 2^37. Fixed size, so memory stays flat whatever
 * is recorded, and two histograms merge by adding their counts.
 */
const SUB = 64;
const EXACT = 128;
const MAX_EXP = 31;
const SIZE = EXACT + MAX_EXP * SUB;

export interface Histogram {
  counts: Float64Array;
  total: number;
  min: number;
  max: number;
  sum: number;
}

export function createHistogram(): Histogram {
  return { counts: new Float64Array(SIZE), total: 0, min: Number.POSITIVE_INFINITY, max: 0, sum: 0 };
}

/** Powers of two looked up, not computed: `2 ** exp` with a variable exponent is a Math.pow call. */
const POW2 = Array.from({ length: 64 }, (_, i) => 2 ** i);

function indexOf(value: number): number {
  if (value < EXACT) return value < 0 ? 0 : Math.floor(value);
  const v = Math.floor(value);
  const exp = (v < 2 ** 31 ? 31 - Math.clz32(v) : Math.floor(Math.log2(v))) - 6;
  if (exp > MAX_EXP) return SIZE - 1;
  const sub = Math.floor(v / POW2[exp]!) - SUB;
  return EXACT + (exp - 1) * SUB + Math.min(SUB - 1, Math.max(0, sub));
}

/** The middle of bucket `i`, the value a percentile reports. */
function valueAt(i: number): number {
  if (i < EXACT) return i;
  const exp = Math.floor((i - EXACT) / SUB) + 1;
  const sub = (i - EXACT) % SUB;
  const low = (SUB + sub) * 2 ** exp;
  return low + (2 ** exp - 1) / 2;
}

export function record(h: Histogram, value: number, count = 1): void {
  if (!(value >= 0)) return;
  h.counts[indexOf(value)]! += count;
  h.total += count;
  h.sum += value * count;
  if (value < h.min) h.min = value;
  if (value > h.max) h.max = value;
}

/** Value at quantile q (0..1), clamped to what was seen; NaN when empty. */
export function quantile(h: Histogram, q: number): number {
  if (h.total === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil(q * h.total));
  let seen = 0;
  for (let i = 0; i < SIZE; i++) {
    seen += h.counts[i]!;
    if (seen >= rank) return Math.min(h.max, Math.max(h.min, valueAt(i)));
  }
  return h.max;
}

export function mergeInto(target: Histogram, other: Histogram): void {
  for (let i = 0; i < SIZE; i++) target.counts[i]! += other.counts[i]!;
  target.total += other.total;
  target.sum += other.sum;
  target.min = Math.min(target.min, other.min);
  target.max = Math.max(target.max, other.max);
}

export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** The usual summary, rounded to three significant digits; undefined when nothing was recorded. */
export function percentiles(h: Histogram): Percentiles | undefined {
  if (h.total === 0) return undefined;
  return {
    p50: round(quantile(h, 0.5)),
    p90: round(quantile(h, 0.9)),
    p99: round(quantile(h, 0.99)),
    max: round(h.max),
    mean: round(h.sum / h.total),
  };
}

export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value) || value === 0) return value;
  return Number(value.toPrecision(digits));
}
