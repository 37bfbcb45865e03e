import { severityRank } from '../model/dimension.js';
import type { Divergence } from '../model/divergence.js';
import { parseDurationMs } from '../units/duration.js';
import { parseQuantity } from '../units/quantity.js';

/** max/min of two positive amounts: 12 GiB against 1 GiB is 12; undefined when no factor says how far. */
function factor(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined || b === undefined || !(a > 0 && b > 0)) return undefined;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return undefined;
  return Math.max(a, b) / Math.min(a, b);
}

/** Two values read the same way (both quantities, or both durations), so their factor means something. */
function amounts(a: unknown, b: unknown): number | undefined {
  for (const read of [parseQuantity, parseDurationMs]) {
    const f = factor(read(a), read(b));
    if (f !== undefined) return f;
  }
  return undefined;
}

/**
 * How large a divergence's difference is, as a factor of at least 1, where it can be told: a
 * ratio a rule recorded (`ratio`, `costRatio`), its expected value against staging's, the two
 * amounts in its detail, else the two sides' values when both are amounts (`5000` / `30000`,
 * `2Gi` / `256Mi`). Undefined when unknown (text, lists, one side absent or zero).
 */
export function differenceSize(d: Divergence): number | undefined {
  // A report sorts the same findings several times (summary, register, footer): each size is read once.
  if (sizes.has(d)) return sizes.get(d);
  const size = readSize(d);
  sizes.set(d, size);
  return size;
}

const sizes = new WeakMap<Divergence, number | undefined>();

function readSize(d: Divergence): number | undefined {
  const detail = d.detail ?? {};
  for (const key of ['ratio', 'costRatio']) {
    const r = detail[key];
    if (typeof r === 'number' && r > 0 && Number.isFinite(r)) return Math.max(r, 1 / r);
  }
  const candidate = d.candidate?.value;
  return (
    (typeof detail.expected === 'number' ? amounts(detail.expected, candidate) : undefined) ??
    amounts(detail.baseline, detail.candidate) ??
    amounts(d.baseline?.value, candidate)
  );
}

/**
 * Largest first: severity, then the size of the difference where known (a known size before an
 * unknown one); otherwise the order given (Array.prototype.sort is stable).
 */
export function largestFirst(a: Divergence, b: Divergence): number {
  const bySeverity = severityRank(b.severity) - severityRank(a.severity);
  if (bySeverity !== 0) return bySeverity;
  const sa = differenceSize(a);
  const sb = differenceSize(b);
  if (sa === undefined || sb === undefined) return sa === sb ? 0 : sa === undefined ? 1 : -1;
  return sb - sa;
}
