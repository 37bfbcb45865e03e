import { describe, expect, it } from 'vitest';
import { notRead, readStatus } from '../../collect/collect.js';
import { compareSnapshots } from '../../pipeline/compare.js';
import { briefWithMessage, COMPARE_SETTINGS, compareRules } from '../../test-support/compare.js';
import { snapshotOf } from '../../test-support/facts.js';
import { createFingerprinter } from '../secrets.js';
import { extractHelmValues } from './extract.js';

const fingerprint = createFingerprinter('helm-list-key');

function extract(text: string, file = 'values.yaml') {
  return extractHelmValues([{ file, text }], {
    source: 'helm',
    fingerprint,
    workload: 'shop',
  });
}

/** A values file with 60 application mappings, each with replicas, resources and 20 env entries: ~100 KB as JSON. */
function applications(
  change: (app: number, env: number) => { replicas?: number; value?: string } = () => ({}),
) {
  const lines = ['applications:'];
  for (let app = 0; app < 60; app++) {
    lines.push(`  - name: app-${app}`, `    replicas: ${change(app, -1).replicas ?? 3}`);
    lines.push('    resources:', '      limits: {cpu: 500m, memory: 512Mi}');
    lines.push('    env:');
    for (let env = 0; env < 20; env++) {
      const value = change(app, env).value ?? `https://service-${env}.internal.example.com/api/v1/app-${app}`;
      lines.push(`      - name: SERVICE_${env}_URL`, `        value: "${value}"`);
    }
  }
  return lines.join('\n');
}

