import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createFingerprinter } from '../secrets.js';
import type { SourceSpec } from '../types.js';
import { helmValuesSource } from './index.js';
import { renderChart } from './render.js';

const fixtures = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
const fingerprint = createFingerprinter('k');
const ctx = { environment: 'production', production: true, fingerprint };
const spec = (paths: string[], baseDir = fixtures): SourceSpec => ({
  kind: 'helm-values',
  id: 'helm:shop',
  paths,
  baseDir,
  options: {},
});
const temp = mkdtempSync(path.join(tmpdir(), 'parity-helm-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const factValue = (facts: { key: string; value: unknown }[], key: string) =>
  facts.find((f) => f.key === key)?.value;

/**
 * helm itself is not installed on the machines these tests run on, so a stand-in script on a
 * private PATH plays its part: it proves the arguments and the hand-over to the kubernetes
 * extractor, not Helm's rendering.
 */
function fakeHelm(dir: string, script: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'helm');
  writeFileSync(file, `#!/bin/sh\n${script}\n`);
  chmodSync(file, 0o755);
  return dir;
}

describe('helm-values source', () => {
  it('reads the listed files in merge order and names the workload after the chart', async () => {
    const result = await helmValuesSource.collect(
      spec(['shop/values.yaml', 'shop/values-production.yaml']),
      {},
      ctx,
    );
    expect(result.skips).toEqual([]);
    expect(factValue(result.facts, 'infra/autoscaling/shop/max-replicas')).toBe(30);
    expect(factValue(result.facts, 'infra/workload/worker/replicas')).toBe(4);
  });

  it("values alone reach only what values show: a rendered chart's RBAC or Services are unknown, not absent", async () => {
    // Field trial (MythicaAI/jungle-ams): production's values.yaml against staging's manifests gave a
    // false HIGH rbac-broader and ~25 "Gateway ... in staging only", production "reaching" them.
    const result = await helmValuesSource.collect(spec(['shop/values.yaml']), {}, ctx);
    expect(result.produces).toEqual(['config/helm/', 'config/env/', 'infra/workload/', 'infra/autoscaling/']);
    // Every fact it read lies inside that reach.
    for (const f of result.facts)
      expect(
        result.produces!.some((p) => f.key.startsWith(p)),
        f.key,
      ).toBe(true);
    // A rendered chart's reach is the kind's whole one (the default when a result says nothing).
    expect(helmValuesSource.produces).toContain('access/rbac/');
  });

  it("takes a conventional key for what it means only when the chart's templates read it", async () => {
    // Field trial (MythicaAI/jungle-ams): `replicaCount: 3` that no template reads (the Deployment
    // says `replicas: 1`) was a HIGH single-replica against staging's 1.
    const result = await helmValuesSource.collect(spec(['chart-ignores-replicacount/values.yaml']), {}, ctx);
    expect(factValue(result.facts, 'infra/workload/api/replicas')).toBeUndefined();
    expect(factValue(result.facts, 'config/helm/api/replicaCount')).toBe(3);
    // What the templates do read keeps its meaning: the image, and resources read through `index`.
    expect(factValue(result.facts, 'infra/workload/api/container/api/image')).toBe('example/api:1.2.0');
    expect(factValue(result.facts, 'infra/workload/api/container/api/cpu-limit')).toBe(1);
    // A dependency's values are read by its own templates, not in the repository: they keep their meaning.
    const dep = await helmValuesSource.collect(spec(['chart-with-dependency/values.yaml']), {}, ctx);
    expect(factValue(dep.facts, 'infra/workload/svc/replicas')).toBe(4);
    // A chart with a dependency that hands its root context to a helper (a library chart's helper
    // may read any value): every value may be read, so the convention holds.
    const lib = path.join(temp, 'library-helper');
    mkdirSync(path.join(lib, 'templates'), { recursive: true });
    mkdirSync(path.join(lib, 'charts', 'common'), { recursive: true });
    writeFileSync(path.join(lib, 'Chart.yaml'), 'apiVersion: v2\nname: lib\nversion: 1.0.0\n');
    writeFileSync(path.join(lib, 'values.yaml'), 'replicaCount: 3\n');
    writeFileSync(path.join(lib, 'templates', 'deploy.yaml'), '{{ include "common.deployment" . }}\n');
    const viaLibrary = await helmValuesSource.collect(spec(['values.yaml'], lib), {}, ctx);
    expect(factValue(viaLibrary.facts, 'infra/workload/lib/replicas')).toBe(3);
  });

  it('takes the workload from the options, the release before the chart', async () => {
    const paths = ['shop/values.yaml', 'shop/values-staging.yaml'];
    const byRelease = await helmValuesSource.collect(spec(paths), { release: 'shop-stg' }, ctx);
    expect(factValue(byRelease.facts, 'infra/workload/shop-stg/replicas')).toBe(1);
    const byWorkload = await helmValuesSource.collect(
      spec(paths),
      { workload: 'storefront', release: 'x' },
      ctx,
    );
    expect(factValue(byWorkload.facts, 'infra/workload/storefront/replicas')).toBe(1);
  });

  it('reads a chart folder as its values.yaml, and a glob with values.yaml first', async () => {
    const folder = await helmValuesSource.collect(spec(['shop']), {}, ctx);
    expect(factValue(folder.facts, 'infra/workload/shop/replicas')).toBe(1);
    const dir = path.join(temp, 'glob');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'values.yaml'), 'replicaCount: 1\n');
    writeFileSync(path.join(dir, 'values-production.yaml'), 'replicaCount: 5\n');
    const glob = await helmValuesSource.collect(spec(['glob/values*.yaml'], temp), {}, ctx);
    expect(glob.facts.map((f) => [f.key, f.value, f.origin.file])).toEqual([
      ['infra/workload/glob/replicas', 5, 'glob/values-production.yaml'],
    ]);
  });

  it('names what it cannot find', async () => {
    const result = await helmValuesSource.collect(spec(['missing.yaml', '.'], temp), {}, ctx);
    expect(result.skips).toEqual([
      { source: 'helm:shop', file: 'missing.yaml', reason: 'no such file or directory', unread: true },
      { source: 'helm:shop', file: '.', reason: 'the folder holds no values.yaml', unread: true },
    ]);
  });

  it('rejects unknown options and names with a slash', () => {
    expect(helmValuesSource.options.safeParse({ render: true, release: 'shop' }).success).toBe(true);
    expect(helmValuesSource.options.safeParse({ chart: 'x' }).success).toBe(false);
    expect(helmValuesSource.options.safeParse({ workload: 'a/b' }).success).toBe(false);
  });

  it('with render: true and no helm on PATH, says so and reads the values', async () => {
    const saved = process.env.PATH;
    process.env.PATH = path.join(temp, 'empty-bin');
    try {
      const result = await helmValuesSource.collect(spec(['shop/values.yaml']), { render: true }, ctx);
      expect(result.skips).toEqual([
        { source: 'helm:shop', reason: 'render: true needs helm on PATH; only the values files were read' },
      ]);
      expect(factValue(result.facts, 'infra/workload/shop/replicas')).toBe(1);
    } finally {
      process.env.PATH = saved;
    }
  });

  it('with render: true and no Chart.yaml, says what it needs', async () => {
    const result = await helmValuesSource.collect(
      spec(['umbrella-with-subcharts.yaml']),
      { render: true },
      ctx,
    );
    expect(result.skips).toEqual([
      {
        source: 'helm:shop',
        file: '.',
        reason: 'render: true needs the chart: expected Chart.yaml beside the first values file',
      },
    ]);
  });
});

