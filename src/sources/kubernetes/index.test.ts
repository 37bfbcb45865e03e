import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createFingerprinter } from '../secrets.js';
import type { CollectContext, SourceSpec } from '../types.js';
import { kubernetesSource } from './index.js';

const baseDir = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
const ctx: CollectContext = {
  environment: 'production',
  production: true,
  fingerprint: createFingerprinter('k'),
};

function spec(paths: string[], options: Record<string, unknown> = {}): SourceSpec {
  return { kind: 'kubernetes', id: `kubernetes:${paths.join(',')}`, paths, baseDir, options };
}

describe('kubernetes source', () => {
  it('reads a directory of manifests across files, resolving envFrom between them', async () => {
    const result = await kubernetesSource.collect(spec(['production/']), {}, ctx);
    const keys = result.facts.map((f) => f.key);
    expect(keys).toContain('config/env/checkout/SESSION_KEY');
    expect(keys).toContain('infra/ingress/storefront/cdn');
    expect(keys).toContain('deploys/cronjob/nightly-report/schedule');
    expect(result.facts.find((f) => f.key === 'infra/workload/checkout/replicas')?.origin).toEqual({
      source: 'kubernetes:production/',
      file: 'production/checkout.yaml',
      line: 17,
    });
    expect(result.skips).toEqual([]);
  });

  it('reads globs and JSON dumps, passes the cluster option, and skips paths that match nothing', async () => {
    const options = kubernetesSource.options.parse({ cluster: 'eks-staging' });
    const result = await kubernetesSource.collect(
      spec(['staging/*.yaml', 'kubectl-list-dump.json', 'nowhere/']),
      options,
      ctx,
    );
    expect(result.facts.find((f) => f.key === 'infra/substrate/cluster')?.value).toEqual([
      'eks-staging',
      'eu-staging-1',
    ]);
    expect(result.facts.some((f) => f.key === 'infra/workload/payments/kind')).toBe(true);
    expect(result.skips).toEqual([
      { source: expect.any(String), file: 'nowhere/', reason: 'no such file or directory', unread: true },
    ]);
  });

  it('accepts only the cluster option', () => {
    expect(kubernetesSource.options.safeParse({}).success).toBe(true);
    expect(kubernetesSource.options.safeParse({ cluster: 'prod' }).success).toBe(true);
    expect(kubernetesSource.options.safeParse({ namespace: 'x' }).success).toBe(false);
    expect(kubernetesSource.options.safeParse({ cluster: 3 }).success).toBe(false);
  });

  it('declares its kind and dimensions', () => {
    expect(kubernetesSource.kind).toBe('kubernetes');
    expect(kubernetesSource.dimensions).toEqual(['infra', 'config', 'access', 'deploys', 'observability']);
    expect(kubernetesSource.input).toBe('files');
  });
});
