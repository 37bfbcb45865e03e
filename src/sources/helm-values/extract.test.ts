import { describe, expect, it } from 'vitest';
import type { Fact } from '../../model/fact.js';
import { fixtureFile } from '../../test-support/fixtures.js';
import { createFingerprinter } from '../secrets.js';
import { extractHelmValues } from './extract.js';

const fingerprint = createFingerprinter('helm-test-key');
const read = (name: string) => fixtureFile(new URL('./__fixtures__/', import.meta.url), name);
const extract = (names: string[], workload = 'shop') =>
  extractHelmValues(names.map(read), { source: 'helm', fingerprint, workload });
const text = (file: string, body: string) =>
  extractHelmValues([{ file, text: body }], { source: 'helm', fingerprint, workload: 'api' });

function brief(facts: readonly Fact[], prefix = '') {
  return facts
    .filter((f) => f.key.startsWith(prefix))
    .map((f) => [f.key, f.value, `${f.origin.file}:${f.origin.line}`]);
}

describe('helm values: merge order', () => {
  const production = extract(['shop/values.yaml', 'shop/values-production.yaml']);
  const staging = extract(['shop/values.yaml', 'shop/values-staging.yaml']);

  it('maps the shared conventions onto the keys Kubernetes manifests produce', () => {
    expect(brief(production.facts, 'infra/')).toEqual([
      ['infra/autoscaling/shop/min-replicas', 6, 'shop/values-production.yaml:15'],
      ['infra/autoscaling/shop/max-replicas', 30, 'shop/values-production.yaml:16'],
      ['infra/autoscaling/shop/metrics', ['cpu:60%'], 'shop/values-production.yaml:14'],
      ['infra/workload/shop/container/shop/cpu-request', 1, 'shop/values-production.yaml:7'],
      ['infra/workload/shop/container/shop/cpu-limit', 2, 'shop/values-production.yaml:10'],
      ['infra/workload/shop/container/shop/memory-request', 2147483648, 'shop/values-production.yaml:8'],
      ['infra/workload/shop/container/shop/memory-limit', 2147483648, 'shop/values-production.yaml:11'],
      [
        'infra/workload/shop/container/shop/image',
        'ghcr.io/acme/shop-api:2.31.0',
        'shop/values-production.yaml:3',
      ],
      ['infra/workload/worker/replicas', 4, 'shop/values-production.yaml:26'],
      ['infra/workload/worker/container/worker/cpu-request', 0.1, 'shop/values.yaml:61'],
      ['infra/workload/worker/container/worker/memory-request', 268435456, 'shop/values.yaml:62'],
      [
        'infra/workload/worker/container/worker/image',
        'ghcr.io/acme/shop-worker:2.31.0',
        'shop/values.yaml:58',
      ],
    ]);
    expect(production.skips).toEqual([]);
  });

  it('reads replicas when autoscaling is off, with scale axes and units', () => {
    const replicas = staging.facts.find((f) => f.key === 'infra/workload/shop/replicas');
    expect(replicas).toEqual({
      key: 'infra/workload/shop/replicas',
      dimension: 'infra',
      subject: 'shop',
      attribute: 'replicas',
      value: 1,
      compare: 'scaled',
      scale: 'replicas',
      origin: { source: 'helm', file: 'shop/values-staging.yaml', line: 5 },
    });
    expect(staging.facts.some((f) => f.key.startsWith('infra/autoscaling/'))).toBe(false);
    expect(staging.facts.find((f) => f.key.endsWith('/cpu-request'))?.unit).toBe('cores');
  });

  it('merges maps key by key and lets the overlay win', () => {
    expect(brief(production.facts, 'config/env/')).toEqual([
      ['config/env/shop/LOG_LEVEL', 'warn', 'shop/values-production.yaml:20'],
      ['config/env/shop/PAYMENT_TIMEOUT_MS', '5000', 'shop/values.yaml:35'],
      ['config/env/shop/DATABASE_PASSWORD', 'secretKeyRef:shop-db/password', 'shop/values.yaml:36'],
      [
        'config/env/shop/PAYMENT_API_URL',
        'https://api.payments.example.com',
        'shop/values-production.yaml:21',
      ],
    ]);
  });

  it('flattens other settings, JSON held in strings included', () => {
    expect(brief(production.facts, 'config/helm/shop/')).toEqual([
      ['config/helm/shop/image.pullPolicy', 'IfNotPresent', 'shop/values.yaml:8'],
      ['config/helm/shop/imagePullSecrets', '[]', 'shop/values.yaml:10'],
      ['config/helm/shop/podAnnotations[prometheus.io%2Fscrape]', 'true', 'shop/values.yaml:12'],
      ['config/helm/shop/podAnnotations[prometheus.io%2Fport]', '9090', 'shop/values.yaml:13'],
      ['config/helm/shop/service.type', 'ClusterIP', 'shop/values.yaml:16'],
      ['config/helm/shop/service.port', 8080, 'shop/values.yaml:17'],
      ['config/helm/shop/timeouts.connectMs', 2000, 'shop/values.yaml:44'],
      ['config/helm/shop/timeouts.readMs', 5000, 'shop/values.yaml:45'],
      ['config/helm/shop/http.connectMs', 2000, 'shop/values.yaml:47'],
      ['config/helm/shop/http.readMs', 5000, 'shop/values.yaml:47'],
      ['config/helm/shop/http.keepAlive', true, 'shop/values.yaml:49'],
      ['config/helm/shop/featureFlags/checkout.newFlow', false, 'shop/values-production.yaml:23'],
      ['config/helm/shop/featureFlags/checkout.maxItems', 50, 'shop/values-production.yaml:23'],
      ['config/helm/shop/featureFlags/search.engine', 'opensearch', 'shop/values-production.yaml:23'],
      ['config/helm/shop/worker.queue.concurrency', 16, 'shop/values-production.yaml:28'],
      ['config/helm/shop/worker.queue.connectMs', 2000, 'shop/values.yaml:63'],
      ['config/helm/shop/worker.queue.readMs', 5000, 'shop/values.yaml:63'],
      ['config/helm/shop/podDisruptionBudget.minAvailable', 2, 'shop/values-production.yaml:31'],
    ]);
    const flag = production.facts.find((f) => f.key === 'config/helm/shop/featureFlags/search.engine');
    expect([flag?.subject, flag?.attribute]).toEqual(['featureFlags', 'search.engine']);
  });

  it('deletes a key an overlay sets to null, as Helm does', () => {
    expect(staging.facts.some((f) => f.key.includes('podDisruptionBudget'))).toBe(false);
  });

  it('replaces lists whole rather than merging them', () => {
    const result = extractHelmValues(
      [
        { file: 'a.yaml', text: 'tolerations: [{key: a}, {key: b}]\n' },
        { file: 'b.yaml', text: 'tolerations: [{key: c}]\n' },
      ],
      { source: 'helm', fingerprint, workload: 'api' },
    );
    // Keyed by `key`: the list's keys in order, then each element's other fields (none here).
    expect(brief(result.facts)).toEqual([['config/helm/api/tolerations', ['c'], 'b.yaml:1']]);
  });

  it('reads components (sub-charts) as their own workloads, their other settings under the chart', () => {
    expect(brief(staging.facts, 'infra/workload/worker/').map(([key]) => key)).toEqual([
      'infra/workload/worker/replicas',
      'infra/workload/worker/container/worker/cpu-request',
      'infra/workload/worker/container/worker/memory-request',
      'infra/workload/worker/container/worker/image',
    ]);
    expect(brief(staging.facts, 'config/helm/shop/worker.')).toEqual([
      ['config/helm/shop/worker.queue.concurrency', 2, 'shop/values-staging.yaml:18'],
      ['config/helm/shop/worker.queue.connectMs', 2000, 'shop/values.yaml:63'],
      ['config/helm/shop/worker.queue.readMs', 5000, 'shop/values.yaml:63'],
    ]);
  });
});

