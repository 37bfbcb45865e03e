import { describe, expect, it } from 'vitest';
import type { Fact } from '../../model/fact.js';
import { briefWithMessage, compareRules } from '../../test-support/compare.js';
import { fixtureFile } from '../../test-support/fixtures.js';
import { createFingerprinter } from '../secrets.js';
import { extractHelmValues } from './extract.js';

const fingerprint = createFingerprinter('helm-semantic-key');
const read = (name: string) => fixtureFile(new URL('./__fixtures__/', import.meta.url), name);
const extract = (names: string[], workload = 'app-config') =>
  extractHelmValues(names.map(read), { source: 'helm', fingerprint, workload });

function at(facts: readonly Fact[], key: string) {
  const fact = facts.find((f) => f.key === key);
  return fact && [fact.value, `${fact.origin.file}:${fact.origin.line}`];
}

describe('helm values: semantic keys at any depth', () => {
  const production = extract(['app-list/values-production.yaml']).facts;
  const staging = extract(['app-list/values-staging.yaml']).facts;

  it('reads an application in a list by its name, through its helmValues, as a workload', () => {
    expect(at(production, 'infra/workload/frontend/replicas')).toEqual([
      150,
      'app-list/values-production.yaml:9',
    ]);
    expect(at(staging, 'infra/workload/frontend/replicas')).toEqual([6, 'app-list/values-staging.yaml:8']);
    expect(at(production, 'infra/workload/frontend/container/frontend/memory-limit')).toEqual([
      12 * 2 ** 30,
      'app-list/values-production.yaml:13',
    ]);
    expect(at(production, 'infra/workload/frontend.workers/enabled')).toEqual([
      true,
      'app-list/values-production.yaml:18',
    ]);
    expect(at(production, 'infra/autoscaling/jobs/max-replicas')).toEqual([
      20,
      'app-list/values-production.yaml:29',
    ]);
    // Read as infra, not also as settings.
    expect(production.some((f) => /replicaCount|appResources|keda/.test(f.key))).toBe(false);
  });

  it('reads an HorizontalPodAutoscaler-shaped list element as the autoscaler of its target', () => {
    expect(at(production, 'infra/autoscaling/search/max-replicas')).toEqual([
      15,
      'app-list/values-production.yaml:37',
    ]);
    expect(at(production, 'infra/autoscaling/search/min-replicas')).toEqual([
      3,
      'app-list/values-production.yaml:36',
    ]);
    expect(staging.some((f) => f.key.startsWith('infra/autoscaling/search/'))).toBe(false);
    expect(production.some((f) => f.key.startsWith('infra/workload/search.'))).toBe(false);
  });

  it('gives an application that sets no replicaCount the top-level default, with its line', () => {
    expect(at(staging, 'infra/workload/router/replicas')).toEqual([2, 'app-list/values-staging.yaml:2']);
    expect(at(production, 'infra/workload/router/replicas')).toEqual([
      3,
      'app-list/values-production.yaml:3',
    ]);
    // A nested component takes the default one level down: workers.replicaCount.
    expect(at(production, 'infra/workload/frontend.workers/replicas')).toEqual([
      3,
      'app-list/values-production.yaml:5',
    ]);
  });

  it('judges them by the infra rules, severity by the size of the difference', () => {
    const found = briefWithMessage(compareRules(production, staging).divergences).filter(([, key]) =>
      key.includes('frontend'),
    );
    // The workers' replicas (3 vs 2) are not reported: the component is off in staging.
    expect(found).toEqual([
      [
        'infra.component-disabled',
        'infra/workload/frontend.workers/enabled',
        'differs',
        'high',
        'frontend.workers is enabled in production and disabled in staging',
      ],
      [
        'infra.resources-out-of-scale',
        'infra/workload/frontend/container/frontend/memory-limit',
        'out-of-scale',
        'high',
        'frontend/frontend memory-limit: production 12 GiB, staging 1 GiB (expected ~12 GiB at resources scale 1)',
      ],
      [
        'infra.replicas-out-of-scale',
        'infra/workload/frontend/replicas',
        'out-of-scale',
        'medium',
        'frontend replicas: production 150, staging 6 (expected ~30 at replicas scale 0.2)',
      ],
    ]);
  });
});

describe('helm values: a component keyed the same whatever else its file sets', () => {
  it('keys resources by the component whether or not the file sets replicaCount', () => {
    const prod = extract(['generic-service/values-prod.yaml'], 'helm_deploy').facts;
    const preprod = extract(['generic-service/values-preprod.yaml'], 'helm_deploy').facts;
    const resources = (facts: readonly Fact[]) =>
      facts.filter((f) => /(cpu|memory)-(limit|request)$/.test(f.key)).map((f) => f.key);
    expect(resources(prod)).toEqual([
      'infra/workload/generic-service/container/generic-service/cpu-limit',
      'infra/workload/generic-service/container/generic-service/memory-limit',
    ]);
    expect(resources(preprod)).toEqual(resources(prod));
    expect(compareRules(prod, preprod).divergences.map((d) => d.rule)).not.toContain(
      'infra.resources-only-one',
    );
  });

  it('layers the chart values under the overlay, and reads a component enabled in production only', () => {
    const prod = extract(['generic-service/values.yaml', 'generic-service/values-prod.yaml'], 'api').facts;
    const preprod = extract(
      ['generic-service/values.yaml', 'generic-service/values-preprod.yaml'],
      'api',
    ).facts;
    expect(at(prod, 'infra/workload/generic-service/replicas')).toEqual([4, 'generic-service/values.yaml:4']);
    expect(at(preprod, 'infra/workload/generic-service/replicas')).toEqual([
      2,
      'generic-service/values-preprod.yaml:3',
    ]);
    expect(at(prod, 'infra/workload/postgresDatabaseRestore/enabled')).toEqual([
      true,
      'generic-service/values-prod.yaml:8',
    ]);
    expect(at(preprod, 'infra/workload/postgresDatabaseRestore/enabled')).toEqual([
      false,
      'generic-service/values.yaml:16',
    ]);
  });
});
