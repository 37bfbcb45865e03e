import { expect } from 'vitest';
import { DIMENSIONS } from '../model/constants.js';
import type { Divergence } from '../model/divergence.js';
import type { Fact } from '../model/fact.js';
import type { CompareSettings } from '../pipeline/compare.js';
import { fallback } from '../rules/fallback.js';
import { compareRules } from './compare.js';

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
): Divergence[] {
  const found = compareRules(baseline, candidate, settings).divergences.filter((d) => d.rule === ruleId);
  expect(found.length, `${ruleId} should fire`).toBeGreaterThan(0);
  return found;
}

/** Asserts that `ruleId` raises nothing on these facts; the meta-test counts it as the silent test. */
export function expectSilent(
  ruleId: string,
  baseline: Fact[],
  candidate: Fact[],
  settings: Partial<CompareSettings> = {},
): void {
  const found = compareRules(baseline, candidate, settings).divergences.filter((d) => d.rule === ruleId);
  expect(found, `${ruleId} should stay silent`).toEqual([]);
}
