import { describe, expect, it } from 'vitest';
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

  it('config.timeout-differs: silent when the timeouts are equal', () => {
    expectSilent(
      'config.timeout-differs',
      [env('PAYMENT_TIMEOUT_MS', '5000')],
      [env('PAYMENT_TIMEOUT_MS', '5000')],
    );
  });

  it('config.feature-flag-differs: a flag-named variable with another state; silent when equal', () => {
    const found = expectFires(
      'config.feature-flag-differs',
      [env('FEATURE_CHECKOUT_V2', 'false')],
      [env('FEATURE_CHECKOUT_V2', 'true')],
    );
    expect(found.map((d) => d.severity)).toEqual(['medium']);
    expectSilent(
      'config.feature-flag-differs',
      [env('FEATURE_CHECKOUT_V2', 'true')],
      [env('FEATURE_CHECKOUT_V2', 'true')],
    );
  });

  it('config.pool-size-differs: a pool size that differs; silent when equal', () => {
    expectFires('config.pool-size-differs', [env('DB_POOL_SIZE', '50')], [env('DB_POOL_SIZE', '5')]);
    expectSilent('config.pool-size-differs', [env('DB_POOL_SIZE', '50')], [env('DB_POOL_SIZE', '50')]);
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

  it('config.env-scope-differs: build in one environment, runtime in the other; silent when the same', () => {
    const scope = (value: string) => fact('config/scope/API_URL', value);
    expectFires('config.env-scope-differs', [scope('runtime')], [scope('build')]);
    expectSilent('config.env-scope-differs', [scope('runtime')], [scope('runtime')]);
  });

  it('config.env-missing and config.env-extra: a variable on one side; silent when on both', () => {
    expectFires('config.env-missing', [env('CACHE_URL', 'redis://c')], []);
    expectFires('config.env-extra', [], [env('CACHE_URL', 'redis://c')]);
    expectSilent('config.env-missing', [env('CACHE_URL', 'redis://c')], [env('CACHE_URL', 'redis://c')]);
    expectSilent('config.env-extra', [env('CACHE_URL', 'redis://c')], [env('CACHE_URL', 'redis://c')]);
  });

  it('config.env-value-differs: another value; silent when the values are equal', () => {
    expectFires('config.env-value-differs', [env('REGION', 'eu-west-1')], [env('REGION', 'eu-central-1')]);
    expectSilent('config.env-value-differs', [env('REGION', 'eu-west-1')], [env('REGION', 'eu-west-1')]);
  });

  it('config.setting-differs: a config setting no specific rule owns; silent when equal', () => {
    const setting = (value: string) => fact('config/configmap/checkout/currency-format', value);
    expectFires('config.setting-differs', [setting('EUR')], [setting('USD')]);
    expectSilent('config.setting-differs', [setting('EUR')], [setting('EUR')]);
  });
});
