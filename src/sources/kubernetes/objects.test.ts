import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createFingerprinter } from '../secrets.js';
import type { SourceResult } from '../types.js';
import { extractKubernetes } from './extract.js';

function run(...names: string[]): SourceResult {
  const files = names.map((file) => ({
    file,
    text: readFileSync(new URL(`./__fixtures__/${file}`, import.meta.url), 'utf8'),
  }));
  return extractKubernetes(files, { source: 'k8s', fingerprint: createFingerprinter('test-key') });
}

/** key -> [value, line] */
function byKey(result: SourceResult): Record<string, unknown> {
  return Object.fromEntries(result.facts.map((f) => [f.key, [f.value, f.origin.line]]));
}

describe('autoscalers', () => {
  const result = run('autoscalers-hpa-v1-v2beta1-keda.yaml');
  const facts = byKey(result);

  it('reads autoscaling/v1 with its default minimum', () => {
    expect(facts['infra/autoscaling/search/min-replicas']).toEqual([1, 5]);
    expect(facts['infra/autoscaling/search/max-replicas']).toEqual([10, 10]);
    expect(facts['infra/autoscaling/search/metrics']).toEqual([['cpu:60%'], 11]);
  });

  it('reads v2beta1 metric shapes and the 80% CPU default of an HPA without metrics', () => {
    expect(facts['infra/autoscaling/api/metrics']).toEqual([
      ['memory:avg=1Gi', 'pods:http_requests_per_second'],
      23,
    ]);
    expect(facts['infra/autoscaling/defaults/metrics']).toEqual([['cpu:80%'], 38]);
    expect(facts['infra/autoscaling/defaults/max-replicas']).toBeUndefined();
    expect(result.skips).toEqual([
      {
        source: 'k8s',
        file: 'autoscalers-hpa-v1-v2beta1-keda.yaml',
        line: 41,
        reason: 'maxReplicas: expected a whole number, got "many"',
      },
    ]);
  });

  it('reads a KEDA ScaledObject with KEDA defaults', () => {
    expect(facts['infra/autoscaling/worker/min-replicas']).toEqual([0, 47]);
    expect(facts['infra/autoscaling/worker/max-replicas']).toEqual([40, 50]);
    expect(facts['infra/autoscaling/worker/metrics']).toEqual([['cpu:75%', 'external:rabbitmq'], 51]);
    const min = result.facts.find((f) => f.key === 'infra/autoscaling/worker/min-replicas');
    expect(min).toMatchObject({
      compare: 'scaled',
      scale: 'replicas',
      subject: 'worker',
      attribute: 'min-replicas',
    });
  });
});

describe('disruption budgets', () => {
  it('names a PDB after the one workload its selector matches, else after itself', () => {
    expect(byKey(run('disruption-budgets.yaml'))).toMatchObject({
      'infra/pdb/postgres/max-unavailable': ['25%', 22],
      'infra/pdb/orphan-pdb/min-available': [1, 34],
    });
  });
});

describe('workload kinds and scheduling', () => {
  const result = run('workload-kinds-and-scheduling.yaml');
  const facts = byKey(result);

  it('reads StatefulSet, DaemonSet, Job, Argo Rollout and a bare Pod', () => {
    expect(
      Object.entries(facts)
        .filter(([k]) => k.endsWith('/kind'))
        .map(([k, v]) => [k.split('/')[2], (v as unknown[])[0]]),
    ).toEqual([
      ['kafka', 'StatefulSet'],
      ['node-agent', 'DaemonSet'],
      ['reindex', 'Job'],
      ['frontend', 'Rollout'],
      ['debug-shell', 'Pod'],
    ]);
    expect(facts['infra/workload/frontend/replicas']).toEqual([5, 81]);
    expect(facts['infra/workload/node-agent/replicas']).toBeUndefined();
  });

  it('reads zones and instance types from node affinity and node selectors', () => {
    expect(facts['infra/workload/kafka/zones']).toEqual([['eu-west-1a', 'eu-west-1b'], 14]);
    expect(facts['infra/workload/kafka/instance-types']).toEqual([['r6i.2xlarge'], 17]);
    expect(facts['infra/workload/kafka/node-selector']).toEqual([
      ['cloud.google.com/gke-nodepool=kafka-pool'],
      20,
    ]);
    expect(facts['infra/workload/kafka/topology-spread']).toEqual([['kubernetes.io/hostname'], 25]);
    expect(facts['infra/workload/node-agent/zones']).toEqual([['eu-west-1c'], 55]);
    expect(facts['infra/workload/node-agent/node-selector']).toEqual([['kubernetes.io/os=linux'], 56]);
  });

  it('normalises grpc and exec probes and skips one with a wrong type', () => {
    expect(facts['infra/workload/kafka/container/broker/probe/readiness']).toEqual([
      'grpc :9090 period=10s timeout=3s failure=3',
      32,
    ]);
    expect(facts['infra/workload/kafka/container/broker/probe/liveness']).toEqual([
      'exec sh -c kafka-broker-api-versions --bootstrap-server localhost:9092 period=10s timeout=1s failure=6',
      36,
    ]);
    expect(result.skips).toEqual([
      {
        source: 'k8s',
        file: 'workload-kinds-and-scheduling.yaml',
        line: 40,
        reason: 'startupProbe: periodSeconds: expected a number of seconds, got "ten"',
      },
    ]);
  });

  it('collects registries: host part, docker.io when none', () => {
    expect(facts['infra/substrate/registry']).toEqual([
      ['docker.io', 'example.azurecr.io', 'localhost:5000', 'quay.io'],
      31,
    ]);
    expect(facts['infra/workload/node-agent/container/agent/memory-limit']).toEqual([200e6, 62]);
  });
});

