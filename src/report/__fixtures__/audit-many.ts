import type { Audit } from '../../model/audit.js';
import { SEVERITIES } from '../../model/dimension.js';
import type { Divergence } from '../../model/divergence.js';
import { stagingComparison } from './audit-drifted.js';

/** `count` undecided config divergences of rotating severity: enough to make a report collapse. */
export function manyDivergences(count: number): Divergence[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `SERVICE_${String(i + 1).padStart(3, '0')}_TIMEOUT_MS`;
    return {
      rule: 'config.timeout-differs',
      dimension: 'config',
      key: `config/env/${name}`,
      kind: 'differs',
      severity: SEVERITIES[4 - (i % 5)] ?? 'low',
      title: 'A timeout differs',
      message: `${name}: production ${1000 + i}, staging ${30000 + i}`,
      risk: 'Timeouts that fire in production never fire in staging.',
      baseline: { value: String(1000 + i), origin: { source: 'dotenv:.env.production', file: '.env.production', line: i + 1 } },
      candidate: { value: String(30000 + i), origin: { source: 'dotenv:.env.staging', file: '.env.staging', line: i + 1 } },
    } satisfies Divergence;
  });
}

/** The drifted staging comparison with `count` more undecided divergences. */
export function manyAudit(count: number): Audit {
  return {
    schemaVersion: 1,
    generatedAt: '2026-11-23T09:30:00.000Z',
    baseline: 'production',
    comparisons: [{ ...stagingComparison, divergences: [...stagingComparison.divergences, ...manyDivergences(count)] }],
    skips: [],
    unusedDecisions: [],
  };
}
