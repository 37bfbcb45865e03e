import { describe, expect, it } from 'vitest';
import { byKey, runKubernetes } from '../../test-support/kubernetes.js';

const run = runKubernetes;

const PLANTED = [
  'PLANTED-db-password-7f3a9',
  'PLANTED-session-key-c0ffee',
  'PLANTED-url-pass',
  'sk_live_PLANTEDstripe51HxYz',
];

describe('kubernetes extract: production checkout', () => {
  const result = run(['production']);
  const facts = byKey(result);

  it('reads the Deployment: kind, replicas, images (init containers prefixed) with their lines', () => {
    expect(facts['infra/workload/checkout/kind']).toEqual(['Deployment', 'production/checkout.yaml:9']);
    expect(facts['infra/workload/checkout/replicas']).toEqual([6, 'production/checkout.yaml:17']);
    expect(facts['infra/workload/checkout/container/app/image']).toEqual([
      'registry.example.com/shop/checkout:2.14.1',
      'production/checkout.yaml:52',
    ]);
    expect(facts['infra/workload/checkout/container/envoy/image']).toEqual([
      'envoyproxy/envoy:v1.31.2',
      'production/checkout.yaml:94',
    ]);
    expect(facts['infra/workload/checkout/container/init:migrate/image']).toEqual([
      'registry.example.com/shop/checkout:2.14.1',
      'production/checkout.yaml:48',
    ]);
  });

  it('normalises resources to cores and bytes, scaled on the resources axis', () => {
    const cpu = result.facts.find((f) => f.key === 'infra/workload/checkout/container/app/cpu-request');
    expect(cpu).toEqual({
      key: 'infra/workload/checkout/container/app/cpu-request',
      dimension: 'infra',
      subject: 'app',
      attribute: 'cpu-request',
      value: 0.5,
      compare: 'scaled',
      scale: 'resources',
      unit: 'cores',
      origin: { source: 'k8s', file: 'production/checkout.yaml', line: 78 },
    });
    expect(facts['infra/workload/checkout/container/app/memory-request']).toEqual([
      536870912,
      'production/checkout.yaml:79',
    ]);
    expect(facts['infra/workload/checkout/container/app/cpu-limit']).toEqual([
      2,
      'production/checkout.yaml:81',
    ]);
    expect(facts['infra/workload/checkout/container/app/memory-limit']).toEqual([
      1073741824,
      'production/checkout.yaml:82',
    ]);
    expect(facts['infra/workload/checkout/container/envoy/cpu-request']).toEqual([
      0.1,
      'production/checkout.yaml:97',
    ]);
  });

  it('normalises probes with Kubernetes defaults filled in', () => {
    expect(facts['infra/workload/checkout/container/app/probe/liveness']).toEqual([
      'http GET :8080/healthz period=10s timeout=1s failure=3 initialDelay=10s',
      'production/checkout.yaml:88',
    ]);
    expect(facts['infra/workload/checkout/container/app/probe/readiness']).toEqual([
      'http GET :8080/ready period=5s timeout=1s failure=3',
      'production/checkout.yaml:83',
    ]);
    expect(facts['infra/workload/checkout/container/envoy/probe/liveness']).toEqual([
      'tcp :9901 period=10s timeout=1s failure=3',
      'production/checkout.yaml:99',
    ]);
  });

  it('resolves env: envFrom ConfigMap and Secret, then env entries which win', () => {
    expect(facts['config/env/checkout/PAYMENT_TIMEOUT_MS']).toEqual(['5000', 'production/checkout.yaml:61']);
    expect(facts['config/env/checkout/FEATURE_ONE_CLICK']).toEqual(['true', 'production/checkout.yaml:147']);
    // The Secret also has DB_PASSWORD, but the env entry's secretKeyRef overrides it.
    expect(facts['config/env/checkout/DB_PASSWORD']).toEqual([
      'secretKeyRef:checkout-db/password',
      'production/checkout.yaml:65',
    ]);
    expect(facts['config/env/checkout/POD_IP']).toEqual([
      'fieldRef:status.podIP',
      'production/checkout.yaml:70',
    ]);
    expect(facts['config/env-from/checkout/secret:checkout-secrets']).toEqual([
      'checkout-secrets',
      'production/checkout.yaml:58',
    ]);
    expect(facts['config/env/checkout/SESSION_KEY']).toEqual([
      { secret: true, fingerprint: expect.any(String) },
      'production/checkout.yaml:160',
    ]);
    expect(facts['config/env/checkout/DATABASE_URL']).toEqual([
      {
        secret: true,
        fingerprint: expect.any(String),
        redacted: 'postgres://checkout:****@db.prod.internal:5432/shop',
      },
      'production/checkout.yaml:149',
    ]);
    expect(facts['config/env/checkout/STRIPE_SECRET_KEY']?.[0]).toMatchObject({ secret: true });
    expect(facts['config/env-from/checkout/configmap:checkout-config']).toBeUndefined();
  });

  it('reads scheduling: spread and anti-affinity keys, instance types, other node selectors', () => {
    expect(facts['infra/workload/checkout/topology-spread']).toEqual([
      ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'],
      'production/checkout.yaml:31',
    ]);
    expect(facts['infra/workload/checkout/instance-types']).toEqual([
      ['m6i.xlarge'],
      'production/checkout.yaml:28',
    ]);
    expect(facts['infra/workload/checkout/node-selector']).toEqual([
      ['workload-class=general'],
      'production/checkout.yaml:29',
    ]);
    expect(facts['infra/workload/checkout/zones']).toBeUndefined();
  });

  it('pairs the HPA and the PDB with the workload they target', () => {
    expect(facts['infra/autoscaling/checkout/min-replicas']).toEqual([6, 'production/checkout.yaml:113']);
    expect(facts['infra/autoscaling/checkout/max-replicas']).toEqual([30, 'production/checkout.yaml:114']);
    expect(facts['infra/autoscaling/checkout/metrics']).toEqual([
      ['cpu:70%', 'external:sqs_queue_depth'],
      'production/checkout.yaml:115',
    ]);
    expect(facts['infra/pdb/checkout/min-available']).toEqual([4, 'production/checkout.yaml:136']);
  });

  it('reads the CronJob schedule with its time zone', () => {
    expect(facts['deploys/cronjob/nightly-report/schedule']).toEqual([
      '30 2 * * * tz=Europe/Paris',
      'production/nightly-report-cronjob.yaml:7',
    ]);
    expect(facts['deploys/cronjob/nightly-report/suspend']).toBeUndefined();
    expect(facts['infra/workload/nightly-report/kind']).toEqual([
      'CronJob',
      'production/nightly-report-cronjob.yaml:2',
    ]);
    expect(facts['infra/workload/nightly-report/container/report/memory-request']?.[0]).toBe(1610612736);
  });

  it('gathers the substrate: one set per attribute for the whole source', () => {
    expect(facts['infra/substrate/registry']).toEqual([
      ['docker.io', 'ghcr.io', 'registry.example.com'],
      'production/checkout.yaml:52',
    ]);
    expect(facts['infra/substrate/namespace']).toEqual([['shop-prod'], 'production/checkout.yaml:6']);
    expect(facts['infra/substrate/cluster']).toEqual([['eu-prod-1'], 'production/checkout.yaml:15']);
    expect(
      result.facts.filter((f) => f.key.startsWith('infra/substrate/')).every((f) => f.compare === 'set'),
    ).toBe(true);
  });

  it('keeps every planted secret out of facts and skips', () => {
    const json = JSON.stringify(result);
    for (const secret of PLANTED) expect(json).not.toContain(secret);
    expect(json).not.toContain('UExBTlRFRC1kYi1wYXNzd29yZC03ZjNhOQ==');
    expect(result.skips).toEqual([]);
  });
});

