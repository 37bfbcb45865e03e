import { describe, expect, it } from 'vitest';
import { DIMENSIONS } from '../model/constants.js';
import { renderRule } from '../report/explain.js';
import { findRule } from '../rules/index.js';
import { compareRules } from '../test-support/compare.js';
import { fact } from '../test-support/facts.js';

describe('rule ids written by consolidation are explainable', () => {
  it('finds the rule of every grouped environment-named finding consolidation produces', () => {
    const at = (name: string, value: string, line: number, dim = 'config/env/api') =>
      fact(`${dim}/${name}`, value, { line });
    const c = compareRules(
      [at('AUTH_URL', 'https://sign-in.example.org', 1), at('BUCKET', 'reg-prod', 2)],
      [at('AUTH_URL', 'https://sign-in-staging.example.org', 1), at('BUCKET', 'reg-staging', 2)],
    );
    const ids = c.divergences.filter((d) => d.group).map((d) => d.rule);
    expect(ids).toEqual(['config.names-differ-by-environment']);
    for (const id of ids) expect(findRule(id)?.id).toBe(id);
  });

  it('has one per dimension, low, with a risk and a remedy `parity explain` prints', () => {
    for (const dimension of DIMENSIONS) {
      const rule = findRule(`${dimension}.names-differ-by-environment`);
      expect(rule).toMatchObject({ dimension, severity: 'low' });
      const text = renderRule(rule!, { color: false, width: 200 });
      expect(text).toContain(`${dimension}.names-differ-by-environment  (${dimension}, low)`);
      expect(text).toMatch(/Risk\n {2}Usually none/);
      expect(text).toMatch(/Remedy\n {2}Expand the group/);
    }
  });

  it('still refuses an id no rule or group has', () => {
    expect(findRule('config.names-differ-by-planet')).toBeUndefined();
  });
});
