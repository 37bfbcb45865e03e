import { describe, expect, it } from 'vitest';
import type { Decision } from '../config/policy.js';
import type { Divergence } from '../model/divergence.js';
import { applyDecisions, decisionState } from './decide.js';

const divergence: Divergence = {
  rule: 'config.env-value-differs',
  dimension: 'config',
  key: 'config/env/api/LOG_LEVEL',
  kind: 'differs',
  severity: 'low',
  title: 't',
  message: 'm',
  risk: 'r',
};
const now = new Date('2026-12-01T00:00:00Z');
const opts = { candidate: 'staging', now, file: 'parity.yaml' };
const entry = (line: number, extra: Partial<Decision>): Decision => ({
  decision: 'accept',
  reason: `line ${line}`,
  line,
  ...extra,
});

describe('applyDecisions with several matching decisions', () => {
  it('applies the most specific: exact key over key glob over rule-wide, whatever the file order', () => {
    const decisions = [
      entry(10, { rule: 'config.env-value-differs' }),
      entry(20, { key: 'config/env/*/LOG_LEVEL' }),
      entry(30, { rule: 'config.*', key: 'config/env/api/LOG_LEVEL' }),
      entry(40, { key: 'config/**' }),
    ];
    const [d] = applyDecisions([divergence], decisions, opts).divergences;
    expect(d!.decision!.reason).toBe('line 30');
    expect(d!.decision!.match).toBe('exact key');
    expect(d!.decision!.outranked).toEqual([20, 40, 10]);
  });

  it('on a tie, the newest (later in parity.yaml) wins; both matched, so neither is unused', () => {
    const decisions = [
      entry(10, { key: 'config/env/*/LOG_LEVEL' }),
      entry(20, { key: 'config/env/*/LOG_LEVEL' }),
    ];
    const { divergences, used } = applyDecisions([divergence], decisions, opts);
    expect(divergences[0]!.decision!.reason).toBe('line 20');
    expect(divergences[0]!.decision!.outranked).toEqual([10]);
    expect([...used].sort()).toEqual([0, 1]);
  });

  it('an exact rule beats a rule glob, and a named environment beats none, at the same key', () => {
    const rules = [entry(10, { rule: 'config.*' }), entry(20, { rule: 'config.env-value-differs' })];
    expect(applyDecisions([divergence], [...rules].reverse(), opts).divergences[0]!.decision!.reason).toBe(
      'line 20',
    );
    const envs = [
      entry(10, { rule: 'config.env-value-differs', environment: 'staging' }),
      entry(20, rules[1]!),
    ];
    expect(applyDecisions([divergence], envs, opts).divergences[0]!.decision!.reason).toBe('line 10');
  });

  it('states each divergence: a draft is drafted, not decided; an expired draft is expired', () => {
    const draft = entry(10, { key: divergence.key, draft: true });
    const [d] = applyDecisions([divergence], [draft], opts).divergences;
    expect(d!.state).toBe('drafted');
    expect(decisionState(d!)).toBe('drafted');
    const expired = applyDecisions([divergence], [{ ...draft, expires: '2026-11-30' }], opts).divergences[0]!;
    expect(expired.state).toBe('expired');
    expect(applyDecisions([divergence], [], opts).divergences[0]!.state).toBe('undecided');
  });
});