describe('helm values: forms', () => {
  it('reads env as a Kubernetes list and as a mapping, later keys winning', () => {
    const result = extract(['env-as-list-and-map.yaml']);
    expect(brief(result.facts).map(([key, value]) => [key, value])).toEqual([
      ['config/env/shop/LOG_LEVEL', 'debug'],
      ['config/env/shop/POD_IP', 'fieldRef:status.podIP'],
      ['config/env/shop/API_TOKEN', { secret: true, fingerprint: fingerprint('PLANTED-list-token') }],
      ['config/env/shop/WORKERS', '8'],
      ['config/env/shop/CACHE_URL', 'redis://cache:6379/0'],
    ]);
    expect(result.skips).toEqual([
      {
        source: 'helm',
        file: 'env-as-list-and-map.yaml',
        line: 10,
        reason: 'env entry: expected a mapping with a name',
      },
      {
        source: 'helm',
        file: 'env-as-list-and-map.yaml',
        line: 16,
        reason: 'envVars: a template string is not read without rendering (set render: true)',
      },
    ]);
  });

  it('reads an umbrella chart: image strings, sub-chart autoscaling, resources at any depth, settings of the rest', () => {
    const result = extract(['umbrella-with-subcharts.yaml']);
    expect(brief(result.facts).map(([key, value]) => [key, value])).toEqual([
      ['infra/workload/frontend/replicas', 3],
      ['infra/workload/frontend/container/frontend/memory-limit', 134217728],
      ['infra/workload/frontend/container/frontend/image', 'nginx:1.27-alpine'],
      ['infra/autoscaling/backend/min-replicas', 2],
      ['infra/autoscaling/backend/max-replicas', 10],
      ['infra/autoscaling/backend/metrics', ['memory:75%']],
      ['infra/workload/backend/container/backend/image', 'acme/backend:5.0.1'],
      ['config/env/backend/QUEUE', 'orders'],
      ['infra/workload/postgresql.primary/container/postgresql.primary/cpu-request', 0.5],
      ['config/helm/shop/global.imageRegistry', 'registry.example.com'],
      ['config/helm/shop/postgresql.auth.database', 'shop'],
      ['config/helm/shop/ingress.enabled', true],
      ['config/helm/shop/ingress.annotations[nginx.ingress.kubernetes.io%2Fproxy-body-size]', '8m'],
    ]);
  });

  it('resolves YAML anchors, aliases and merge keys, later keys overriding merged ones', () => {
    const result = text(
      'anchors.yaml',
      [
        'defaults: &defaults',
        '  timeoutMs: 1000',
        '  retries: 3',
        'payments:',
        '  <<: *defaults',
        '  timeoutMs: 5000',
        'search: *defaults',
        'replicaCount: &n 2',
        'worker:',
        '  replicaCount: *n',
        '',
      ].join('\n'),
    );
    expect(brief(result.facts).map(([key, value]) => [key, value])).toEqual([
      ['infra/workload/api/replicas', 2],
      ['infra/workload/worker/replicas', 2],
      ['config/helm/api/defaults.timeoutMs', 1000],
      ['config/helm/api/defaults.retries', 3],
      ['config/helm/api/payments.timeoutMs', 5000],
      ['config/helm/api/payments.retries', 3],
      ['config/helm/api/search.timeoutMs', 1000],
      ['config/helm/api/search.retries', 3],
    ]);
  });

  it('names odd input as skips with lines, and reads the rest', () => {
    const result = extract(['odd-values.yaml']);
    expect(brief(result.facts).map(([key, value]) => [key, value])).toEqual([
      ['infra/workload/shop/container/shop/memory-limit', 1073741824],
      ['config/helm/shop/image.tag', '1.0'],
      ['config/helm/shop/huge.a', 1],
    ]);
    expect(result.skips.map((s) => [s.line, s.reason])).toEqual([
      [11, '1 more YAML document not read: Helm reads only the first document of a values file'],
      [1, 'replicaCount: expected a whole number, got a string'],
      [4, 'resources.limits.cpu: expected a quantity such as 250m or 1.5'],
      [6, 'image: expected image.repository with the tag'],
    ]);
  });

  it('skips a file that is not YAML or not a mapping, and never passes the others off as the values', () => {
    const result = extract(['broken-yaml.yaml', 'list-at-top.yaml', 'umbrella-with-subcharts.yaml']);
    expect(result.skips.map((s) => [s.file, s.line, s.reason])).toEqual([
      ['broken-yaml.yaml', 3, 'invalid YAML: unexpected end of the stream within a flow collection'],
      ['list-at-top.yaml', 1, 'expected a mapping of values at the top'],
      [
        'umbrella-with-subcharts.yaml',
        undefined,
        'not compared: Helm merges these with broken-yaml.yaml, list-at-top.yaml, which could not be read',
      ],
    ]);
    expect(result.facts).toEqual([]);
  });

  it('reads an override file whose mapping starts with an explicit `!!merge <<:` key (YAML 1.1)', () => {
    const base = 'replicaCount: 1\n';
    const overlay = [
      'defaults: &defaults',
      '  replicaCount: 2',
      'api: &api',
      '  !!merge <<: *defaults',
      '  image:',
      '    repository: shop/api',
      '    tag: "1.4"',
      'replicaCount: 5',
    ].join('\n');
    const result = extractHelmValues(
      [
        { file: 'values.yaml', text: base },
        { file: 'values-prod.yaml', text: overlay },
      ],
      { source: 'helm', fingerprint: createFingerprinter('k'), workload: 'shop' },
    );
    expect(result.skips).toEqual([]);
    const replicas = result.facts.find((f) => f.key.endsWith('replicas') && f.subject === 'shop');
    expect(replicas?.value).toBe(5);
    expect(replicas?.origin).toMatchObject({ file: 'values-prod.yaml', line: 8 });
  });
});

