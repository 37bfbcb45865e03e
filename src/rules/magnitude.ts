import type { Severity } from '../model/dimension.js';
import type { FactValue } from '../model/fact.js';
import type { FactPair, Finding, RuleContext } from '../rule-kit/types.js';
import { judgeScaled } from '../rule-kit/values.js';
import { parseDurationMs } from '../units/duration.js';
import { parseQuantity } from '../units/quantity.js';

/**
 * How far apart two amounts are, as a factor: 12 GiB against 1 GiB is 12, 6 against 150 is 25.
 * Only for two positive amounts: against 0 (often "off" or "unlimited") no factor says how far.
 */
export function factorBetween(a: number, b: number): number | undefined {
  if (!(a > 0 && b > 0) || !Number.isFinite(a) || !Number.isFinite(b)) return undefined;
  return Math.max(a, b) / Math.min(a, b);
}

/** An order of magnitude: a scaled fact this far from its expected value is HIGH. */
export const SCALED_HIGH_FACTOR = 10;
/** A generic setting whose two amounts are this far apart is MEDIUM ... */
export const SETTING_MEDIUM_FACTOR = 10;
/** ... and this far apart, HIGH. */
export const SETTING_HIGH_FACTOR = 100;

/**
 * judgeScaled, with the severity raised to HIGH when staging's value is an order of magnitude
 * (SCALED_HIGH_FACTOR) or more away from what the declared scale expects.
 */
export function judgeScaledBySize(pair: FactPair, ctx: RuleContext): Finding | null {
  const finding = judgeScaled(pair, ctx);
  if (!finding || typeof pair.candidate?.value !== 'number') return finding;
  const expected = finding.detail?.expected;
  const off = typeof expected === 'number' ? factorBetween(expected, pair.candidate.value) : undefined;
  if (off !== undefined && off >= SCALED_HIGH_FACTOR) return { ...finding, severity: 'high' };
  return finding;
}

/**
 * A number, a quantity (`512Mi`, `2Gi`, `1.5`) or a duration with its unit (`30s`, `5m`) as one
 * amount, read the same way on both sides so the factor between them means something.
 */
export function amountsOf(a: FactValue, b: FactValue): [number, number] | undefined {
  for (const read of [parseQuantity, parseDurationMs]) {
    const x = read(a);
    const y = read(b);
    if (x !== undefined && y !== undefined) return [x, y];
  }
  return undefined;
}

/**
 * The severity of a generic setting that differs, by how far apart its two amounts are: below
 * SETTING_MEDIUM_FACTOR the rule's own (low); from it, MEDIUM; from SETTING_HIGH_FACTOR, HIGH.
 * Undefined when the values are no amounts (text, booleans, lists) or one of them is 0.
 */
export function severityBySize(a: FactValue, b: FactValue): Severity | undefined {
  const amounts = amountsOf(a, b);
  const factor = amounts && factorBetween(amounts[0], amounts[1]);
  if (factor === undefined || factor < SETTING_MEDIUM_FACTOR) return undefined;
  return factor >= SETTING_HIGH_FACTOR ? 'high' : 'medium';
}
