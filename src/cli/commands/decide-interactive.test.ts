import { describe, expect, it } from 'vitest';
import type { Audit, Comparison } from '../../model/audit.js';
import type { Divergence } from '../../model/divergence.js';
import { walkOrder } from './decide-interactive.js';

const d = (key: string, severity: Divergence['severity'], ratio?: number): Divergence => ({
  rule: 'infra.replicas-out-of-scale',
  dimension: 'infra',
  key,
  kind: 'differs',
  severity,
  title: 't',
  message: key,
  risk: 'r',
  ...(ratio ? { detail: { ratio } } : {}),
});

describe('walkOrder', () => {
  it('walks largest first as the report lists them: severity, then the size of the difference', () => {
    const comparison = {
      baseline: 'production',
      candidate: 'staging',
      dimensions: [],
      divergences: [
        d('a', 'medium', 2),
        d('b', 'high', 3),
        d('c', 'medium', 40),
        d('d', 'medium'),
        d('e', 'high', 30),
      ],
    } as unknown as Comparison;
    const audit = { comparisons: [comparison] } as unknown as Audit;
    expect(walkOrder(audit).map((i) => i.divergence.key)).toEqual(['e', 'b', 'c', 'a', 'd']);
  });
});
