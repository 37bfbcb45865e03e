import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createFingerprinter } from '../secrets.js';
import type { FactValue, SourceResult } from '../types.js';
import { collectKustomize } from './render.js';

const BASE_DIR = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
const PLANTED = [
  'sk_live_PLANTEDprodStripe51Hx',
  'PLANTED-prod-db-password-9d1',
  'sk_test_PLANTEDstagingStripe77',
  'PLANTED-staging-db-password-4c2',
];

function render(path: string, renderer: 'builtin' | 'kubectl' = 'builtin'): Promise<SourceResult> {
  return collectKustomize({
    source: 'kustomize',
    paths: [path],
    baseDir: BASE_DIR,
    renderer,
    pathEnv: process.env.PATH ?? '',
    fingerprint: createFingerprinter('test-key'),
  });
}

/** key -> [value, file:line]: what each fact says and where it was written. */
function byKey(result: SourceResult): Record<string, [FactValue, string]> {
  return Object.fromEntries(result.facts.map((f) => [f.key, [f.value, `${f.origin.file}:${f.origin.line}`]]));
}

describe('kustomize built-in renderer: the shop staging overlay', () => {
  let result: SourceResult;
  let facts: Record<string, [FactValue, string]>;
  beforeAll(async () => {
    result = await render('shop/staging');
    facts = byKey(result);
  });

  it('names objects after the suffix, so rename: pairs them with production', () => {
    expect(facts['infra/workload/checkout-stg/kind']).toEqual([
      'Deployment',
      'shop/base/checkout-deployment.yaml:2',
    ]);
    expect(facts['deploys/cronjob/nightly-report-stg/schedule']).toEqual([
      '0 2 * * *',
      'shop/base/nightly-report-cronjob.yaml:6',
    ]);
    expect(result.skips).toEqual([]);
  });

  it('places replicas, images and namespace at the kustomization lines that set them', () => {
    expect(facts['infra/workload/checkout-stg/replicas']).toEqual([1, 'shop/staging/kustomization.yaml:16']);
    expect(facts['infra/workload/checkout-stg/container/app/image']).toEqual([
      'registry.example.com/shop/checkout:1.5.0-rc.1',
      'shop/staging/kustomization.yaml:10',
    ]);
    expect(facts['infra/workload/checkout-stg/container/metrics-agent/image']).toEqual([
      'docker.io/library/busybox:1.36',
      'shop/staging/kustomization.yaml:13',
    ]);
    expect(facts['infra/substrate/namespace']).toEqual([['shop-stg'], 'shop/staging/kustomization.yaml:3']);
  });

  it('places values a patch changed at the patch: strategic merge file, inline patch, JSON file', () => {
    expect(facts['config/env/checkout-stg/PAYMENT_TIMEOUT_MS']).toEqual([
      '30000',
      'shop/staging/checkout-debug.yaml:11',
    ]);
    expect(facts['config/env/checkout-stg/LOG_LEVEL']).toEqual([
      'debug',
      'shop/staging/checkout-debug.yaml:13',
    ]);
    expect(facts['config/env/checkout-stg/FRAUD_CHECK_ENABLED']).toBeUndefined(); // $patch: delete
    expect(facts['deploys/cronjob/nightly-report-stg/suspend']).toEqual([
      true,
      'shop/staging/kustomization.yaml:25',
    ]);
    expect(facts['infra/autoscaling/checkout-stg/min-replicas']).toEqual([
      1,
      'shop/staging/hpa-small.json:2',
    ]);
    expect(facts['infra/autoscaling/checkout-stg/max-replicas']).toEqual([
      2,
      'shop/staging/hpa-small.json:3',
    ]);
    // Untouched values keep the base's lines.
    expect(facts['infra/workload/checkout-stg/container/app/memory-limit']).toEqual([
      1073741824,
      'shop/base/checkout-deployment.yaml:38',
    ]);
  });

  it('merges generated ConfigMaps over the base, each key at the line that wrote it', () => {
    expect(facts['config/configmap/checkout-config-stg/DB_POOL_SIZE']).toEqual([
      '5',
      'shop/staging/staging.env:2',
    ]);
    expect(facts['config/configmap/checkout-config-stg/CURRENCY']).toEqual([
      'EUR',
      'shop/base/kustomization.yaml:16',
    ]);
    expect(facts['config/configmap/checkout-config-stg/RECEIPT_FOOTER']).toEqual([
      'Thank you for shopping',
      'shop/base/kustomization.yaml:17',
    ]);
    expect(facts['config/env/checkout-stg/PAYMENT_PROVIDER_URL']).toEqual([
      'https://sandbox.stripe.example.com',
      'shop/staging/staging.env:1',
    ]);
  });

  it('fingerprints generated Secrets and resolves envFrom through the suffixed names', () => {
    expect(facts['access/secret/checkout-secrets-stg/STRIPE_SECRET_KEY']).toEqual([
      { secret: true, fingerprint: expect.any(String) },
      'shop/staging/secrets.env:1',
    ]);
    expect(facts['config/env/checkout-stg/DB_PASSWORD']?.[0]).toMatchObject({ secret: true });
  });

  it('reads RBAC after the patches: the role gained secrets, the debug binding made it cluster-admin', () => {
    expect(facts['access/rbac/checkout-stg/permissions']?.[0]).toEqual([
      '*:*/*',
      'delete:core/secrets',
      'get:core/configmaps',
      'get:core/secrets',
      'list:core/configmaps',
      'list:core/secrets',
      'watch:core/configmaps',
    ]);
    expect(facts['access/rbac/checkout-stg/cluster-admin']).toEqual([
      true,
      'shop/staging/debug-cluster-admin.yaml:7',
    ]);
    expect(facts['access/workload/checkout-stg/service-account']).toEqual([
      'checkout-stg',
      'shop/base/checkout-deployment.yaml:17',
    ]);
  });
});

