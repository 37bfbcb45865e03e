import { describe, expect, it } from 'vitest';
import { createFingerprinter, protectValue } from '../../sources/secrets.js';
import { brief } from '../../test-support/compare.js';
import { fact } from '../../test-support/facts.js';
import { expectFires, expectSilent } from '../../test-support/rule-cases.js';

const env = (name: string, value: string) => fact(`config/env/checkout/${name}`, value);

describe('config rules on environment variables', () => {
  it('config.debug-enabled: debug on in staging only; silent when both run the same mode', () => {
    const found = expectFires(
      'config.debug-enabled',
      [env('NODE_ENV', 'production')],
      [env('NODE_ENV', 'development')],
    );
    expect(brief(found)).toEqual([
      ['config.debug-enabled', 'config/env/checkout/NODE_ENV', 'differs', 'high'],
    ]);
    expectSilent('config.debug-enabled', [env('NODE_ENV', 'production')], [env('NODE_ENV', 'production')]);
    expectSilent('config.debug-enabled', [env('LOG_LEVEL', 'info')], [env('LOG_LEVEL', 'warn')]);
  });

  it('a pool word qualified by DEBUG/LOGGING/LOG/TRACE is a logging switch, not a pool size', () => {
    const on = expectFires(
      'config.debug-enabled',
      [env('HIKARI_DEBUG_POOL_LOGGING', 'false')],
      [env('HIKARI_DEBUG_POOL_LOGGING', 'true')],
    );
    expect(brief(on)).toEqual([
      ['config.debug-enabled', 'config/env/checkout/HIKARI_DEBUG_POOL_LOGGING', 'differs', 'high'],
    ]);
    for (const name of [
      'DB_POOL_LOGGING',
      'POOL_LOG_LEVEL',
      'CONNECTIONS_TRACE',
      'HIKARI_DEBUG_POOL_LOGGING',
    ]) {
      expectSilent('config.pool-size-differs', [env(name, 'info')], [env(name, 'warn')]);
      expect(
        brief(expectFires('config.env-value-differs', [env(name, 'info')], [env(name, 'warn')])),
      ).toHaveLength(1);
    }
    // A pool size is still one.
    expectFires('config.pool-size-differs', [env('DB_POOL_SIZE', '20')], [env('DB_POOL_SIZE', '5')]);
  });

  it('config.timeout-differs: 5 s against 30 s; silent on the same timeout written two ways', () => {
    expectFires('config.timeout-differs', [env('PAYMENT_TIMEOUT', '5s')], [env('PAYMENT_TIMEOUT', '30s')]);
    expectSilent(
      'config.timeout-differs',
      [env('PAYMENT_TIMEOUT', '5s')],
      [env('PAYMENT_TIMEOUT', '5000ms')],
    );
  });

  it('config.feature-flag-differs: a flag-named variable with another state; silent when set on one side only', () => {
    const found = expectFires(
      'config.feature-flag-differs',
      [env('FEATURE_CHECKOUT_V2', 'false')],
      [env('FEATURE_CHECKOUT_V2', 'true')],
    );
    expect(found.map((d) => d.severity)).toEqual(['medium']);
    // Set in production only: config.env-missing tells it.
    expectSilent('config.feature-flag-differs', [env('FEATURE_CHECKOUT_V2', 'true')], []);
  });

  it('config.feature-flag-differs: an environment switch on in one environment only is HIGH', () => {
    // Field trial (busy-beaver): IN_PRODUCTION 1 in production, 0 in dev, read by the app to pick its code path.
    for (const [name, prod, stg] of [
      ['IN_PRODUCTION', '1', '0'],
      ['IS_PROD', 'true', 'false'],
      ['PRODUCTION_MODE', 'on', 'off'],
      ['is_staging', 'no', 'yes'],
    ] as const) {
      const found = expectFires('config.feature-flag-differs', [env(name, prod)], [env(name, stg)]);
      expect(
        found.map((d) => [
          d.severity,
          /environment switch, on in (production|staging) only/.test(d.message ?? ''),
        ]),
      ).toEqual([['high', true]]);
    }
    // Not a switch: a value that is not on/off, or a name that only contains the word.
    expectSilent(
      'config.feature-flag-differs',
      [env('PRODUCTION', 'eu-west')],
      [env('PRODUCTION', 'eu-east')],
    );
    expectSilent(
      'config.feature-flag-differs',
      [env('PRODUCTION_DB_PORT', '1')],
      [env('PRODUCTION_DB_PORT', '0')],
    );
  });

  it('config.pool-size-differs: a pool size that differs; silent when set on one side only', () => {
    expectFires('config.pool-size-differs', [env('DB_POOL_SIZE', '50')], [env('DB_POOL_SIZE', '5')]);
    expectSilent('config.pool-size-differs', [env('DB_POOL_SIZE', '50')], []);
  });

  it('config.env-required-missing: a variable the code reads, set on one side; silent when set on both', () => {
    const ref = fact('config/code-ref/PAYMENT_URL', 'required', { file: 'src/pay.ts', line: 3 });
    const found = expectFires('config.env-required-missing', [ref, env('PAYMENT_URL', 'https://pay')], [ref]);
    expect(found.map((d) => d.message)).toEqual([
      'PAYMENT_URL is read by src/pay.ts:3 and set only in production',
    ]);
    expectSilent(
      'config.env-required-missing',
      [ref, env('PAYMENT_URL', 'https://pay')],
      [ref, env('PAYMENT_URL', 'https://pay-stg')],
    );
  });

  it('config.env-scope-differs: build in one environment, runtime in the other; silent when scoped on one side only', () => {
    const scope = (value: string) => fact('config/scope/API_URL', value);
    expectFires('config.env-scope-differs', [scope('runtime')], [scope('build')]);
    expectSilent('config.env-scope-differs', [scope('runtime')], []);
  });

  it('config.env-missing and config.env-extra: a variable on one side; silent when the code requires it (told by the scan)', () => {
    expectFires('config.env-missing', [env('CACHE_URL', 'redis://c')], []);
    expectFires('config.env-extra', [], [env('CACHE_URL', 'redis://c')]);
    // The code reads it without a default: config.env-required-missing tells it, higher.
    const ref = fact('config/code-ref/CACHE_URL', 'required', { file: 'src/cache.ts', line: 9 });
    expectSilent('config.env-missing', [ref, env('CACHE_URL', 'redis://c')], [ref]);
    expectSilent('config.env-extra', [ref], [ref, env('CACHE_URL', 'redis://c')]);
  });

  it('config.env-value-differs: another value; silent on two secrets of their own, or a secret against a reference', () => {
    expectFires('config.env-value-differs', [env('REGION', 'eu-west-1')], [env('REGION', 'eu-central-1')]);
    // Two secrets of their own: the healthy case, not a difference.
    const fp = createFingerprinter('k1');
    const secret = (v: string) => fact('config/env/checkout/DB_PASSWORD', protectValue('DB_PASSWORD', v, fp));
    expectSilent('config.env-value-differs', [secret('prod-pw-7f3a9c')], [secret('stg-pw-1b2d4e')]);
    // A secret in production, a reference to the CI's secret store in staging: no value to compare.
    expectSilent(
      'config.env-value-differs',
      [secret('prod-pw-7f3a9c')],
      [env('DB_PASSWORD', '${{ secrets.DB_PASSWORD }}')],
    );
  });

  it('config.setting-differs: a config setting no specific rule owns; silent on code references', () => {
    const setting = (value: string) => fact('config/configmap/checkout/currency-format', value);
    expectFires('config.setting-differs', [setting('EUR')], [setting('USD')]);
    // Code references are evidence for config.env-required-missing, not settings.
    const ref = (v: string) => fact('config/code-ref/CURRENCY', v);
    expectSilent('config.setting-differs', [ref('required')], [ref('optional')]);
  });
});
