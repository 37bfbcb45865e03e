import { expect } from 'vitest';
import { DIMENSIONS } from '../model/constants.js';
import type { Divergence } from '../model/divergence.js';
import type { Fact } from '../model/fact.js';
import type { CompareSettings } from '../pipeline/compare.js';
import type { FactPair, RuleContext } from '../rule-kit/types.js';
import { fallback } from '../rules/fallback.js';
import { rules } from '../rules/index.js';
import { COMPARE_SETTINGS, compareRules, type SidesRead } from './compare.js';

/** Every dimension's fallback, for tests that run a few rules with the fallbacks behind them. */
export const genericRules = DIMENSIONS.map(fallback);

/**
 * Asserts that `ruleId` raises at least one divergence on these facts (through the whole compare
 * step, with the whole catalogue unless `settings.rules` says otherwise) and returns them. The
 * rules' meta-test counts a call as the rule's firing test.
 */
export function expectFires(
  ruleId: string,
  baseline: Fact[],
  candidate: Fact[],
  settings: Partial<CompareSettings> = {},
  read: SidesRead = {},
): Divergence[] {
  const found = compareRules(baseline, candidate, settings, read).divergences.filter(
    (d) => d.rule === ruleId,
  );
  expect(found.length, `${ruleId} should fire`).toBeGreaterThan(0);
  return found;
}

/**
 * Asserts that `ruleId` raises nothing on these facts; the meta-test counts it as the silent test.
 * `read` marks a side read only in part, for a near miss where a fact is unknown there, not absent.
 */
export function expectSilent(
  ruleId: string,
  baseline: Fact[],
  candidate: Fact[],
  settings: Partial<CompareSettings> = {},
  read: SidesRead = {},
): void {
  const found = compareRules(baseline, candidate, settings, read).divergences.filter(
    (d) => d.rule === ruleId,
  );
  expect(found, `${ruleId} should stay silent`).toEqual([]);
}

/**
 * For a rule that never reports (it claims pairs so the fallback does not): asserts that it is the
 * first rule of the catalogue to apply to `key`, and that nothing is reported on it. The meta-test
 * counts it in place of a firing test.
 */
export function expectOwns(ruleId: string, key: string, baseline: Fact[], candidate: Fact[]): void {
  const ctx: RuleContext = {
    baselineName: 'production',
    candidateName: 'staging',
    scale: COMPARE_SETTINGS.scale,
    tolerance: COMPARE_SETTINGS.tolerance,
    baseline: new Map(baseline.map((f) => [f.key, f])),
    candidate: new Map(candidate.map((f) => [f.key, f])),
    fingerprintsComparable: true,
  };
  const pair: FactPair = { key, baseline: ctx.baseline.get(key), candidate: ctx.candidate.get(key) };
  const dimension = (pair.baseline ?? pair.candidate)?.dimension;
  const owner = rules.find((r) => r.dimension === dimension && r.appliesTo?.(pair, ctx));
  expect(owner?.id, `${ruleId} should own ${key}`).toBe(ruleId);
  const found = compareRules(baseline, candidate).divergences.filter((d) => d.key === key);
  expect(found, `nothing should be reported on ${key}`).toEqual([]);
}
