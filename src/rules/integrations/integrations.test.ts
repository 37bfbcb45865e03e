import { describe, expect, it } from 'vitest';
import { integrationsFromConfig } from '../../derive/integrations.js';
import type { Fact } from '../../model/fact.js';
import { createFingerprinter, protectValue } from '../../sources/secrets.js';
import { brief, compareRules } from '../../test-support/compare.js';
import { fact } from '../../test-support/facts.js';
import { genericRules } from '../../test-support/rule-cases.js';
import { configRules } from '../config/env.js';
import { integrationRules } from './integrations.js';

const fp = createFingerprinter('shared-key');

/** One environment's variables as sources hand them over (protected), plus what derive adds. */
function environment(file: string, vars: Record<string, string>, extra: Fact[] = []): Fact[] {
  const config = Object.entries(vars).map(([name, value], i) =>
    fact(`config/env/${name}`, protectValue(name, value, fp), { file, line: i + 1 }),
  );
  return [...config, ...extra, ...integrationsFromConfig(config)];
}

function compare(production: Fact[], staging: Fact[]) {
  return compareRules(production, staging, { rules: [...configRules, ...integrationRules, ...genericRules] })
    .divergences;
}
const only = (d: ReturnType<typeof compare>, prefix: string) => d.filter((x) => x.rule.startsWith(prefix));

