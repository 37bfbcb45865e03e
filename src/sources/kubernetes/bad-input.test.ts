import { describe, expect, it } from 'vitest';
import { byKey, runKubernetes } from '../../test-support/kubernetes.js';
import { createFingerprinter } from '../secrets.js';
import { extractKubernetes } from './extract.js';

const run = runKubernetes;

describe('kubernetes extract: bad input', () => {
  it('skips what it cannot read with a line, and reads the documents around it', () => {
    const result = run(['malformed-multi-doc.yaml']);
    expect(byKey(result)).toMatchObject({
      'config/configmap/before-the-bad-one/MODE': ['ok', 'malformed-multi-doc.yaml:6'],
      'config/configmap/after-the-bad-one/MODE': ['still-read', 'malformed-multi-doc.yaml:52'],
      'infra/workload/counting/kind': ['Deployment', 'malformed-multi-doc.yaml:28'],
      'infra/workload/counting/container/app/memory-request': [268435456, 'malformed-multi-doc.yaml:41'],
      'config/env/counting/OK_VAR': ['fine', 'malformed-multi-doc.yaml:44'],
    });
    expect(result.skips.map((s) => [s.line, s.reason])).toEqual([
      [13, 'invalid YAML: unexpected end of the stream within a flow collection'],
      [15, 'expected a Kubernetes object (a mapping with kind and metadata.name), got a list'],
      [18, 'expected a Kubernetes object with a kind (and metadata.name)'],
      [22, 'Deployment: expected metadata.name (generateName alone names nothing stable)'],
      [32, 'replicas: expected a whole number, got "three"'],
      [40, 'resources.requests.cpu: expected a quantity such as 250m or 1.5, got "lots"'],
      [43, 'env entry: expected a mapping with a name'],
    ]);
    expect(result.facts.some((f) => f.key === 'infra/workload/counting/replicas')).toBe(false);
  });

  it('reports a truncated JSON dump at its last line', () => {
    const result = run(['kubectl-dump-truncated.json']);
    expect(result.facts).toEqual([]);
    expect(result.skips).toEqual([
      {
        source: 'k8s',
        file: 'kubectl-dump-truncated.json',
        line: 25,
        reason: 'invalid JSON: unexpected end of the stream within a flow collection',
      },
    ]);
  });

  it('recognises Helm templates and kustomization files', () => {
    const result = run(['helm-template-deployment.yaml', 'kustomization.yaml']);
    expect(result.facts).toEqual([]);
    expect(result.skips).toEqual([
      {
        source: 'k8s',
        file: 'helm-template-deployment.yaml',
        line: 4,
        reason: 'looks like a Helm template; render it first or use the helm-values source',
      },
      {
        source: 'k8s',
        file: 'kustomization.yaml',
        line: 1,
        reason:
          'a kustomization file, not a manifest: use the kustomize source (or `kubectl kustomize` output)',
      },
    ]);
  });

  it('lists no custom resource as a skip: they are compared (these have nothing to compare)', () => {
    const result = run(['custom-resources-and-rbac.yaml']);
    expect(result.facts).toEqual([]);
    expect(result.skips).toEqual([]);
  });

  it('keeps the first of two same-named workloads and says so once', () => {
    const result = run(['same-name-two-namespaces.yaml']);
    expect(byKey(result)['infra/workload/web/replicas']).toEqual([2, 'same-name-two-namespaces.yaml:8']);
    expect(result.skips).toEqual([
      {
        source: 'k8s',
        file: 'same-name-two-namespaces.yaml',
        line: 15,
        reason:
          'Deployment web (namespace team-b): 1 value differs from one already read under the same keys (e.g. infra/workload/web/replicas at same-name-two-namespaces.yaml:8); keys carry no namespace, so the first definition is kept',
      },
    ]);
  });
});

describe('kubernetes extract: odd but readable input', () => {
  const read = (text: string) =>
    extractKubernetes([{ file: 'odd.yaml', text }], { source: 'k8s', fingerprint: createFingerprinter('k') });

  it('reads the first of two containers with the same name and says so', () => {
    const result = read(
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: w\nspec:\n  template:\n    spec:\n      containers:\n' +
        '        - name: app\n          image: a:1\n        - name: app\n          image: a:2\n',
    );
    expect(result.facts.find((f) => f.key === 'infra/workload/w/container/app/image')?.value).toBe('a:1');
    expect(result.skips).toEqual([
      {
        source: 'k8s',
        file: 'odd.yaml',
        line: 11,
        reason: 'containers: container name app is repeated; the first one is read',
      },
    ]);
  });

  it('keeps unquoted dates and numbers in ConfigMaps as the text written', () => {
    const result = read(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  RELEASED: 2024-01-01\n  PORT: 8080\n',
    );
    expect(result.facts.map((f) => [f.key, f.value])).toEqual([
      ['config/configmap/c/RELEASED', '2024-01-01'],
      ['config/configmap/c/PORT', '8080'],
    ]);
  });

  it('reads Jobs a present CronJob owns through the CronJob, and a Job of another API group as a custom resource', () => {
    const result = read(
      'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: nightly\nspec:\n  schedule: "0 1 * * *"\n' +
        '  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: []\n' +
        '---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: nightly-28930\n  ownerReferences:\n    - kind: CronJob\n      name: nightly\n' +
        'spec:\n  template:\n    spec:\n      containers: []\n' +
        '---\napiVersion: batch.volcano.sh/v1alpha1\nkind: Job\nmetadata:\n  name: training\nspec:\n  minAvailable: 2\n',
    );
    expect(result.facts.map((f) => f.key)).toEqual([
      'infra/workload/nightly/kind',
      'deploys/cronjob/nightly/schedule',
      'access/workload/nightly/service-account',
      'access/workload/nightly/automount-token',
      'config/resource/Job/training/spec.minAvailable',
    ]);
    expect(result.skips).toEqual([]);
  });
});