describe('helm template rendering', () => {
  const chartDir = path.join(fixtures, 'shop');
  const input = {
    source: 'helm:shop',
    fingerprint,
    release: 'shop',
    chartDir,
    chartDisplay: 'shop',
    valuesFiles: [path.join(chartDir, 'values.yaml'), path.join(chartDir, 'values-production.yaml')],
  };

  it('passes release, chart and values files in order, and reads the manifests with the kubernetes extractor', async () => {
    const bin = fakeHelm(
      path.join(temp, 'helm-ok'),
      [
        `printf '%s\\n' "$@" > '${path.join(temp, 'helm-args.txt')}'`,
        "cat <<'EOF'",
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: shop}',
        'spec:',
        '  replicas: 6',
        '  template:',
        '    spec:',
        '      containers:',
        '        - name: shop',
        '          image: ghcr.io/acme/shop-api:2.31.0',
        'EOF',
      ].join('\n'),
    );
    const result = await renderChart({ ...input, searchPath: bin });
    expect(result.skips).toEqual([]);
    expect(result.facts.find((f) => f.key === 'infra/workload/shop/replicas')).toMatchObject({
      value: 6,
      origin: { source: 'helm:shop', file: 'helm template shop', line: 5 },
    });
    expect(readFileSync(path.join(temp, 'helm-args.txt'), 'utf8').split('\n')).toEqual([
      'template',
      'shop',
      chartDir,
      '--values',
      input.valuesFiles[0],
      '--values',
      input.valuesFiles[1],
      '',
    ]);
  });

  it('through collect: rendered manifests speak for workloads and env, the values for the other settings', async () => {
    const bin = fakeHelm(
      path.join(temp, 'helm-collect'),
      [
        "cat <<'EOF'",
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: shop}',
        'spec:',
        '  replicas: 6',
        '  template:',
        '    spec:',
        '      containers:',
        '        - name: api',
        '          image: ghcr.io/acme/shop-api:2.31.0',
        '          env: [{name: LOG_LEVEL, value: warn}]',
        'EOF',
      ].join('\n'),
    );
    const saved = process.env.PATH;
    process.env.PATH = `${bin}${path.delimiter}${saved ?? ''}`;
    try {
      const result = await helmValuesSource.collect(
        spec(['shop/values.yaml', 'shop/values-production.yaml']),
        { render: true },
        ctx,
      );
      expect(result.skips).toEqual([]);
      expect(factValue(result.facts, 'infra/workload/shop/replicas')).toBe(6);
      expect(factValue(result.facts, 'infra/workload/shop/container/api/image')).toBe(
        'ghcr.io/acme/shop-api:2.31.0',
      );
      // The values' own reading of the same keys gives way to what the chart rendered.
      expect(factValue(result.facts, 'infra/autoscaling/shop/max-replicas')).toBeUndefined();
      expect(factValue(result.facts, 'config/env/shop/PAYMENT_TIMEOUT_MS')).toBeUndefined();
      expect(factValue(result.facts, 'config/helm/shop/service.port')).toBe(8080);
    } finally {
      process.env.PATH = saved;
    }
  });

  it('reports a failing helm without quoting what it printed', async () => {
    const bin = fakeHelm(
      path.join(temp, 'helm-fails'),
      'echo \'Error: template: shop/templates/secret.yaml:4: value "PLANTED-in-stderr" is bad\' >&2\nexit 1',
    );
    const result = await renderChart({ ...input, searchPath: bin });
    expect(result).toEqual({
      facts: [],
      skips: [
        {
          source: 'helm:shop',
          file: 'shop',
          reason:
            'helm template failed: exit code 1: Error: template: shop/templates/secret.yaml:4: value "…" is bad',
        },
      ],
    });
  });
});
