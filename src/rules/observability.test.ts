import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { observabilityFromConfig } from '../derive/observability.js';
import type { Comparison } from '../model/audit.js';
import type { Fact } from '../model/fact.js';
import type { CompareSettings } from '../pipeline/compare.js';
import { extractAlertmanager } from '../sources/alertmanager/extract.js';
import { extractOtelCollector } from '../sources/otel-collector/extract.js';
import { DEFAULT_ENV_LABELS } from '../sources/prometheus-rules/env-labels.js';
import { extractPrometheusRules } from '../sources/prometheus-rules/extract.js';
import { createFingerprinter, protectValue, secretValue } from '../sources/secrets.js';
import { brief as briefDivergences, COMPARE_SETTINGS, compareRules } from '../test-support/compare.js';
import { fact } from '../test-support/facts.js';
import { accessRules } from './access.js';
import { genericRules } from './generic.js';
import { observabilityRules } from './observability.js';

const fp = createFingerprinter('k');

function compare(baseline: Fact[], candidate: Fact[], extra: Partial<CompareSettings> = {}) {
  return compareRules(baseline, candidate, { rules: [...observabilityRules, ...genericRules], ...extra });
}
const brief = (c: Comparison) => briefDivergences(c.divergences);

/** The three sources' fixture pairs, read by the real extractors, plus config facts through the derive step. */
function environment(env: 'production' | 'staging', config: Fact[]): Fact[] {
  const read = (source: string) => {
    const dir = new URL(`../sources/${source}/__fixtures__/${env}/`, import.meta.url);
    return readdirSync(dir)
      .sort()
      .map((n) => ({ file: `${env}/${n}`, text: readFileSync(new URL(n, dir), 'utf8') }));
  };
  const envLabels = new Set(DEFAULT_ENV_LABELS);
  return [
    ...extractPrometheusRules(read('prometheus-rules'), {
      source: 'rules',
      fingerprint: fp,
      envLabels,
      patterns: [],
    }).facts,
    ...extractAlertmanager(read('alertmanager'), {
      source: 'am',
      fingerprint: fp,
      envLabels,
      alertLabels: {},
    }).facts,
    ...extractOtelCollector(read('otel-collector'), { source: 'otel', fingerprint: fp }).facts,
    ...observabilityFromConfig(config),
  ];
}
const env = (key: string, value: string) =>
  fact(`config/env/${key}`, protectValue(key.split('/').pop()!, value, fp));