describe('helm values: lists of mappings', () => {
  it('compares a large list of application mappings element by element, by name', () => {
    const production = extract(applications());
    const staging = extract(
      applications((app, env) => ({
        replicas: app === 42 ? 1 : undefined,
        value: app === 7 && env === 3 ? 'https://mock.staging.example.com' : undefined,
      })),
    );
    expect(production.skips).toEqual([]);
    // Replicas and resources of each application are its workload's facts, the rest settings.
    expect(production.facts.filter((f) => f.key.startsWith('config/helm/shop/applications')).length).toBe(
      1 + 60 * (1 + 20),
    );
    expect(production.facts.filter((f) => f.key.startsWith('infra/workload/app-')).length).toBe(60 * 3);
    const scale = { replicas: 1, resources: 1, data: 1, traffic: 1 };
    const found = briefWithMessage(compareRules(production.facts, staging.facts, { scale }).divergences);
    expect(found).toEqual([
      [
        'infra.single-replica',
        'infra/workload/app-42/replicas',
        'out-of-scale',
        'high',
        'app-42 replicas: production 3, staging 1',
      ],
      [
        'config.setting-differs',
        'config/helm/shop/applications[name=app-7].env[name=SERVICE_3_URL].value',
        'differs',
        'low',
        'helm shop applications[name=app-7].env[name=SERVICE_3_URL].value: production https://service-3.internal.example.com/api/v1/app-7, staging https://mock.staging.example.com',
      ],
    ]);
  });

  it('names the line of each element field', () => {
    const facts = extract(applications()).facts;
    const line = facts.find((f) => f.key === 'infra/workload/app-1/replicas')?.origin.line;
    expect(line).toBe(1 + 45 + 2);
  });

  it('reports an element added or removed, and a change of order', () => {
    const production = extract('apps:\n  - {name: api, replicas: 2}\n  - {name: web, replicas: 2}\n');
    const staging = extract('apps:\n  - {name: web, replicas: 2}\n  - {name: worker, replicas: 1}\n');
    const scale = { replicas: 1, resources: 1, data: 1, traffic: 1 };
    expect(
      briefWithMessage(compareRules(production.facts, staging.facts, { scale }).divergences).map((d) => d[4]),
    ).toEqual([
      'helm shop apps: production api, web, staging web, worker',
      'workload api replicas = 2 in production only',
      'workload worker replicas = 1 in staging only',
    ]);
  });

  it('goes by index where no natural key names the elements', () => {
    const facts = extract('rules:\n  - {from: a, to: b}\n  - {from: a, to: c}\n').facts;
    expect(facts.map((f) => [f.key, f.value])).toEqual([
      ['config/helm/shop/rules[0].from', 'a'],
      ['config/helm/shop/rules[0].to', 'b'],
      ['config/helm/shop/rules[1].from', 'a'],
      ['config/helm/shop/rules[1].to', 'c'],
    ]);
  });

  it('takes the only string field as the key', () => {
    const facts = extract('images:\n  - {image: nginx, tag: 1}\n  - {image: redis, tag: 7}\n').facts;
    expect(facts.map((f) => [f.key, f.value])).toEqual([
      ['infra/workload/nginx/container/nginx/image', 'nginx'],
      ['infra/workload/redis/container/redis/image', 'redis'],
      ['config/helm/shop/images', ['nginx', 'redis']],
      ['config/helm/shop/images[image=nginx].tag', 1],
      ['config/helm/shop/images[image=redis].tag', 7],
    ]);
  });

  it('never puts a secret-shaped key into a fact key', () => {
    const facts = extract('tokens:\n  - {key: ghp_PLANTED0123456789abcdefghijk, scope: read}\n').facts;
    expect(JSON.stringify(facts)).not.toContain('PLANTED');
    expect(facts.map((f) => f.key)).toEqual([
      'config/helm/shop/tokens[0].key',
      'config/helm/shop/tokens[0].scope',
    ]);
  });

  it('names a cyclic value in a skip instead of comparing a placeholder', () => {
    // The shared YAML loader refuses the recursive alias before the values are walked.
    const result = extract('a: &a\n  - x: 1\n    self: *a\n');
    expect(result.skips.map((s) => s.reason)).toEqual([
      'a YAML alias refers to its own anchor (a recursive value cannot be read)',
    ]);
    expect(JSON.stringify(result.facts)).not.toContain('too large or cyclic');
    expect(result.skips.every(notRead)).toBe(true);
  });

  it('leaves the dimension unknown, not parity, when a value could not be compared', () => {
    const cyclic = extract('a: &a\n  - x: 1\n    self: *a\nb: 1\n');
    const snapshot = (environment: string) => {
      const base = snapshotOf(environment, cyclic.facts, ['config']);
      const coverage = base.coverage.map((c) => ({
        ...c,
        read: readStatus(cyclic.facts.length, cyclic.skips),
      }));
      return { ...base, coverage, skips: cyclic.skips };
    };
    const { comparison } = compareSnapshots(snapshot('production'), snapshot('staging'), COMPARE_SETTINGS);
    expect(comparison.dimensions.find((d) => d.dimension === 'config')).toMatchObject({
      status: 'unknown',
      note: '2 values could not be compared (see the skips)',
    });
    // Each environment's own values file: the same lines of one shared file would prove nothing.
    const clean = (file: string) => extract('a: [{x: 1}]\n', file).facts;
    const parity = compareSnapshots(
      snapshotOf('production', clean('values-production.yaml')),
      snapshotOf('staging', clean('values-staging.yaml')),
      COMPARE_SETTINGS,
    ).comparison;
    expect(parity.dimensions.find((d) => d.dimension === 'config')?.status).toBe('parity');
  });
});

describe('helm values: secrets inside lists of mappings', () => {
  it('keeps a secret-named field from hiding the rest of its list', () => {
    // Once the whole list became one secret, and two secrets compare by their redacted form only.
    const services = (replicas: number) =>
      `services:\n  - {name: billing, dsn: PLANTED-dsn, replicaCount: ${replicas}}\n`;
    const found = compareRules(extract(services(2)).facts, extract(services(0)).facts).divergences;
    expect(found.map((d) => d.key)).toContain('infra/workload/billing/replicas');
  });

  it('protects a value by its element name, and never the other fields of an element whose name says secret', () => {
    const facts = extract(
      [
        'sidecarVars:',
        '  - {name: DB_PASSWORD, value: PLANTED-hunter2}',
        '  - {name: LOG_LEVEL, value: info}',
        'apps:',
        '  - {name: external-secrets, path: charts/external-secrets, namespace: eso}',
      ].join('\n'),
    ).facts;
    const value = (key: string) => facts.find((f) => f.key === `config/helm/shop/${key}`)?.value;
    expect(value('sidecarVars[name=DB_PASSWORD].value')).toMatchObject({ secret: true });
    expect(value('sidecarVars[name=LOG_LEVEL].value')).toBe('info');
    expect(value('apps[name=external-secrets].path')).toBe('charts/external-secrets');
    expect(value('apps[name=external-secrets].namespace')).toBe('eso');
    expect(JSON.stringify(facts)).not.toContain('PLANTED');
  });
});
