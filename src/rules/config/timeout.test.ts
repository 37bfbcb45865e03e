import { describe, expect, it } from 'vitest';
import { briefWithMessage, compareRules } from '../../test-support/compare.js';
import { fact } from '../../test-support/facts.js';

function timeout(name: string, production: string, staging: string) {
  return briefWithMessage(
    compareRules(
      [fact(`config/env/checkout/${name}`, production)],
      [fact(`config/env/checkout/${name}`, staging)],
    ).divergences,
  ).map(([, , , severity, message]) => [severity, message]);
}

describe('config.timeout-differs', () => {
  it('reads two unitless numbers with the same unknown unit: 1500 against 900 is staging shorter', () => {
    expect(timeout('PAYMENT_TIMEOUT', '1500', '900')).toEqual([
      [
        'medium',
        'PAYMENT_TIMEOUT (checkout): production 1500, staging 900 (unit unknown: neither the values nor the name say; compared as numbers)',
      ],
    ]);
    expect(timeout('PAYMENT_TIMEOUT', '900', '1500')).toEqual([
      [
        'high',
        'PAYMENT_TIMEOUT (checkout): production 900, staging 1500 (unit unknown: neither the values nor the name say; compared as numbers) — staging waits 1.7x longer',
      ],
    ]);
  });

  it('takes the unit from the name', () => {
    expect(timeout('PAYMENT_TIMEOUT_MS', '1500', '900')).toEqual([
      ['medium', 'PAYMENT_TIMEOUT_MS (checkout): production 1500 (1.5 s), staging 900 (900 ms)'],
    ]);
    expect(timeout('LOCK_TIMEOUT_SECONDS', '5', '900')).toEqual([
      [
        'high',
        'LOCK_TIMEOUT_SECONDS (checkout): production 5 (5 s), staging 900 (15 min) — staging waits 180x longer',
      ],
    ]);
    expect(timeout('readTimeoutMillis', '5', '900')[0]![0]).toBe('high');
  });

  it('takes the unit from the value, before the name', () => {
    expect(timeout('PAYMENT_TIMEOUT', '5s', '1m30s')).toEqual([
      [
        'high',
        'PAYMENT_TIMEOUT (checkout): production 5s (5 s), staging 1m30s (90 s) — staging waits 18x longer',
      ],
    ]);
    expect(timeout('PAYMENT_TIMEOUT', 'PT5S', '500ms')).toEqual([
      ['medium', 'PAYMENT_TIMEOUT (checkout): production PT5S (5 s), staging 500ms (500 ms)'],
    ]);
    expect(timeout('PAYMENT_TIMEOUT_MS', '5s', '4000')).toEqual([
      ['medium', 'PAYMENT_TIMEOUT_MS (checkout): production 5s (5 s), staging 4000 (4 s)'],
    ]);
  });

  it('is silent on the same timeout written two ways', () => {
    expect(timeout('PAYMENT_TIMEOUT', '5s', '5000ms')).toEqual([]);
    expect(timeout('PAYMENT_TIMEOUT_MS', '5s', '5000')).toEqual([]);
    expect(timeout('PAYMENT_TIMEOUT', '90s', '1m30s')).toEqual([]);
  });

  it('claims no order across a known and an unknown unit, and says which is unknown', () => {
    expect(timeout('PAYMENT_TIMEOUT', '1500', '5s')).toEqual([
      ['medium', 'PAYMENT_TIMEOUT (checkout): production 1500 (unit unknown), staging 5s (5 s)'],
    ]);
  });

  it('claims no order against 0, which often means no timeout', () => {
    expect(timeout('PAYMENT_TIMEOUT_MS', '0', '5000')).toEqual([
      ['medium', 'PAYMENT_TIMEOUT_MS (checkout): production 0 (0 ms), staging 5000 (5 s)'],
    ]);
  });
});