describe('kustomize built-in renderer: the shop production overlay', () => {
  it('applies replicas, the resources patch file and the inline JSON patch', async () => {
    const facts = byKey(await render('shop/production'));
    expect(facts['infra/workload/checkout-prd/replicas']).toEqual([
      6,
      'shop/production/kustomization.yaml:12',
    ]);
    expect(facts['infra/workload/checkout-prd/container/app/cpu-request']).toEqual([
      2,
      'shop/production/checkout-resources.yaml:12',
    ]);
    expect(facts['infra/workload/checkout-prd/container/app/memory-limit']).toEqual([
      4294967296,
      'shop/production/checkout-resources.yaml:15',
    ]);
    expect(facts['infra/autoscaling/checkout-prd/max-replicas']).toEqual([
      30,
      'shop/production/kustomization.yaml:21',
    ]);
    expect(facts['config/configmap/checkout-config-prd/FEATURE_ONE_CLICK']).toEqual([
      'on',
      'shop/production/kustomization.yaml:29',
    ]);
    expect(facts['access/secret/checkout-secrets-prd/DB_PASSWORD']?.[1]).toBe(
      'shop/production/kustomization.yaml:34',
    );
    expect(facts['access/rbac/checkout-prd/cluster-admin']?.[0]).toBe(false);
  });
});

describe('kustomize: what it cannot render is a skip naming the file and line, never a partial render', () => {
  it('refuses overlays that use features the built-in renderer does not apply', async () => {
    const result = await render('unsupported-replacements-and-components');
    expect(result.facts).toEqual([]);
    expect(result.skips).toEqual([
      {
        source: 'kustomize',
        file: 'unsupported-replacements-and-components/kustomization.yaml',
        line: 5,
        reason:
          'overlay not rendered: the built-in renderer does not apply `replacements` (unsupported-replacements-and-components/kustomization.yaml:5); install kustomize or kubectl (renderer: kustomize or kubectl) to render this overlay',
      },
    ]);
  });

  it('names a cycle between overlays instead of hanging', async () => {
    const result = await render('cycle-between-overlays/a');
    expect(result.facts).toEqual([]);
    expect(result.skips).toEqual([
      {
        source: 'kustomize',
        file: 'cycle-between-overlays/b/kustomization.yaml',
        line: 3,
        reason:
          'overlay not rendered: resources form a cycle: cycle-between-overlays/a -> cycle-between-overlays/b -> cycle-between-overlays/a',
      },
    ]);
  });

  it('stops at a missing resource file, as kustomize build does', async () => {
    const result = await render('missing-resource-file');
    expect(result.facts).toEqual([]);
    expect(result.skips).toEqual([
      {
        source: 'kustomize',
        file: 'missing-resource-file/kustomization.yaml',
        line: 3,
        reason: 'overlay not rendered: worker-service.yaml: no such file or directory',
      },
    ]);
  });

  it('stops at a strategic-merge patch whose target is not in the render', async () => {
    const result = await render('patch-target-missing');
    expect(result.skips).toEqual([
      {
        source: 'kustomize',
        file: 'patch-target-missing/kustomization.yaml',
        line: 5,
        reason: 'overlay not rendered: strategic-merge patch: no Deployment named payments to patch',
      },
    ]);
  });

  it('renders the local part of an overlay with a remote base and names what it left out', async () => {
    const result = await render('remote-base-and-local-deployment');
    expect(result.facts.map((f) => f.key)).toContain('infra/workload/worker/kind');
    expect(result.skips).toEqual([
      {
        source: 'kustomize',
        file: 'remote-base-and-local-deployment/kustomization.yaml',
        line: 2,
        reason:
          'remote resource github.com/acme/platform//monitoring?ref=v1.2.0 not fetched: the built-in renderer reads local files only; its objects are missing from this render',
      },
    ]);
  });

  it('says when a path is no overlay at all', async () => {
    const result = await render('shop/base/checkout-service.yaml');
    expect(result.skips).toEqual([
      {
        source: 'kustomize',
        file: 'shop/base/checkout-service.yaml',
        reason: 'expected an overlay folder holding kustomization.yaml (or the kustomization file itself)',
      },
    ]);
  });
});

describe('kustomize: secrets', () => {
  // kubectl's render is checked in external.test.ts.
  it('keeps every planted secret out of facts and skips', async () => {
    for (const path of ['shop/staging', 'shop/production']) {
      const result = await render(path);
      expect(result.facts.length).toBeGreaterThan(30);
      const json = JSON.stringify(result);
      for (const secret of PLANTED) expect(json).not.toContain(secret);
    }
  });
});
