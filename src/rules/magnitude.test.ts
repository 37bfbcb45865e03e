import { describe, expect, it } from 'vitest';
import type { FactValue } from '../model/fact.js';
import { compareRules } from '../test-support/compare.js';
import { fact } from '../test-support/facts.js';
import { factorBetween, severityBySize } from './magnitude.js';

const ONE = { replicas: 1, resources: 1, data: 1, traffic: 1 };

/** The one finding on a generic Helm setting set to `production` and `staging`. */
function setting(production: FactValue, staging: FactValue) {
  const key = 'config/helm/api/worker.queueSize';
  const found = compareRules([fact(key, production)], [fact(key, staging)], { scale: ONE }).divergences;
  return found.map((d) => [d.rule, d.severity]);
}

describe('severity by the size of a difference', () => {
  it('keeps a generic setting LOW below an order of magnitude, MEDIUM from 10x, HIGH from 100x', () => {
    expect(setting(100, 300)).toEqual([['config.setting-differs', 'low']]);
    expect(setting(5000, 500)).toEqual([['config.setting-differs', 'medium']]);
    expect(setting('12Gi', '1Gi')).toEqual([['config.setting-differs', 'medium']]);
    expect(setting('1h', '30s')).toEqual([['config.setting-differs', 'high']]);
    expect(setting(10000, 10)).toEqual([['config.setting-differs', 'high']]);
  });

  it('claims no size where there is no amount: text, booleans, 0 (off or unlimited), a negative', () => {
    expect(setting('fast', 'slow')).toEqual([['config.setting-differs', 'low']]);
    expect(setting(true, false)).toEqual([['config.setting-differs', 'low']]);
    expect(setting(0, 5000)).toEqual([['config.setting-differs', 'low']]);
    expect(setting(-1, 5000)).toEqual([['config.setting-differs', 'low']]);
    expect(severityBySize('30s', 5000)).toBeUndefined(); // a unit on one side only: no common reading
    expect(factorBetween(0, 5)).toBeUndefined();
  });

  it('makes a scaled fact an order of magnitude away from its expected value HIGH', () => {
    const memory = (bytes: number) =>
      fact('infra/workload/api/container/api/memory-limit', bytes, {
        compare: 'scaled',
        scale: 'resources',
        unit: 'bytes',
      });
    const judged = (production: number, staging: number) =>
      compareRules([memory(production)], [memory(staging)], { scale: ONE }).divergences.map((d) => [
        d.rule,
        d.severity,
      ]);
    expect(judged(12 * 2 ** 30, 2 ** 30)).toEqual([['infra.resources-out-of-scale', 'high']]);
    expect(judged(1500 * 2 ** 20, 500 * 2 ** 20)).toEqual([['infra.resources-out-of-scale', 'medium']]);
    const replicas = (n: number) =>
      fact('infra/workload/api/replicas', n, { compare: 'scaled', scale: 'replicas' });
    const atFifth = (production: number, staging: number) =>
      compareRules([replicas(production)], [replicas(staging)], {
        scale: { ...ONE, replicas: 0.2 },
      }).divergences.map((d) => [d.rule, d.severity, d.message]);
    expect(atFifth(150, 6)).toEqual([
      [
        'infra.replicas-out-of-scale',
        'medium',
        'api replicas: production 150, staging 6 (expected ~30 at replicas scale 0.2)',
      ],
    ]);
    expect(atFifth(1500, 2)[0]?.[1]).toBe('high');
  });
});
