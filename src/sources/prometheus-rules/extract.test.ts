import { describe, expect, it } from 'vitest';
import { fixtureFile } from '../../test-support/fixtures.js';
import { createFingerprinter } from '../secrets.js';
import { DEFAULT_ENV_LABELS } from './env-labels.js';
import { extractPrometheusRules } from './extract.js';

const fixture = (name: string) => fixtureFile(new URL('./__fixtures__/', import.meta.url), name);
const input = {
  source: 'rules',
  fingerprint: createFingerprinter('k'),
  envLabels: new Set(DEFAULT_ENV_LABELS),
  patterns: [],
};
const extract = (...names: string[]) => extractPrometheusRules(names.map(fixture), input);
const brief = (facts: { key: string; value: unknown; origin: { line?: number } }[]) =>
  facts.map((f) => [f.key, f.value, f.origin.line]);

describe('extractPrometheusRules', () => {
  it('reads an alert: normalised expression, threshold, for: in ms and severity, each with its line', () => {
    const { facts, skips } = extract('production/shop-alerts.yaml');
    expect(skips).toEqual([]);
    expect(brief(facts.filter((f) => f.subject === 'CheckoutHighErrorRate'))).toEqual([
      [
        'observability/alert/CheckoutHighErrorRate/expr',
        'sum(rate(http_requests_total{code=~"5..", service="checkout"}[5m])) / sum(rate(http_requests_total{service="checkout"}[5m])) > $threshold',
        7,
      ],
      ['observability/alert/CheckoutHighErrorRate/threshold', 0.02, 7],
      ['observability/alert/CheckoutHighErrorRate/for', 300_000, 11],
      ['observability/alert/CheckoutHighErrorRate/severity', 'critical', 13],
    ]);
    expect(facts.find((f) => f.attribute === 'for')).toMatchObject({ unit: 'ms', compare: 'exact' });
  });

  it('gives staging and production the same expression once env, namespace and cluster matchers are gone', () => {
    const expr = (name: string) =>
      new Map(
        extract(name)
          .facts.filter((f) => f.attribute === 'expr')
          .map((f) => [f.key, f.value]),
      );
    const production = expr('production/shop-alerts.yaml');
    const staging = expr('staging/shop-alerts.yaml');
    for (const key of [
      'observability/alert/CheckoutHighErrorRate/expr',
      'observability/alert/CheckoutLatencyHigh/expr',
      'observability/alert/PodCrashLooping/expr',
      'observability/alert/DiskAlmostFull:critical/expr',
      'observability/recording/job:http_requests:rate5m/expr',
    ]) {
      expect(staging.get(key), key).toBe(production.get(key));
    }
    expect(production.has('observability/alert/PaymentProviderTimeouts/expr')).toBe(true);
    expect(staging.has('observability/alert/PaymentProviderTimeouts/expr')).toBe(false);
  });

  it('tells repeated alert names apart by severity, then by order', () => {
    const repeated = {
      file: 'repeated.yaml',
      text: [
        'groups:',
        '  - name: a',
        '    rules:',
        '      - {alert: Disk, expr: "x < 0.1", labels: {severity: warning}}',
        '      - {alert: Disk, expr: "x < 0.05", labels: {severity: critical}}',
        '      - {alert: Disk, expr: "x < 0.01", labels: {severity: critical}}',
        '      - {alert: Lonely, expr: "y > 1"}',
        '      - {record: "r:x", expr: "sum(x)"}',
        '      - {record: "r:x", expr: "sum(x) by (a)"}',
      ].join('\n'),
    };
    const keys = extractPrometheusRules([repeated], input)
      .facts.filter((f) => f.attribute === 'expr')
      .map((f) => f.key);
    expect(keys).toEqual([
      'observability/alert/Disk:warning/expr',
      'observability/alert/Disk:critical/expr',
      'observability/alert/Disk:critical#2/expr',
      'observability/alert/Lonely/expr',
      'observability/recording/r:x/expr',
      'observability/recording/r:x#2/expr',
    ]);
  });

  it('reads PrometheusRule objects among other manifests, and inside a kubectl List', () => {
    const { facts, skips } = extract('production/prometheusrule-worker.yaml', 'kubernetes-list.json');
    expect(skips).toEqual([]);
    expect(brief(facts.filter((f) => f.subject === 'WorkerQueueBacklog' || f.subject === 'ApiDown'))).toEqual(
      [
        [
          'observability/alert/WorkerQueueBacklog/expr',
          'sum(rabbitmq_queue_messages_ready{queue="orders"}) > $threshold',
          26,
        ],
        ['observability/alert/WorkerQueueBacklog/threshold', 1000, 26],
        ['observability/alert/WorkerQueueBacklog/for', 600_000, 27],
        ['observability/alert/WorkerQueueBacklog/severity', 'critical', 29],
        ['observability/alert/ApiDown/expr', 'up{job="api"} == $threshold', 14],
        ['observability/alert/ApiDown/threshold', 0, 14],
        ['observability/alert/ApiDown/for', 60_000, 14],
        ['observability/alert/ApiDown/severity', 'critical', 14],
      ],
    );
  });

  it('counts a missing for: as 0 ms, at the alert line', () => {
    const { facts } = extract('staging/shop-alerts.yaml');
    expect(brief(facts.filter((f) => f.key === 'observability/alert/StagingNightlyResetFailed/for'))).toEqual(
      [['observability/alert/StagingNightlyResetFailed/for', 0, 36]],
    );
  });

  it('names every odd rule, group and document as a skip with its line', () => {
    const { facts, skips } = extract('rules-with-problems.yaml', 'invalid-yaml.yaml');
    expect(facts.map((f) => f.key)).toEqual([
      'observability/alert/BadFor/expr',
      'observability/alert/BadFor/threshold',
    ]);
    expect(skips.map((s) => [s.file, s.line, s.reason])).toEqual([
      ['rules-with-problems.yaml', 3, 'expected a rule: a mapping with `alert:` or `record:`'],
      ['rules-with-problems.yaml', 4, 'a rule that has both `alert:` and `record:`'],
      ['rules-with-problems.yaml', 7, 'alert NoExpression: expected `expr:` as a PromQL string'],
      ['rules-with-problems.yaml', 11, 'alert BadFor: expected `for:` as a duration such as 5m'],
      [
        'rules-with-problems.yaml',
        13,
        'alert HelmTemplated: its expression holds a template placeholder ({{ ... }}): render the chart first (helm template) and read the output',
      ],
      ['rules-with-problems.yaml', 16, 'expected a group with `rules:` as a list'],
      ['rules-with-problems.yaml', 18, 'expected `groups:` as a list of groups'],
      [
        'rules-with-problems.yaml',
        20,
        'expected a Prometheus rule file (`groups:`) or a PrometheusRule object',
      ],
      ['invalid-yaml.yaml', 7, 'invalid YAML: unexpected end of the stream within a double quoted scalar'],
    ]);
  });

  it('says so when a file holds no rules at all, and stays quiet about other Kubernetes objects', () => {
    const none = extractPrometheusRules(
      [
        { file: 'values.yaml', text: 'replicas: 3\n' },
        { file: 'deploy.yaml', text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n' },
        { file: 'empty.yaml', text: '# nothing\n' },
      ],
      input,
    );
    expect(none.facts).toEqual([]);
    expect(none.skips.map((s) => [s.file, s.reason])).toEqual([
      ['values.yaml', 'expected a Prometheus rule file (`groups:`) or a PrometheusRule object'],
      ['empty.yaml', 'no rule groups in this file (expected `groups:` or a PrometheusRule object)'],
    ]);
  });

  it('never lets a secret in labels or annotations reach a fact or a skip', () => {
    const planted = 'https://ops:PLANTED-annotation-secret@hooks.example/x';
    const text = [
      'groups:',
      '  - name: s',
      '    rules:',
      '      - alert: Leaky',
      '        expr: up == 0',
      '        labels: {severity: critical, token: PLANTED-label-token}',
      `        annotations: {runbook_url: "${planted}"}`,
      '      - alert: Broken',
      `        for: "${planted}"`,
      '        expr: up == 0',
    ].join('\n');
    const result = extractPrometheusRules([{ file: 'leaky.yaml', text }], input);
    const json = JSON.stringify(result);
    expect(result.facts.length).toBeGreaterThan(0);
    expect(json).not.toContain('PLANTED-annotation-secret');
    expect(json).not.toContain('PLANTED-label-token');
  });
});