describe('integration rules', () => {
  it('names Stripe test mode in staging with what a sandbox never does, once', () => {
    const d = compare(
      environment('.env.production', {
        STRIPE_SECRET_KEY: 'sk_live_PLANTEDprod0123456789',
        STRIPE_PUBLISHABLE_KEY: 'pk_live_51Hx0123456789abcdef',
      }),
      environment('.env.staging', {
        STRIPE_SECRET_KEY: 'sk_test_PLANTEDstg0123456789',
        STRIPE_PUBLISHABLE_KEY: 'pk_test_51Hx0123456789abcdef',
      }),
    );
    expect(brief(only(d, 'integrations'))).toEqual([
      ['integrations.mode-differs', 'integrations/stripe/mode', 'differs', 'medium'],
    ]);
    expect(d[0]!.message).toBe(
      'Stripe: production live, staging test — a Stripe test account never declines a real card: declines, 3-D Secure challenges, disputes, payouts and live rate limits are untested',
    );
    expect(d[0]!.candidate?.origin).toEqual({ source: 'test', file: '.env.staging', line: 1 });
    expect(JSON.stringify(d)).not.toContain('PLANTED');
  });

  it('is critical when staging charges real cards: live mode on both sides', () => {
    const vars = { PAYPAL_API_BASE: 'https://api-m.paypal.com', PAYPAL_CLIENT_SECRET: 'PLANTEDpaypal' };
    const d = compare(environment('prod.env', vars), environment('stg.env', vars));
    expect(brief(only(d, 'integrations'))).toEqual([
      ['integrations.endpoint-production-in-staging', 'integrations/paypal/mode', 'shared', 'critical'],
    ]);
    expect(d[0]!.message).toBe(
      'PayPal runs in live mode in staging, as in production (both call api-m.paypal.com): staging moves real money between real accounts',
    );
  });

  it('is critical when staging calls a host production serves on its own ingress, or shares its store', () => {
    const ingress = (hosts: string[]) => fact('infra/ingress/web/hosts', hosts, { compare: 'presence' });
    const d = compare(
      environment(
        'prod.env',
        { ORDERS_API_URL: 'https://api.shop.example/v1', SHOPIFY_STORE_URL: 'https://shop.myshopify.com' },
        [ingress(['api.shop.example'])],
      ),
      environment(
        'stg.env',
        { ORDERS_API_URL: 'https://api.shop.example/v1', SHOPIFY_STORE_URL: 'https://shop.myshopify.com' },
        [ingress(['api.staging.shop.example'])],
      ),
    );
    expect(only(d, 'integrations').map((x) => [x.rule, x.key, x.severity, x.message])).toEqual([
      [
        'integrations.endpoint-production-in-staging',
        'integrations/endpoint/ORDERS_API_URL/host',
        'critical',
        "ORDERS_API_URL in staging points at api.shop.example, which production's ingress serves: staging calls production",
      ],
      [
        'integrations.endpoint-production-in-staging',
        'integrations/shopify/host',
        'critical',
        "staging uses production's Shopify tenant shop.myshopify.com: it changes real orders, products and customers",
      ],
    ]);
  });

  it('names an endpoint moved to a mock, and leaves internal services to the config rules', () => {
    const d = compare(
      environment('prod.env', {
        FRAUD_API_URL: 'https://api.fraud.example/v2',
        ORDERS_URL: 'http://orders.production.svc:8080',
      }),
      environment('stg.env', {
        FRAUD_API_URL: 'https://mock-fraud.staging.internal/v2',
        ORDERS_URL: 'http://orders.staging.svc:8080',
        FRAUD_FALLBACK_URL: 'https://api.fraud.example/v1',
      }),
    );
    expect(only(d, 'integrations').map((x) => [x.rule, x.key, x.message])).toEqual([
      [
        'integrations.endpoint-differs',
        'integrations/endpoint/FRAUD_API_URL/host',
        "FRAUD_API_URL: production api.fraud.example, staging mock-fraud.staging.internal (a mock or emulator; inside staging's network) (staging still reaches api.fraud.example through FRAUD_FALLBACK_URL)",
      ],
    ]);
  });

  it("takes a tenant of its own as healthy, noting only that its configuration is not production's", () => {
    const d = compare(
      environment('prod.env', { AUTH0_DOMAIN: 'shop.eu.auth0.com' }),
      environment('stg.env', { AUTH0_DOMAIN: 'shop-staging.eu.auth0.com' }),
    );
    expect(only(d, 'integrations').map((x) => [x.rule, x.severity, x.message])).toEqual([
      [
        'integrations.endpoint-differs',
        'low',
        "Auth0 tenant: production shop.eu.auth0.com, staging shop-staging.eu.auth0.com — another Auth0 tenant has its own rules, connections, MFA and rate limits; production's are untested",
      ],
    ]);
  });

  it('reports a sandbox host as a mode, not also as a moved endpoint', () => {
    const d = compare(
      environment('prod.env', { PAYPAL_API_BASE: 'https://api-m.paypal.com' }),
      environment('stg.env', { PAYPAL_API_BASE: 'https://api-m.sandbox.paypal.com' }),
    );
    expect(brief(only(d, 'integrations'))).toEqual([
      ['integrations.mode-differs', 'integrations/paypal/mode', 'differs', 'medium'],
    ]);
  });

  it('says a mode it cannot see out loud, and a provider staging lacks', () => {
    const d = compare(
      environment('prod.env', {
        // A secret by its name only: an opaque value shows no mode.
        STRIPE_SECRET_KEY: 'PLANTED-vault-0123456789',
        TWILIO_FROM_NUMBER: '+14155550100',
      }),
      environment('stg.env', { STRIPE_PUBLISHABLE_KEY: 'pk_test_51Hx0123456789abcdef' }),
    );
    expect(only(d, 'integrations').map((x) => [x.rule, x.kind, x.severity, x.message])).toEqual([
      [
        'integrations.mode-differs',
        'only-baseline',
        'medium',
        'production uses Twilio (unknown); staging has no Twilio settings: the code calling it is untested there, or fails',
      ],
      [
        'integrations.mode-differs',
        'differs',
        'low',
        'Stripe: production unknown, staging test — no setting shows the mode on one side (its keys are secrets); check it by hand',
      ],
    ]);
  });

  it('leaves a timeout the config rules report alone, and reports retries and renamed timeouts', () => {
    const d = compare(
      environment('prod.env', { STRIPE_TIMEOUT_MS: '5000', STRIPE_MAX_RETRIES: '2', PAYPAL_TIMEOUT: '10s' }),
      environment('stg.env', {
        STRIPE_TIMEOUT_MS: '30000',
        STRIPE_MAX_RETRIES: '0',
        PAYPAL_HTTP_TIMEOUT_MS: '60000',
      }),
    );
    expect(d.filter((x) => /timeout|retr/.test(x.rule)).map((x) => [x.rule, x.key, x.message])).toEqual([
      [
        'config.timeout-differs',
        'config/env/STRIPE_TIMEOUT_MS',
        'STRIPE_TIMEOUT_MS: production 5000 (5 s), staging 30000 (30 s) — staging waits 6x longer',
      ],
      [
        'integrations.timeout-differs',
        'integrations/paypal/timeout-ms',
        'PayPal timeout: production 10 s, staging 1 min — staging waits 6x longer',
      ],
      [
        'integrations.retries-differ',
        'integrations/stripe/retries',
        'Stripe retries: production 2, staging 0',
      ],
    ]);
  });

  it('compares renamed timeouts of unknown unit as numbers and says so', () => {
    const d = compare(
      environment('prod.env', { PAYPAL_TIMEOUT: '1500' }),
      environment('stg.env', { PAYPAL_HTTP_TIMEOUT: '900' }),
    );
    expect(d.filter((x) => /timeout/.test(x.rule)).map((x) => [x.rule, x.key, x.message])).toEqual([
      [
        'integrations.timeout-differs',
        'integrations/paypal/timeout',
        'PayPal timeout: production 1500, staging 900 (unit unknown: compared as numbers)',
      ],
    ]);
  });

  it('flags a request bin or tunnel, higher when production calls it', () => {
    const d = compare(
      environment('prod.env', { AUDIT_WEBHOOK_URL: 'https://abc123.ngrok-free.app/hook' }),
      environment('stg.env', { PARTNER_CALLBACK_URL: 'https://webhook.site/0c6f' }),
    );
    expect(only(d, 'integrations.tunnel').map((x) => [x.kind, x.severity, x.message])).toEqual([
      [
        'only-baseline',
        'high',
        'abc123.ngrok-free.app (AUDIT_WEBHOOK_URL) is a tunnel or request bin, called from production',
      ],
      [
        'only-candidate',
        'medium',
        'webhook.site (PARTNER_CALLBACK_URL) is a tunnel or request bin, called from staging',
      ],
    ]);
  });

  it('reports nothing for two environments that use their providers alike', () => {
    const vars = {
      STRIPE_PUBLISHABLE_KEY: 'pk_test_51Hx0123456789abcdef',
      SENDGRID_SANDBOX_MODE: 'true',
      GEOCODER_URL: 'https://geo.example.com/v1',
      AWS_REGION: 'eu-west-1',
    };
    expect(compare(environment('a.env', vars), environment('b.env', vars))).toEqual([]);
  });
});
