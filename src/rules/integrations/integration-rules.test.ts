import { describe, expect, it } from 'vitest';
import type { FactValue } from '../../model/fact.js';
import { fact } from '../../test-support/facts.js';
import { expectFires, expectSilent } from '../../test-support/rule-cases.js';

const stripe = (attr: string, value: FactValue, at: { file?: string; line?: number; unit?: string } = {}) =>
  fact(`integrations/stripe/${attr}`, value, at);
const endpoint = (variable: string, host: string) => fact(`integrations/endpoint/${variable}/host`, host);

describe('integration rules (fires; silent on the near miss)', () => {
  it('integrations.endpoint-production-in-staging: Stripe live in both; silent when staging runs test mode', () => {
    const found = expectFires(
      'integrations.endpoint-production-in-staging',
      [stripe('mode', 'live')],
      [stripe('mode', 'live')],
    );
    expect(found.map((d) => [d.kind, d.severity])).toEqual([['shared', 'critical']]);
    expectSilent(
      'integrations.endpoint-production-in-staging',
      [stripe('mode', 'live')],
      [stripe('mode', 'test')],
    );
  });

  it('integrations.endpoint-production-in-staging: one Auth0 tenant for both; silent on a tenant of its own', () => {
    const tenant = (host: string) => fact('integrations/auth0/host', host);
    expectFires(
      'integrations.endpoint-production-in-staging',
      [tenant('shop.eu.auth0.com')],
      [tenant('shop.eu.auth0.com')],
    );
    expectSilent(
      'integrations.endpoint-production-in-staging',
      [tenant('shop.eu.auth0.com')],
      [tenant('shop-stg.eu.auth0.com')],
    );
  });

  it('integrations.mode-differs: live against test; silent when both are live (told once, as shared)', () => {
    expectFires('integrations.mode-differs', [stripe('mode', 'live')], [stripe('mode', 'test')]);
    expectSilent('integrations.mode-differs', [stripe('mode', 'live')], [stripe('mode', 'live')]);
  });

  it('integrations.endpoint-differs: another vendor host; silent on an internal service, or a sandbox host the mode tells', () => {
    expectFires(
      'integrations.endpoint-differs',
      [endpoint('SHIPPING_API_URL', 'api.shipfast.example.com')],
      [endpoint('SHIPPING_API_URL', 'api.cheapship.example.org')],
    );
    expectSilent(
      'integrations.endpoint-differs',
      [endpoint('ORDERS_URL', 'orders.shop.svc.cluster.local')],
      [endpoint('ORDERS_URL', 'orders.shop-stg.svc.cluster.local')],
    );
    expectSilent(
      'integrations.endpoint-differs',
      [stripe('mode', 'live'), stripe('host', 'api.stripe.com')],
      [stripe('mode', 'test'), stripe('host', 'sandbox.stripe.com')],
    );
  });

  it('integrations.timeout-differs: another timeout; silent when one variable on both sides carries it (config tells it)', () => {
    const timeout = (ms: number, file: string) => stripe('timeout-ms', ms, { file, line: 3, unit: 'ms' });
    const variable = (ms: string, file: string) =>
      fact('config/env/STRIPE_TIMEOUT_MS', ms, { file, line: 3 });
    expectFires(
      'integrations.timeout-differs',
      [timeout(10_000, 'prod.yaml')],
      [timeout(30_000, 'stg.yaml')],
    );
    expectSilent(
      'integrations.timeout-differs',
      [variable('10000', '.env.production'), timeout(10_000, '.env.production')],
      [variable('30000', '.env.staging'), timeout(30_000, '.env.staging')],
    );
  });

  it('integrations.retries-differ: 3 against none; silent when set on one side only (the config rules tell it)', () => {
    expectFires('integrations.retries-differ', [stripe('retries', 3)], [stripe('retries', 0)]);
    expectSilent('integrations.retries-differ', [stripe('retries', 3)], []);
  });

  it('integrations.rate-limit-differs: another limit; silent when one variable on both sides carries it', () => {
    const limit = (n: number, file: string) => stripe('rate-limit', n, { file, line: 7 });
    const variable = (n: string, file: string) => fact('config/env/STRIPE_RATE_LIMIT', n, { file, line: 7 });
    expectFires('integrations.rate-limit-differs', [limit(100, 'prod.yaml')], [limit(25, 'stg.yaml')]);
    expectSilent(
      'integrations.rate-limit-differs',
      [variable('100', '.env.production'), limit(100, '.env.production')],
      [variable('25', '.env.staging'), limit(25, '.env.staging')],
    );
  });

  it('integrations.tunnel-host: an ngrok tunnel called from staging; silent on a host that only names ngrok', () => {
    const host = (name: string) => fact(`integrations/host/${name}`, 'WEBHOOK_URL');
    const found = expectFires('integrations.tunnel-host', [], [host('abc123.ngrok.io')]);
    expect(found.map((d) => d.severity)).toEqual(['medium']);
    expectSilent('integrations.tunnel-host', [], [host('ngrok.example.com')]);
  });

  it('integrations.setting-differs: a provider setting no rule owns; silent where staging was read in part', () => {
    const version = (v: string) => stripe('api-version', v);
    const found = expectFires(
      'integrations.setting-differs',
      [version('2024-04-10')],
      [version('2023-10-16')],
    );
    expect(found.map((d) => d.title)).toEqual(['An integrations setting differs or exists on one side only']);
    expectSilent('integrations.setting-differs', [version('2024-04-10')], [], {}, { candidate: 'partial' });
  });
});