describe('services and ingresses', () => {
  it('finds Cloudflare from annotations and not from cert-manager or a DNS-only record', () => {
    const facts = byKey(run('ingress-nginx-proxy-cache-v1beta1.yaml'));
    expect(facts).toEqual({
      'infra/ingress/media/hosts': [['*'], 10],
      'infra/ingress/media/tls': [false, 10],
      'infra/ingress/media/cdn': ['nginx-proxy-cache', 6],
      'infra/ingress/admin/hosts': [['admin.example.com'], 24],
      'infra/ingress/admin/tls': [false, 24],
    });
  });

  it('finds Google Cloud CDN through the backend Service and its BackendConfig, and compares the BackendConfig itself', () => {
    expect(byKey(run('gke-ingress-backendconfig-cdn.yaml'))).toEqual({
      'infra/resource/BackendConfig/static-cdn/spec.cdn.enabled': [true, 8],
      'infra/service/static/type': ['NodePort', 17],
      'infra/service/static/ports': [['80/TCP'], 18],
      'infra/ingress/static/hosts': [['*'], 27],
      'infra/ingress/static/tls': [false, 27],
      'infra/ingress/static/cdn': ['google-cloud-cdn', 25],
    });
  });

  it('reads hosts, TLS and Cloudflare on the production storefront', () => {
    const result = run('production/storefront-ingress.yaml');
    expect(byKey(result)).toEqual({
      'infra/ingress/storefront/hosts': [['shop.example.com', 'www.shop.example.com'], 16],
      'infra/ingress/storefront/tls': [true, 12],
      'infra/ingress/storefront/cdn': ['cloudflare', 8],
      'infra/substrate/namespace': [['shop-prod'], 6],
    });
    expect(result.facts.find((f) => f.key.endsWith('/hosts'))?.compare).toBe('presence');
  });
});

describe('secrets', () => {
  const result = run('secrets-sealed-external-dockerconfig.yaml');
  const facts = byKey(result);

  it('fingerprints Secret and SealedSecret keys; ignores service-account tokens', () => {
    expect(facts['access/secret/regcred/.dockerconfigjson']).toEqual([
      { secret: true, fingerprint: expect.any(String) },
      7,
    ]);
    expect(facts['access/secret/payments-keys/STRIPE_SECRET_KEY']).toEqual([
      { secret: true, fingerprint: expect.any(String) },
      30,
    ]);
    expect(facts['access/secret/db/password']).toEqual(['remoteRef:prod/db#password', 40]);
    expect(Object.keys(facts).some((k) => k.includes('default-token'))).toBe(false);
    expect(
      result.facts.filter((f) => f.key.startsWith('access/')).every((f) => f.compare === 'presence'),
    ).toBe(true);
  });

  it('skips data that is not base64 without echoing it', () => {
    expect(result.skips).toEqual([
      {
        source: 'k8s',
        file: 'secrets-sealed-external-dockerconfig.yaml',
        line: 22,
        reason:
          'data.API_TOKEN: expected base64 (Secret data is base64-encoded; use stringData for plain text)',
      },
    ]);
    expect(JSON.stringify(result)).not.toContain('not base64 at all');
  });

  it('gives the same fingerprint to data and stringData holding the same content', () => {
    const text = (field: string, value: string) =>
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n${field}:\n  K: ${value}\n`;
    const fingerprint = createFingerprinter('k');
    const a = extractKubernetes(
      [{ file: 'a.yaml', text: text('data', Buffer.from('hunter2').toString('base64')) }],
      {
        source: 'k8s',
        fingerprint,
      },
    );
    const b = extractKubernetes([{ file: 'b.yaml', text: text('stringData', 'hunter2') }], {
      source: 'k8s',
      fingerprint,
    });
    expect(a.facts[0]?.value).toEqual(b.facts[0]?.value);
    expect(JSON.stringify([a, b])).not.toContain('hunter2');
  });
});

describe('configmap binaryData', () => {
  const read = (content: string) =>
    extractKubernetes(
      [
        {
          file: 'binary.yaml',
          text: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: certs}\nbinaryData:\n  ca.der: ${Buffer.from(content).toString('base64')}\n`,
        },
      ],
      { source: 'k8s', fingerprint: createFingerprinter('test-key') },
    ).facts.find((f) => f.key === 'config/configmap/certs/ca.der')?.value;

  it('tells two contents of one size apart, by a keyed fingerprint', () => {
    expect(read('production-ca')).toMatch(/^\(binary, 13 bytes, fingerprint [0-9a-f]{12}\)$/);
    expect(read('production-ca')).toBe(read('production-ca'));
    expect(read('production-ca')).not.toBe(read('staging-ca-00'));
  });
});

describe('env valueFrom references', () => {
  const refs = (valueFrom: string) =>
    extractKubernetes(
      [
        {
          file: 'env.yaml',
          text: `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: app:1\n          env:\n            - name: X\n              valueFrom: ${valueFrom}\n`,
        },
      ],
      { source: 'k8s', fingerprint: createFingerprinter('test-key') },
    ).facts.find((f) => f.key.endsWith('/X'))?.value;

  it('keeps what tells two references apart: a divisor, or the whole of a kind it does not know', () => {
    expect(refs('{resourceFieldRef: {resource: limits.cpu, divisor: 1m}}')).toBe(
      'resourceFieldRef:limits.cpu divisor=1m',
    );
    expect(refs('{fileKeyRef: {path: a.env, key: X, volumeName: v}}')).not.toBe(
      refs('{fileKeyRef: {path: b.env, key: X, volumeName: v}}'),
    );
  });
});
