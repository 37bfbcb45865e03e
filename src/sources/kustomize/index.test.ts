import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createFingerprinter } from '../secrets.js';
import type { CollectContext, SourceSpec } from '../types.js';
import { kustomizeSource } from './index.js';
import { findOverlays } from './overlays.js';

const baseDir = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
const ctx: CollectContext = {
  environment: 'staging',
  production: false,
  fingerprint: createFingerprinter('k'),
};

function spec(paths: string[]): SourceSpec {
  return { kind: 'kustomize', id: `kustomize:${paths.join(',')}`, paths, baseDir, options: {} };
}

describe('kustomize source', () => {
  it('renders an overlay named by its folder, its kustomization file or a glob', async () => {
    const options = kustomizeSource.options.parse({ renderer: 'builtin', cluster: 'gke-staging' });
    for (const path of ['shop/staging', 'shop/staging/kustomization.yaml', 'shop/stag*']) {
      const result = await kustomizeSource.collect(spec([path]), options, ctx);
      expect(result.skips).toEqual([]);
      expect(result.facts.find((f) => f.key === 'infra/workload/checkout-stg/replicas')?.origin).toEqual({
        source: `kustomize:${path}`,
        file: 'shop/staging/kustomization.yaml',
        line: 16,
      });
      expect(result.facts.find((f) => f.key === 'infra/substrate/cluster')?.value).toEqual(['gke-staging']);
    }
  });

  it('takes renderer and cluster, and nothing else', () => {
    expect(kustomizeSource.options.parse({})).toEqual({});
    expect(() => kustomizeSource.options.parse({ renderer: 'helm' })).toThrow();
    expect(() => kustomizeSource.options.parse({ render: 'builtin' })).toThrow();
  });

  it('says when a glob finds no overlay', async () => {
    const result = await kustomizeSource.collect(spec(['nowhere-*/']), { renderer: 'builtin' }, ctx);
    expect(result).toEqual({
      facts: [],
      skips: [
        {
          source: 'kustomize:nowhere-*/',
          file: 'nowhere-*/',
          reason: 'the glob matched no overlay folder (a folder holding kustomization.yaml)',
        },
      ],
    });
  });
});

describe('kustomize source: several overlays in one source', () => {
  const options = { renderer: 'builtin' as const };

  it('renders each overlay once however globs name it (a folder with and without its slash, its kustomization file)', async () => {
    const found = await findOverlays('k', ['shop/*/', 'shop/*/kustomization.yaml', 'shop/staging/'], baseDir);
    expect(found.dirs.map((d) => path.relative(baseDir, d))).toEqual(['shop/production', 'shop/staging']);
    expect(found.skips.map((s) => s.file)).toEqual(['shop/base']);
  });

  it('renders a base a glob matched only through the overlays that include it, and says so', async () => {
    const result = await kustomizeSource.collect(spec(['shop/**']), options, ctx);
    expect(result.skips).toEqual([
      {
        source: 'kustomize:shop/**',
        file: 'shop/base',
        reason: 'matched by a glob but included by shop/production: rendered once, through it',
      },
    ]);
    expect(result.facts.find((f) => f.key === 'infra/workload/checkout/kind')).toBeUndefined(); // base's own name
    expect(result.facts.find((f) => f.key === 'infra/workload/checkout-stg/kind')).toBeDefined();
  });
});
