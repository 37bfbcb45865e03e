import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createFingerprinter } from '../secrets.js';
import type { SourceSpec } from '../types.js';
import { helmfileSource } from './index.js';

const fixtures = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
const spec = (paths: string[]): SourceSpec => ({
  kind: 'helmfile',
  id: 'hf',
  paths,
  baseDir: fixtures,
  options: {},
});
const collect = (paths: string[], environment: string, options: Record<string, unknown> = {}) =>
  helmfileSource.collect(spec(paths), helmfileSource.options.parse(options), {
    environment,
    production: environment === 'production',
    fingerprint: createFingerprinter('k'),
  });
const values = (facts: { key: string; value: unknown }[]) =>
  Object.fromEntries(facts.map((f) => [f.key, f.value]));

describe('helmfile source', () => {
  it('resolves the environment’s values files and each release’s, through the helm-values reader', async () => {
    const staging = await collect(['shop'], 'staging');
    const production = await collect(['shop/helmfile.yaml'], 'production');
    expect(staging.skips).toEqual([]);
    expect(values(staging.facts)).toMatchObject({
      'config/helm/state-values/apiTag': '1.4.0',
      'infra/workload/api/replicas': 1,
      'infra/workload/api/container/api/cpu-limit': 0.5,
      // The local chart's own values.yaml is merged first, as Helm does.
      'infra/workload/api/container/api/image': 'ghcr.io/shop/api:latest',
      'config/env/api/LOG_LEVEL': 'info',
      'infra/helmfile/redis/chart': 'bitnami/redis@18.1.0',
      'config/helm/redis/auth.existingSecret': 'redis-auth',
    });
    expect(values(production.facts)).toMatchObject({
      'infra/workload/api/replicas': 6,
      'infra/workload/api/container/api/memory-limit': 4 * 2 ** 30,
    });
    expect(staging.facts.find((f) => f.key === 'infra/workload/api/replicas')?.origin).toEqual({
      source: 'hf',
      file: 'shop/values/api-staging.yaml',
      line: 1,
    });
    // Inline values point at their line in the helmfile.
    expect(staging.facts.find((f) => f.key === 'config/helm/redis/architecture')?.origin.line).toBe(27);
  });

  it('evaluates `installed:` over the environment’s name, and defaults `environment:` to Parity’s', async () => {
    const staging = values((await collect(['shop'], 'staging')).facts);
    const production = values((await collect(['shop'], 'prod', { environment: 'production' })).facts);
    expect(staging['infra/helmfile/worker/installed']).toBe(false);
    expect(production['infra/helmfile/worker/installed']).toBe(true);
  });

  it('reports a templated values file as unsupported, with the reason, and compares none of that release', async () => {
    const production = await collect(['shop'], 'production');
    expect(production.skips).toEqual([
      {
        source: 'hf',
        file: 'shop/helmfile.yaml',
        line: 21,
        reason:
          'release worker values: values/worker.yaml.gotmpl is a template; templated values need helmfile to render',
      },
      {
        source: 'hf',
        file: 'shop/helmfile.yaml',
        line: 18,
        reason: 'worker: values not compared, 1 of its values entries could not be read (see above)',
        key: 'config/helm/worker',
      },
    ]);
    expect(production.facts.some((f) => f.key.startsWith('config/helm/worker'))).toBe(false);
  });

  it('says which environments the helmfile defines when this one is not among them', async () => {
    const result = await collect(['shop'], 'qa');
    expect(result).toEqual({
      facts: [],
      skips: [
        {
          source: 'hf',
          file: 'shop/helmfile.yaml',
          reason:
            "environment qa is not among the helmfile's environments (it defines staging, production): set `environment:`",
          unread: true,
        },
      ],
    });
  });

  it('names control structures, a missing values file, `set:` and a file that is no helmfile with file:line', async () => {
    const control = await collect(['control.yaml.gotmpl'], 'staging');
    expect(control.skips.map((s) => `${s.file}:${s.line} ${s.reason}`)).toEqual([
      'control.yaml.gotmpl:5 templated helmfile ({{ if }}, {{ range }} ...): templated values need helmfile to render; only the rest is read',
      'control.yaml.gotmpl:6 release name is templated or not a plain name: needs helmfile to render',
    ]);
    const missing = await collect(['missing-values.yaml'], 'staging');
    expect(missing.skips.map((s) => s.reason)).toContain(
      'no such file or directory (named at missing-values.yaml:3)',
    );
    expect(missing.skips.map((s) => `${s.line} ${s.reason}`)).toContain(
      '10 release api set: not read yet (values set on the command line)',
    );
    const list = await collect(['not-helmfile.yaml'], 'staging');
    expect(list.skips[0]).toEqual({
      source: 'hf',
      file: 'not-helmfile.yaml',
      line: 1,
      reason: 'expected a helmfile mapping, got a list',
    });
  });

  it('has strict options', () => {
    expect(helmfileSource.options.safeParse({ environment: 'production' }).success).toBe(true);
    expect(helmfileSource.options.safeParse({ environment: 'a b' }).success).toBe(false);
    expect(helmfileSource.options.safeParse({ env: 'x' }).success).toBe(false);
  });
});
