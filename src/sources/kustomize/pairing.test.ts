import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rbacRules } from '../../rules/access/rbac.js';
import { rules } from '../../rules/index.js';
import { compareRules, SUFFIX_RENAMES } from '../../test-support/compare.js';
import { createFingerprinter } from '../secrets.js';
import { collectKustomize } from './render.js';

const BASE_DIR = fileURLToPath(new URL('./__fixtures__/', import.meta.url));

async function facts(overlay: string) {
  const result = await collectKustomize({
    source: 'kustomize',
    paths: [overlay],
    baseDir: BASE_DIR,
    renderer: 'builtin',
    pathEnv: '',
    fingerprint: createFingerprinter('one-key-for-both'),
  });
  return result.facts;
}

describe('kustomize overlays with -stg and -prd suffixes', () => {
  it('pair up through rename: and surface what staging hides', async () => {
    const comparison = compareRules(await facts('shop/production'), await facts('shop/staging'), {
      rename: SUFFIX_RENAMES,
      rules: [...rbacRules, ...rules],
    });
    const found = comparison.divergences.map((d) => `${d.severity} ${d.rule} ${d.key}`);
    expect(found.slice(0, 4)).toEqual([
      'critical access.cluster-admin access/rbac/checkout/cluster-admin',
      'high config.debug-enabled config/env/checkout/LOG_LEVEL',
      'high config.timeout-differs config/env/checkout/PAYMENT_TIMEOUT_MS',
      'high infra.single-replica infra/workload/checkout/replicas',
    ]);
    // Everything pairs: no workload, CronJob or Secret exists on one side only.
    expect(
      comparison.divergences
        .filter((d) => d.kind === 'only-baseline' || d.kind === 'only-candidate')
        .map((d) => d.key),
    ).toEqual([
      'config/env/checkout/FEATURE_ONE_CLICK',
      'config/env/checkout/FRAUD_CHECK_ENABLED',
      'config/configmap/checkout-config/FEATURE_ONE_CLICK',
    ]);
    const admin = comparison.divergences[0]!;
    expect(admin.message).toBe(
      "staging's service account checkout, which workloads run as, is bound to cluster-admin; production's is not",
    );
    expect(admin.candidate?.origin).toEqual({
      source: 'kustomize',
      file: 'shop/staging/debug-cluster-admin.yaml',
      line: 7,
    });
  });
});
