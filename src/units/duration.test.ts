import { describe, expect, it } from 'vitest';
import { durationUnitOfName, formatMs, parseDurationMs, readDuration } from './duration.js';

describe('parseDurationMs', () => {
  it.each([
    ['5s', 5000],
    ['500ms', 500],
    ['1m30s', 90_000],
    ['1h 30m', 5_400_000],
    ['2 minutes', 120_000],
    ['30 sec', 30_000],
    ['1.5s', 1500],
    ['250us', 0.25],
    ['100ns', 0.0001],
    ['1d', 86_400_000],
    ['5S', 5000],
    ['PT5S', 5000],
    ['PT4M12S', 252_000],
    ['P1DT2H', 93_600_000],
    ['pt0.5s', 500],
    ['00:04:12', 252_000],
    ['00:00:30.5', 30_500],
    ['0', 0],
    [0, 0],
  ])('%j is %d ms', (value, ms) => {
    expect(parseDurationMs(value)).toBe(ms);
  });

  it.each([
    ['1500'],
    [1500],
    ['1h30'],
    ['PT'],
    ['P'],
    ['P1DT'],
    ['P1M'],
    ['soon'],
    ['-5s'],
    ['5 parsecs'],
    ['10:30'],
    [''],
    [null],
    [{}],
  ])('%j carries no unit: undefined', (value) => {
    expect(parseDurationMs(value)).toBeUndefined();
  });
});

describe('durationUnitOfName', () => {
  it.each([
    ['PAYMENT_TIMEOUT_MS', 'ms'],
    ['timeoutMs', 'ms'],
    ['request.timeout.ms', 'ms'],
    ['CONNECT_TIMEOUT_MILLIS', 'ms'],
    ['readTimeoutMillis', 'ms'],
    ['TIMEOUTMILLIS', 'ms'],
    ['SESSION_TIMEOUT_MILLISECONDS', 'ms'],
    ['timeoutSeconds', 's'],
    ['visibility_timeout_seconds', 's'],
    ['TTL_S', 's'],
    ['TIMEOUT_SEC', 's'],
    ['timeout-in-seconds', 's'],
    ['timeoutseconds', 's'],
    ['LOCK_TIMEOUT_MINUTES', 'min'],
    ['IDLE_TIMEOUT_MIN', 'min'],
    ['CACHE_TTL_HOURS', 'h'],
    ['RETENTION_DAYS', 'd'],
    ['TIMEOUT_NANOSECONDS', 'ns'],
    ['timeoutnanoseconds', 'ns'],
    ['duration_us', 'us'],
  ])('%s is in %s', (name, unit) => {
    expect(durationUnitOfName(name)).toBe(unit);
  });

  it.each([['PAYMENT_TIMEOUT'], ['timeouts'], ['KEEPALIVE'], ['s'], [''], ['GRACE_PERIOD'], ['deadline']])(
    '%j names no unit',
    (name) => {
      expect(durationUnitOfName(name)).toBeUndefined();
    },
  );
});

describe('readDuration', () => {
  it('never guesses a unit from the size of a number', () => {
    expect(readDuration('1500', 'PAYMENT_TIMEOUT')).toEqual({ known: false, number: 1500 });
    expect(readDuration('900', 'PAYMENT_TIMEOUT')).toEqual({ known: false, number: 900 });
    expect(readDuration(5, 'PAYMENT_TIMEOUT')).toEqual({ known: false, number: 5 });
  });

  it('takes the unit from the value first, then the name, then the default', () => {
    expect(readDuration('5s', 'TIMEOUT_MS')).toEqual({ known: true, ms: 5000, from: 'value' });
    expect(readDuration('1500', 'TIMEOUT_MS')).toEqual({ known: true, ms: 1500, from: 'name' });
    expect(readDuration(30, 'timeoutSeconds')).toEqual({ known: true, ms: 30_000, from: 'name' });
    expect(readDuration('252', 'duration', 's')).toEqual({ known: true, ms: 252_000, from: 'default' });
    expect(readDuration('0', 'TIMEOUT')).toEqual({ known: true, ms: 0, from: 'value' });
  });

  it('is undefined for what is no duration at all', () => {
    expect(readDuration('soon', 'TIMEOUT')).toBeUndefined();
    expect(readDuration(-1, 'TIMEOUT')).toBeUndefined();
    expect(readDuration(Number.NaN, 'TIMEOUT_MS')).toBeUndefined();
    expect(readDuration(true, 'TIMEOUT_MS')).toBeUndefined();
  });
});

describe('formatMs', () => {
  it.each([
    [250, '250 ms'],
    [1500, '1.5 s'],
    [120_000, '2 min'],
  ])('%d ms reads %s', (ms, text) => {
    expect(formatMs(ms)).toBe(text);
  });
});