describe('helm values: size', () => {
  it('reads the first 5000 settings of a huge tree and names the rest in one skip', () => {
    // 100 mappings of 60 keys: wide enough to pass the limit, each mapping small enough to locate fast.
    const lines = ['data:'];
    for (let m = 0; m < 100; m++) {
      lines.push(`  m${m}:`);
      for (let k = 0; k < 60; k++) lines.push(`    k${k}: ${k}`);
    }
    const result = text('huge.yaml', lines.join('\n'));
    expect(result.facts.length).toBe(5000);
    expect(result.facts[4999]?.key).toBe('config/helm/api/data.m83.k19');
    expect(result.skips).toEqual([
      {
        source: 'helm',
        file: 'huge.yaml',
        line: 5086,
        reason: 'at least 1000 more settings of api not read: only the first 5000 are compared',
        key: 'config/helm/api',
      },
    ]);
  });

  it('does not expand a billion-laughs file of aliased mappings', () => {
    const lines = ['l0: &l0 {a: 1, b: 2}'];
    for (let i = 1; i < 30; i++) lines.push(`l${i}: &l${i} {a: *l${i - 1}, b: *l${i - 1}}`);
    const started = performance.now();
    const result = text('laughs.yaml', lines.join('\n'));
    expect(performance.now() - started).toBeLessThan(2000);
    // The shared YAML loader names the bomb at the mapping whose aliases expand past the budget.
    expect(result.skips).toEqual([
      expect.objectContaining({ file: 'laughs.yaml', line: 17, reason: expect.stringMatching(/alias bomb/) }),
    ]);
    expect(result.facts).toEqual([]);
  });

  it('keeps a long inline text as its length and a keyed fingerprint', () => {
    const config = 'x'.repeat(3000);
    const result = text('long.yaml', `nginxConf: ${config}\n`);
    expect(result.facts[0]?.value).toBe(`(3000 characters, fingerprint ${fingerprint(config).slice(0, 12)})`);
  });
});
