import { describe, expect, it } from 'vitest';
import type { FactValue } from '../../model/fact.js';
import { fact } from '../../test-support/facts.js';
import { expectFires, expectSilent } from '../../test-support/rule-cases.js';

const alert = (attr: string, value: FactValue) => fact(`observability/alert/CheckoutErrors/${attr}`, value);
const expr = (value: string) => alert('expr', value);
const threshold = (value: number) => alert('threshold', value);
const pages = (value: boolean) => fact('observability/paging/pages', value);

describe('observability rules (fires; silent on the near miss)', () => {
  it('observability.alert-missing: an alert production has; silent where staging was read in part', () => {
    const found = expectFires('observability.alert-missing', [expr('rate(errors[5m]) > 0.05')], []);
    expect(found.map((d) => [d.kind, d.severity])).toEqual([['only-baseline', 'high']]);
    expectSilent(
      'observability.alert-missing',
      [expr('rate(errors[5m]) > 0.05')],
      [],
      {},
      { candidate: 'partial' },
    );
  });

  it('observability.alert-threshold-differs: ten times the threshold; silent when the threshold is written into one expression', () => {
    const written = 'rate(errors[5m]) > $threshold';
    expectFires(
      'observability.alert-threshold-differs',
      [expr(written), threshold(0.05)],
      [expr(written), threshold(0.5)],
    );
    // Staging wrote the number into its expression: the expressions differ, told once by that rule.
    expectSilent(
      'observability.alert-threshold-differs',
      [expr(written), threshold(0.05)],
      [expr('rate(errors[5m]) > 0.5')],
    );
  });

  it('observability.alert-expression-differs: another expression; silent when only the extracted threshold differs', () => {
    const written = 'rate(errors[5m]) > $threshold';
    expectFires(
      'observability.alert-expression-differs',
      [expr(written), threshold(0.05)],
      [expr('rate(errors[5m]) > 0.5')],
    );
    expectSilent(
      'observability.alert-expression-differs',
      [expr(written), threshold(0.05)],
      [expr(written), threshold(0.5)],
    );
  });

  it('observability.paging-route-missing: production pages on-call, staging no one; silent when only credentials differ', () => {
    const routingKey = (v: string) => fact('observability/receiver/pagerduty/oncall/routing_key', v);
    expectFires('observability.paging-route-missing', [pages(true)], [pages(false)]);
    expectSilent(
      'observability.paging-route-missing',
      [pages(true), routingKey('prod-key-fingerprint')],
      [pages(true), routingKey('stg-key-fingerprint')],
    );
  });

  it('observability.paging-route-missing: receivers of a route; silent on the same set in another order', () => {
    const kinds = (v: string[]) =>
      fact('observability/paging/severity=critical/receiver-kinds', v, { compare: 'set' });
    expectFires(
      'observability.paging-route-missing',
      [pages(true), kinds(['pagerduty', 'slack'])],
      [pages(true), kinds(['slack'])],
    );
    expectSilent(
      'observability.paging-route-missing',
      [pages(true), kinds(['pagerduty', 'slack'])],
      [pages(true), kinds(['slack', 'pagerduty'])],
    );
  });

  it('observability.sampling-differs: 10% against 100%; silent where staging was read in part', () => {
    const traces = (v: number) => fact('observability/sampling/traces/percentage', v);
    const found = expectFires('observability.sampling-differs', [traces(10)], [traces(100)]);
    expect(found.map((d) => d.message)).toEqual([
      'traces sampling: production 10%, staging 100% — staging keeps 10x more',
    ]);
    expectSilent('observability.sampling-differs', [traces(10)], [], {}, { candidate: 'partial' });
  });

  it('observability.error-reporting-missing: Sentry in production only; silent on a DSN of its own on each side', () => {
    const sentry = (dsn: string) => fact('observability/error-reporting/sentry', dsn);
    expectFires('observability.error-reporting-missing', [sentry('https://k1@o1.ingest.sentry.io/1')], []);
    expectSilent(
      'observability.error-reporting-missing',
      [sentry('https://k1@o1.ingest.sentry.io/1')],
      [sentry('https://k2@o1.ingest.sentry.io/2')],
    );
  });

  it('observability.collector-out-of-scale: one collector for twenty; silent on three (a fifth, inside the tolerance)', () => {
    const collectors = (v: number) =>
      fact('observability/collector/otel/replicas', v, { compare: 'scaled', scale: 'replicas' });
    expectFires('observability.collector-out-of-scale', [collectors(20)], [collectors(1)]);
    expectSilent('observability.collector-out-of-scale', [collectors(20)], [collectors(3)]);
  });

  it('observability.log-level-differs: debug in staging; silent where staging was read in part', () => {
    const level = (v: string) => fact('observability/logging/level', v);
    expectFires('observability.log-level-differs', [level('info')], [level('debug')]);
    expectSilent('observability.log-level-differs', [level('info')], [], {}, { candidate: 'partial' });
  });

  it('observability.setting-differs: a setting no rule owns; silent on exporter credentials (evidence only)', () => {
    const format = (v: string) => fact('observability/logging/format', v);
    const headers = (v: string) => fact('observability/exporter/otlp/headers', v);
    const found = expectFires('observability.setting-differs', [format('json')], [format('text')]);
    expect(found.map((d) => d.title)).toEqual([
      'An observability setting differs or exists on one side only',
    ]);
    expectSilent('observability.setting-differs', [headers('api-key=fp:aaaa')], [headers('api-key=fp:bbbb')]);
  });
});