describe('kubernetes extract: staging variants', () => {
  const facts = byKey(run(['staging']));

  it('defaults replicas to 1 at the spec line and the Service type to ClusterIP', () => {
    expect(facts['infra/workload/checkout/replicas']).toEqual([1, 'staging/checkout.yaml:11']);
    expect(facts['infra/service/checkout/type']).toEqual(['ClusterIP', 'staging/checkout.yaml:72']);
    expect(facts['infra/service/checkout/ports']).toEqual([['80/TCP'], 'staging/checkout.yaml:73']);
  });

  it('records a secretRef whose Secret is not in the set as presence only', () => {
    expect(facts['config/env-from/checkout/secret:checkout-secrets']).toEqual([
      'checkout-secrets',
      'staging/checkout.yaml:26',
    ]);
    expect(facts['config/env/checkout/SESSION_KEY']).toBeUndefined();
    expect(facts['config/env/checkout/FEATURE_ONE_CLICK']).toEqual(['false', 'staging/checkout.yaml:64']);
  });

  it('has no autoscaler, PDB, spreading or CDN, and a suspended CronJob without time zone', () => {
    const keys = Object.keys(facts);
    expect(keys.filter((k) => /autoscaling|pdb|topology-spread|\/cdn$/.test(k))).toEqual([]);
    expect(facts['deploys/cronjob/nightly-report/schedule']).toEqual([
      '30 2 * * *',
      'staging/nightly-report-cronjob.yaml:7',
    ]);
    expect(facts['deploys/cronjob/nightly-report/suspend']).toEqual([
      true,
      'staging/nightly-report-cronjob.yaml:8',
    ]);
    expect(facts['infra/ingress/storefront/tls']).toEqual([false, 'staging/storefront-ingress.yaml:9']);
  });
});

