import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createFingerprinter } from '../secrets.js';
import type { SourceSpec } from '../types.js';
import { PrometheusRulesOptions, prometheusRulesSource } from './index.js';

const fixtures = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
const ctx = { environment: 'production', production: true, fingerprint: createFingerprinter('k') };
const spec = (paths: string[]): SourceSpec => ({
  kind: 'prometheus-rules',
  id: 'prometheus-rules:production',
  paths,
  baseDir: fixtures,
  options: {},
});

describe('prometheus-rules source', () => {
  it('reads every rule file of a folder, with paths relative to parity.yaml', async () => {
    const result = await prometheusRulesSource.collect(
      spec(['production/']),
      PrometheusRulesOptions.parse({}),
      ctx,
    );
    expect(result.skips).toEqual([]);
    expect(new Set(result.facts.map((f) => f.origin.file))).toEqual(
      new Set(['production/prometheusrule-worker.yaml', 'production/shop-alerts.yaml']),
    );
    expect(
      result.facts.find((f) => f.key === 'observability/alert/WorkerQueueBacklog/threshold')?.value,
    ).toBe(1000);
  });

  it('takes its own environment labels and normalise patterns', async () => {
    const options = PrometheusRulesOptions.parse({ envLabels: ['env'], normalise: ['job="[^"]*",?\\s*'] });
    const result = await prometheusRulesSource.collect(
      spec(['production/prometheusrule-worker.yaml']),
      options,
      ctx,
    );
    expect(result.facts.find((f) => f.key === 'observability/alert/WorkerDown/expr')?.value).toBe(
      'absent(up{namespace="shop-production"} == 1)',
    );
  });

  it('rejects an option that is not a regular expression or a label name', () => {
    expect(PrometheusRulesOptions.safeParse({ normalise: ['(unclosed'] }).success).toBe(false);
    expect(PrometheusRulesOptions.safeParse({ envLabels: ['not a label'] }).success).toBe(false);
    expect(PrometheusRulesOptions.safeParse({ extra: true }).success).toBe(false);
  });

  it('names a path that matches nothing', async () => {
    const result = await prometheusRulesSource.collect(
      spec(['missing/']),
      PrometheusRulesOptions.parse({}),
      ctx,
    );
    expect(result.skips).toEqual([
      {
        source: 'prometheus-rules:production',
        file: 'missing/',
        reason: 'no such file or directory',
        unread: true,
      },
    ]);
  });
});
