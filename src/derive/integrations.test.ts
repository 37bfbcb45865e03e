import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Fact } from '../model/fact.js';
import { createFingerprinter, protectValue } from '../sources/secrets.js';
import { fact } from '../test-support/facts.js';
import { integrationsCoverage, integrationsFromConfig } from './integrations.js';

const fp = createFingerprinter('test-key');
let line = 0;
/** An env var as a source hands it over: through protectValue, with its own line. */
const env = (name: string, value: string, file = '.env') =>
  fact(`config/env/${name}`, protectValue(name, value, fp), { file, line: ++line });
const brief = (facts: Fact[]) => facts.map((f) => [f.key, f.value]);

describe('integrationsFromConfig', () => {
  it("takes a provider's host from where it is reached, not from the app's own addresses handed to it", () => {
    // Field trial (MythicaAI/jungle-ams): one Auth0 tenant in both, but the audience and redirect
    // URLs (the app's API) made "another Auth0 tenant".
    const hostOf = (env: string) =>
      integrationsFromConfig([
        fact('config/env/VITE_AUTH0_DOMAIN', 'dev-x.us.auth0.com', { file: `.env.${env}`, line: 3 }),
        fact('config/env/VITE_AUTH0_AUDIENCE', `https://api-${env}.example.com/v1`, {
          file: `.env.${env}`,
          line: 5,
        }),
        fact('config/env/VITE_AUTH0_REDIRECT_URL', `https://api-${env}.example.com`, {
          file: `.env.${env}`,
          line: 6,
        }),
      ]).find((f) => f.key === 'integrations/auth0/host')?.value;
    expect(hostOf('production')).toBe('dev-x.us.auth0.com');
    expect(hostOf('staging')).toBe(hostOf('production'));
    // A custom domain named as the provider's endpoint is still its host.
    const custom = integrationsFromConfig([
      fact('config/env/AUTH0_DOMAIN', 'login.shop.com', { file: '.env', line: 1 }),
    ]);
    expect(custom.find((f) => f.key === 'integrations/auth0/host')?.value).toBe('login.shop.com');
  });

  it('derives production Stripe, PayPal and Twilio in live mode, with host, timeout and retries', () => {
    const out = integrationsFromConfig([
      env('STRIPE_SECRET_KEY', 'sk_live_PLANTEDstripe0123456789'),
      env('STRIPE_PUBLISHABLE_KEY', 'pk_live_51Hx0123456789abcdef'),
      env('STRIPE_TIMEOUT_MS', '5000'),
      env('STRIPE_MAX_RETRIES', '2'),
      env('PAYPAL_API_BASE', 'https://api-m.paypal.com'),
      env('PAYPAL_CLIENT_SECRET', 'PLANTEDpaypal-secret'),
      env('TWILIO_AUTH_TOKEN', 'PLANTEDtwilio-token'),
      env('TWILIO_FROM_NUMBER', '+14155550100'),
      env('TWILIO_RATE_LIMIT', '30/s'),
    ]);
    expect(brief(out)).toEqual([
      ['integrations/stripe/mode', 'live'],
      ['integrations/stripe/retries', 2],
      ['integrations/stripe/timeout-ms', 5000],
      ['integrations/paypal/mode', 'live'],
      ['integrations/paypal/host', 'api-m.paypal.com'],
      ['integrations/twilio/mode', 'unknown'],
      ['integrations/twilio/rate-limit', '30/s'],
      ['integrations/endpoint/PAYPAL_API_BASE/host', 'api-m.paypal.com'],
      ['integrations/host/api-m.paypal.com', 'PAYPAL_API_BASE'],
    ]);
    // The deciding variable's origin: the first key whose shape shows the mode (the secret key's
    // redacted prefix, `sk_live_****`).
    expect(out[0]!.origin).toEqual({ source: 'test', file: '.env', line: 1 });
    expect(out[2]).toMatchObject({ unit: 'ms', dimension: 'integrations', compare: 'exact' });
    expect(out.at(-1)).toMatchObject({ compare: 'presence', subject: 'host', attribute: 'api-m.paypal.com' });
    expect(JSON.stringify(out)).not.toContain('PLANTED');
  });

  it('keeps a timeout whose unit nothing gives as the number written, never guessed from its size', () => {
    const out = integrationsFromConfig([
      env('STRIPE_TIMEOUT', '1500'),
      env('PAYPAL_CONNECT_TIMEOUT', '900'),
      env('TWILIO_TIMEOUT', '5s'),
    ]);
    expect(brief(out).filter(([key]) => /timeout/.test(String(key)))).toEqual([
      ['integrations/stripe/timeout', 1500],
      ['integrations/paypal/connect-timeout', 900],
      ['integrations/twilio/timeout-ms', 5000],
    ]);
    expect(out.find((f) => f.key === 'integrations/stripe/timeout')?.unit).toBeUndefined();
  });

  it('derives staging sandboxes from hosts, explicit settings, magic numbers and sandbox domains', () => {
    const out = integrationsFromConfig([
      env('STRIPE_PUBLISHABLE_KEY', 'pk_test_51Hx0123456789abcdef'),
      env('PAYPAL_API_BASE', 'https://api-m.sandbox.paypal.com'),
      env('BRAINTREE_ENVIRONMENT', 'sandbox'),
      env('ADYEN_CHECKOUT_URL', 'https://checkout-test.adyen.com/v71'),
      env('PLAID_ENV', 'development'),
      env('TWILIO_FROM_NUMBER', '+15005550006'),
      env('SENDGRID_SANDBOX_MODE', 'true'),
      env('MAILGUN_DOMAIN', 'sandbox0a1b2c3d4e5f.mailgun.org'),
    ]);
    expect(brief(out).filter(([k]) => String(k).endsWith('/mode'))).toEqual([
      ['integrations/stripe/mode', 'test'],
      ['integrations/paypal/mode', 'sandbox'],
      ['integrations/braintree/mode', 'sandbox'],
      ['integrations/adyen/mode', 'test'],
      ['integrations/plaid/mode', 'test'],
      ['integrations/twilio/mode', 'test'],
      ['integrations/sendgrid/mode', 'sandbox'],
      ['integrations/mailgun/mode', 'sandbox'],
    ]);
  });

  it('calls an emulator an emulator whatever the keys say, and names disagreeing keys', () => {
    const out = integrationsFromConfig([
      env('STRIPE_PUBLISHABLE_KEY', 'pk_live_51Hx0123456789abcdef'),
      env('STRIPE_API_BASE', 'http://stripe-mock:12111'),
      env('AWS_REGION', 'eu-west-1'),
      env('AWS_ENDPOINT_URL_SQS', 'http://localhost:4566'),
      env('S3_ENDPOINT', 'minio.storage.svc:9000'),
      env('PAYMENTS_LIVE_KEY', 'pk_live_51Hx0123456789abcdef'),
      env('PAYMENTS_TEST_KEY', 'pk_test_51Hx0123456789abcdef'),
    ]);
    expect(brief(out).filter(([k]) => /^integrations\/(stripe|aws)\//.test(String(k)))).toEqual([
      ['integrations/stripe/mode', 'local-emulator'],
      ['integrations/stripe/host', 'stripe-mock:12111'],
      ['integrations/aws/mode', 'local-emulator'],
      ['integrations/aws/host', 'localhost:4566, minio.storage.svc:9000'],
    ]);
    const keys = integrationsFromConfig([
      env('PAYMENTS_LIVE_KEY', 'pk_live_51Hx01234567'),
      env('PK', 'pk_test_51Hx0123'),
    ]);
    expect(brief(keys)).toEqual([['integrations/stripe/mode', 'live+test']]);
  });

  it('reads a Stripe mode from the redacted key prefix protectValue keeps, and only from it', () => {
    // protectValue keeps `sk_live_****` as the secret's redacted form; an opaque secret shows nothing.
    const key = fact('config/env/STRIPE_SECRET_KEY', {
      secret: true,
      fingerprint: fp('x'),
      redacted: 'sk_live_****',
    });
    expect(brief(integrationsFromConfig([key]))).toEqual([['integrations/stripe/mode', 'live']]);
    const hinted = fact(
      'config/env/STRIPE_SECRET_KEY',
      protectValue('STRIPE_SECRET_KEY', 'sk_test_PLANTED0123456789', fp),
    );
    expect(brief(integrationsFromConfig([hinted]))).toEqual([['integrations/stripe/mode', 'test']]);
    const opaque = fact(
      'config/env/STRIPE_SECRET_KEY',
      protectValue('STRIPE_SECRET_KEY', 'PLANTED-vault-0123', fp),
    );
    expect(brief(integrationsFromConfig([opaque]))).toEqual([['integrations/stripe/mode', 'unknown']]);
  });

  it('takes AWS as live when nothing overrides the SDK endpoints', () => {
    expect(
      brief(integrationsFromConfig([env('AWS_REGION', 'eu-west-1'), env('AWS_MAX_ATTEMPTS', '5')])),
    ).toEqual([
      ['integrations/aws/mode', 'live'],
      ['integrations/aws/retries', 5],
    ]);
  });

  it('keeps every endpoint variable, external hosts as presence, and no database, Sentry or path', () => {
    const out = integrationsFromConfig([
      env('FRAUD_API_URL', 'https://mock-fraud.staging.internal/v2/check?key=abc'),
      env('GEOCODER_URL', 'https://user:PLANTEDpw@geo.example.com:8443/v1'),
      env('ORDERS_URL', 'http://orders.shop.svc.cluster.local:80/api'),
      env('DATABASE_URL', 'postgres://app:PLANTEDdb@db.internal:5432/shop'),
      env('SENTRY_DSN', 'https://PLANTEDsentry@o1.ingest.sentry.io/1'),
      env('SLACK_WEBHOOK_URL', 'https://hooks.slack.com/services/T0/B0/PLANTEDslackpath'),
      env('CALLBACK_URL', 'https://${PUBLIC_HOST}/callback'),
      env('SEARCH_HOST', 'search.example.net'),
      env('DB_HOST', 'db.example.net'),
      fact('config/code-ref/OTHER_URL', 'required', { compare: 'presence' }),
      fact('config/configmap/app/partner.url', 'https://api.partner.io'),
    ]);
    expect(brief(out)).toEqual([
      ['integrations/slack/host', 'hooks.slack.com'],
      ['integrations/endpoint/FRAUD_API_URL/host', 'mock-fraud.staging.internal'],
      ['integrations/endpoint/GEOCODER_URL/host', 'geo.example.com:8443'],
      ['integrations/endpoint/ORDERS_URL/host', 'orders.shop.svc.cluster.local'],
      ['integrations/endpoint/partner.url/host', 'api.partner.io'],
      ['integrations/endpoint/SEARCH_HOST/host', 'search.example.net'],
      ['integrations/endpoint/SLACK_WEBHOOK_URL/host', 'hooks.slack.com'],
      ['integrations/host/api.partner.io', 'partner.url'],
      ['integrations/host/geo.example.com:8443', 'GEOCODER_URL'],
      ['integrations/host/hooks.slack.com', 'SLACK_WEBHOOK_URL'],
      ['integrations/host/search.example.net', 'SEARCH_HOST'],
    ]);
    expect(JSON.stringify(out)).not.toContain('PLANTED');
    expect(JSON.stringify(out)).not.toContain('/v1');
  });

  it('covers the integrations dimension whenever configuration was read', () => {
    const config = [env('PORT', '8080')];
    expect(integrationsCoverage(config, [])).toEqual([
      { source: 'derived:integrations', kind: 'derived', dimensions: ['integrations'], facts: 0 },
    ]);
    expect(integrationsCoverage([fact('infra/workload/a/replicas', 2)], [])).toEqual([]);
  });

  it('never throws and never lets a value through, on random configuration', () => {
    const name = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,20}$/);
    const value = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc
        .tuple(
          fc.constantFrom('https://', 'http://', 'grpc://', 'redis://', ''),
          fc.constantFrom('u:PLANTEDpw@', ''),
          fc.stringMatching(/^[a-z0-9.-]{1,20}$/),
          fc.constantFrom('', ':4566', ':443', ':x'),
          fc.string({ maxLength: 10 }),
        )
        .map((parts) => parts.join('')),
      fc.constantFrom(
        'sk_live_PLANTED0123456789',
        'http://localhost:4566',
        'true',
        '5s',
        '+15005550006',
        'sandbox',
      ),
    );
    const prefix = fc.constantFrom('', 'STRIPE_', 'PAYPAL_', 'AWS_', 'TWILIO_', 'SENDGRID_');
    fc.assert(
      fc.property(fc.array(fc.tuple(prefix, name, value), { maxLength: 20 }), (vars) => {
        const out = integrationsFromConfig(vars.map(([p, n, v]) => env(`${p}${n}`, v)));
        for (const f of out) expect(Fact.safeParse(f).success).toBe(true);
        expect(JSON.stringify(out)).not.toContain('PLANTED');
      }),
      { numRuns: 150 },
    );
  });
});