describe('observability rules on the shop’s staging and production', () => {
  const comparison = compare(
    environment('production', [
      env('checkout/SENTRY_DSN', 'https://PLANTEDsentryDSNkey@o1.ingest.sentry.io/2'),
      env('checkout/SENTRY_TRACES_SAMPLE_RATE', '0.01'),
      env('checkout/LOG_LEVEL', 'info'),
    ]),
    environment('staging', [
      env('checkout/SENTRY_TRACES_SAMPLE_RATE', '1.0'),
      env('checkout/LOG_LEVEL', 'debug'),
    ]),
  );

  it('names what matters first: the untested alert, the thresholds, paging, sampling, error reporting', () => {
    expect(brief(comparison).filter(([rule]) => rule !== 'observability.setting-differs')).toEqual([
      [
        'observability.alert-missing',
        'observability/alert/PaymentProviderTimeouts/expr',
        'only-baseline',
        'high',
      ],
      [
        'observability.alert-threshold-differs',
        'observability/alert/CheckoutHighErrorRate/for',
        'differs',
        'medium',
      ],
      [
        'observability.alert-threshold-differs',
        'observability/alert/CheckoutHighErrorRate/threshold',
        'differs',
        'medium',
      ],
      [
        'observability.alert-threshold-differs',
        'observability/alert/DiskAlmostFull:critical/threshold',
        'differs',
        'medium',
      ],
      [
        'observability.alert-threshold-differs',
        'observability/alert/WorkerQueueBacklog/for',
        'differs',
        'medium',
      ],
      [
        'observability.alert-threshold-differs',
        'observability/alert/WorkerQueueBacklog/threshold',
        'differs',
        'medium',
      ],
      [
        'observability.error-reporting-missing',
        'observability/error-reporting/checkout/sentry',
        'only-baseline',
        'medium',
      ],
      ['observability.paging-route-missing', 'observability/paging/pages', 'differs', 'medium'],
      [
        'observability.sampling-differs',
        'observability/sampling/checkout/SENTRY_TRACES_SAMPLE_RATE/rate',
        'differs',
        'medium',
      ],
      ['observability.sampling-differs', 'observability/sampling/traces/percentage', 'differs', 'medium'],
      [
        'observability.alert-missing',
        'observability/alert/StagingNightlyResetFailed/expr',
        'only-candidate',
        'low',
      ],
      ['observability.log-level-differs', 'observability/logging/level', 'differs', 'low'],
      [
        'observability.collector-out-of-scale',
        'observability/processor/memory_limiter/limit',
        'out-of-scale',
        'low',
      ],
      [
        'observability.collector-out-of-scale',
        'observability/processor/memory_limiter/spike-limit',
        'out-of-scale',
        'low',
      ],
      [
        'observability.sampling-differs',
        'observability/sampling/traces:slow/tail-policies',
        'only-baseline',
        'low',
      ],
    ]);
  });

  it('words each finding with both sides', () => {
    const message = (key: string) => comparison.divergences.find((d) => d.key === key)?.message;
    expect(message('observability/alert/PaymentProviderTimeouts/expr')).toBe(
      'alert PaymentProviderTimeouts (critical) exists in production only, not in staging: sum(increase(payment_provider_timeouts_total[10m])) > 20',
    );
    expect(message('observability/alert/CheckoutHighErrorRate/threshold')).toBe(
      'alert CheckoutHighErrorRate threshold: production 0.02, staging 0.1',
    );
    expect(message('observability/alert/CheckoutHighErrorRate/for')).toBe(
      'alert CheckoutHighErrorRate waits (for:): production 5 min, staging 1 min',
    );
    expect(message('observability/paging/pages')).toBe(
      'production pages on-call (severity=critical -> pagerduty, slack); staging pages no one (severity=critical -> slack)',
    );
    expect(message('observability/sampling/traces/percentage')).toBe(
      'traces sampling: production 1%, staging 100% — staging keeps 100x more',
    );
    expect(message('observability/sampling/checkout/SENTRY_TRACES_SAMPLE_RATE/rate')).toBe(
      'checkout SENTRY_TRACES_SAMPLE_RATE sampling: production 1%, staging 100% — staging keeps 100x more',
    );
    expect(message('observability/error-reporting/checkout/sentry')).toBe(
      'Sentry is configured in production only (SENTRY_DSN for checkout); staging reports errors to no tracker',
    );
    expect(message('observability/logging/level')).toBe(
      'log level (most verbose set): production info, staging debug',
    );
  });

  it('tells paging once: no separate finding for the critical route or the receivers’ credentials', () => {
    const keys = comparison.divergences.map((d) => d.key);
    expect(keys.filter((k) => k.startsWith('observability/paging/'))).toEqual(['observability/paging/pages']);
    expect(keys.filter((k) => /^observability\/(receiver|alertmanager|exporter)\//.test(k))).toEqual([]);
    expect(keys).not.toContain('observability/route/severity=critical/receiver');
  });

  it('lets no planted secret through to any divergence', () => {
    const json = JSON.stringify(comparison);
    for (const planted of [
      'R0PLANTEDPAGERDUTYROUTINGKEY0123',
      'plantedGlobalSlackWebhook42',
      'plantedStagingWebhook99',
      'planted-opsgenie-api-key-5f0c2e',
      'hcaik_01PLANTEDhoneycombPRODUCTIONkey000000',
      'PLANTEDsentryDSNkey',
    ])
      expect(json).not.toContain(planted);
  });
});

describe('observability rules, one at a time', () => {
  const expr = (name: string, text = 'up == $threshold') => fact(`observability/alert/${name}/expr`, text);

  it('an alert only in staging is low, and its threshold and for: go with it', () => {
    const staging = [
      expr('A'),
      fact('observability/alert/A/threshold', 0),
      fact('observability/alert/A/for', 0),
    ];
    expect(brief(compare([], staging))).toEqual([
      ['observability.alert-missing', 'observability/alert/A/expr', 'only-candidate', 'low'],
    ]);
  });

  it('a changed expression is its own finding; a threshold on one side only is not reported twice', () => {
    const c = compare(
      [expr('A', 'rate(x[5m]) > $threshold'), fact('observability/alert/A/threshold', 1)],
      [expr('A', 'rate(y[5m])')],
    );
    expect(brief(c)).toEqual([
      ['observability.alert-expression-differs', 'observability/alert/A/expr', 'differs', 'medium'],
    ]);
    expect(c.divergences[0]!.message).toBe(
      'alert A expression: production rate(x[5m]) > 1; staging rate(y[5m])',
    );
  });

  it('staging paging where production does not is low; one side without Alertmanager is told as such', () => {
    const pages = (v: boolean) => fact('observability/paging/pages', v);
    expect(brief(compare([pages(false)], [pages(true)]))).toEqual([
      ['observability.paging-route-missing', 'observability/paging/pages', 'differs', 'low'],
    ]);
    const c = compare([pages(true)], []);
    expect(brief(c)).toEqual([
      ['observability.paging-route-missing', 'observability/paging/pages', 'only-baseline', 'medium'],
    ]);
    expect(c.divergences[0]!.message).toBe(
      'production pages on-call; no Alertmanager configuration was read for staging',
    );
  });

  it('when both page, a severity reaching another paging tool is medium, another chat tool low', () => {
    const kinds = (subject: string, v: string[]) =>
      fact(`observability/paging/${subject}/receiver-kinds`, v, { compare: 'set' });
    const pages = fact('observability/paging/pages', true);
    const c = compare(
      [pages, kinds('severity=critical', ['pagerduty']), kinds('severity=warning', ['slack'])],
      [pages, kinds('severity=critical', ['opsgenie']), kinds('severity=warning', ['email'])],
    );
    expect(brief(c)).toEqual([
      [
        'observability.paging-route-missing',
        'observability/paging/severity=critical/receiver-kinds',
        'differs',
        'medium',
      ],
      [
        'observability.paging-route-missing',
        'observability/paging/severity=warning/receiver-kinds',
        'differs',
        'low',
      ],
    ]);
  });

  it('a staging Alertmanager holding production’s PagerDuty key is told by access.secret-shared', () => {
    const key = (value: string, file: string) =>
      fact('observability/receiver/pagerduty/pagerduty/routing_key', secretValue(value, fp), {
        compare: 'presence',
        file,
      });
    const c = compare(
      [key('PLANTED-shared-routing-key', 'production/alertmanager.yml')],
      [key('PLANTED-shared-routing-key', 'staging/alertmanager.yml')],
      {
        rules: [...observabilityRules, ...accessRules, ...genericRules],
      },
    );
    expect(brief(c)).toEqual([
      [
        'access.secret-shared',
        'observability/receiver/pagerduty/pagerduty/routing_key',
        'shared',
        'critical',
      ],
    ]);
    expect(JSON.stringify(c)).not.toContain('PLANTED-shared-routing-key');
  });

  it('error reporting only in staging leaves production blind, and says so', () => {
    const c = compare(
      [],
      [fact('observability/error-reporting/sentry', 'SENTRY_DSN', { compare: 'presence' })],
    );
    expect(brief(c)).toEqual([
      [
        'observability.error-reporting-missing',
        'observability/error-reporting/sentry',
        'only-candidate',
        'medium',
      ],
    ]);
    expect(c.divergences[0]!.message).toBe(
      'Sentry is configured in staging only (SENTRY_DSN); production reports errors to no tracker',
    );
  });

  it('a collector memory limit within the declared scale is no finding', () => {
    const limit = (bytes: number) =>
      fact('observability/processor/memory_limiter/limit', bytes, {
        compare: 'scaled',
        scale: 'resources',
        unit: 'bytes',
      });
    expect(brief(compare([limit(1024)], [limit(1024)]))).toEqual([]);
    expect(
      brief(compare([limit(1024)], [limit(512)], { scale: { ...COMPARE_SETTINGS.scale, resources: 0.5 } })),
    ).toEqual([]);
  });
});
