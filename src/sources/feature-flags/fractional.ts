import { isMapping } from '../shape.js';
import { MAX_DEPTH, percent, TooComplex } from './canonical.js';

/** flagd's percentage split operator, and its name before flagd 0.6. */
const FRACTIONAL = ['fractional', 'fractionalEvaluation'];
/** Written in place of weights the rollout fact already carries, so one change is reported once. */
export const ROLLOUT_PLACEHOLDER = '%rollout';

export type RolloutResult = { percent: number } | { unsupported?: string };

/**
 * The percent of evaluations a flagd `fractional` split sends to the "on" side: the variants whose
 * value is `true` for a boolean flag, else every variant but the default. Only a targeting with
 * exactly one split has a single rollout; anything else is named, never guessed.
 *
 * Rewrites the split's weights in `targeting` (a private copy): a two-sided split's weights become
 * a placeholder (the rollout fact carries them), others become percentages (1:1 equals 50:50).
 */
export function fractionalRollout(
  targeting: unknown,
  variants: Record<string, unknown>,
  defaultName: string | null | undefined,
): RolloutResult {
  const splits: unknown[][] = [];
  findSplits(targeting, splits, 0);
  if (splits.length === 0) return {};
  if (splits.length > 1)
    return { unsupported: `targeting has ${splits.length} fractional splits: no single rollout` };
  const args = splits[0]!;
  const buckets = args.length > 0 && !Array.isArray(args[0]) ? args.slice(1) : args;
  const read: { item: unknown[]; variant: string; weight: number }[] = [];
  for (const item of buckets) {
    if (!Array.isArray(item) || typeof item[0] !== 'string') {
      return { unsupported: 'a fractional bucket with a computed variant is not supported' };
    }
    const weight = item.length >= 2 ? item[1] : 1;
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
      return { unsupported: 'a fractional bucket with a computed or negative weight is not supported' };
    }
    if (!Object.hasOwn(variants, item[0])) {
      return { unsupported: `fractional names variant "${item[0]}", which the flag does not define` };
    }
    read.push({ item, variant: item[0], weight });
  }
  const total = read.reduce((sum, b) => sum + b.weight, 0);
  if (total === 0) return { unsupported: 'fractional weights add up to 0' };
  const on = onSide(variants, defaultName);
  if (!on) return { unsupported: 'a fractional split with neither boolean variants nor a default variant' };
  const onWeight = read.filter((b) => on.has(b.variant)).reduce((sum, b) => sum + b.weight, 0);
  const onNames = new Set(read.filter((b) => on.has(b.variant)).map((b) => b.variant));
  const offNames = new Set(read.filter((b) => !on.has(b.variant)).map((b) => b.variant));
  const twoSided = onNames.size <= 1 && offNames.size <= 1;
  for (const b of read) b.item[1] = twoSided ? ROLLOUT_PLACEHOLDER : percent(b.weight, total);
  return { percent: percent(onWeight, total) };
}

function onSide(
  variants: Record<string, unknown>,
  defaultName: string | null | undefined,
): Set<string> | undefined {
  const values = Object.entries(variants);
  if (values.length > 0 && values.every(([, v]) => typeof v === 'boolean')) {
    return new Set(values.filter(([, v]) => v === true).map(([k]) => k));
  }
  if (typeof defaultName === 'string') return new Set(Object.keys(variants).filter((k) => k !== defaultName));
  return undefined;
}

function findSplits(value: unknown, out: unknown[][], depth: number): void {
  if (depth > MAX_DEPTH) throw new TooComplex();
  if (Array.isArray(value)) {
    for (const v of value) findSplits(v, out, depth + 1);
    return;
  }
  if (!isMapping(value)) return;
  for (const [key, v] of Object.entries(value)) {
    if (FRACTIONAL.includes(key) && Array.isArray(v)) out.push(v);
    else findSplits(v, out, depth + 1);
  }
}