describe('kubernetes extract: dumps, kubeconfigs and options', () => {
  it('reads a kubectl List dump with item lines, and skips ReplicaSets its Deployment owns', () => {
    const result = run(['kubectl-list-dump.json']);
    const facts = byKey(result);
    expect(facts['infra/workload/payments/kind']).toEqual(['Deployment', 'kubectl-list-dump.json:6']);
    expect(facts['infra/workload/payments/replicas']).toEqual([4, 'kubectl-list-dump.json:15']);
    expect(facts['infra/workload/payments/container/payments/cpu-request']).toEqual([
      1.5,
      'kubectl-list-dump.json:43',
    ]);
    expect(facts['infra/workload/payments/container/payments/memory-limit']).toEqual([
      1e9,
      'kubectl-list-dump.json:40',
    ]);
    expect(facts['config/env/payments/GATEWAY_URL']).toEqual([
      'https://api.stripe.com',
      'kubectl-list-dump.json:31',
    ]);
    expect(facts['infra/substrate/namespace']).toEqual([['payments-prod'], 'kubectl-list-dump.json:12']);
    expect(facts['infra/substrate/registry']?.[0]).toEqual(['123456789012.dkr.ecr.eu-west-1.amazonaws.com']);
    expect(Object.keys(facts).some((k) => k.includes('payments-7d9c8b6f5'))).toBe(false);
    expect(result.skips).toEqual([]);
  });

  it("reads the kubeconfig's current cluster and namespace, never its users", () => {
    const result = run(['kubeconfig-current-context.yaml']);
    expect(byKey(result)).toEqual({
      'infra/substrate/cluster': [
        ['https://prod.k8s.example.com:6443'],
        'kubeconfig-current-context.yaml:12',
      ],
      'infra/substrate/namespace': [['payments-prod'], 'kubeconfig-current-context.yaml:21'],
    });
    expect(JSON.stringify(result)).not.toContain('PLANTED-kubeconfig-token');
  });

  it('adds the cluster option to the cluster set', () => {
    const result = run(['staging'], { cluster: 'gke_shop_europe-west1_staging' });
    const cluster = result.facts.find((f) => f.key === 'infra/substrate/cluster');
    expect(cluster?.value).toEqual(['eu-staging-1', 'gke_shop_europe-west1_staging']);
    expect(cluster?.origin).toEqual({ source: 'k8s' });
  });
});
