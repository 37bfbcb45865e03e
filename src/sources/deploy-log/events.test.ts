import { describe, expect, it } from 'vitest';
import { parseDuration, parseTime } from './events.js';

describe('deploy times and durations', () => {
  it.each([
    ['2026-10-05T09:10:00Z', Date.UTC(2026, 9, 5, 9, 10)],
    ['2026-10-05 09:10:00', Date.UTC(2026, 9, 5, 9, 10)],
    ['2026-10-05T09:10', Date.UTC(2026, 9, 5, 9, 10)],
    ['2026-10-05T11:10:00+02:00', Date.UTC(2026, 9, 5, 9, 10)],
    ['2026-10-05T11:10:00+0200', Date.UTC(2026, 9, 5, 9, 10)],
    ['2026-10-05T09:10:00.250Z', Date.UTC(2026, 9, 5, 9, 10, 0, 250)],
    ['2026-10-05', Date.UTC(2026, 9, 5)],
    [1_791_192_600, 1_791_192_600_000],
    ['1791192600000', 1_791_192_600_000],
    ['yesterday', undefined],
    ['2026-13-05T09:10:00Z', undefined],
    [42, undefined],
    [null, undefined],
  ])('time %j', (value, expected) => {
    expect(parseTime(value)).toBe(expected);
  });

  it.each([
    [252, 'duration', 252_000],
    [90_000, 'duration_ms', 90_000],
    ['4m12s', 'duration', 252_000],
    ['1h', 'duration', 3_600_000],
    ['00:04:12', 'duration', 252_000],
    ['PT4M12S', 'duration', 252_000],
    ['250ms', 'duration', 250],
    ['PT', 'duration', undefined],
    ['soon', 'duration', undefined],
    [-5, 'duration', undefined],
  ])('duration %j (%s)', (value, field, expected) => {
    expect(parseDuration(value, field)).toBe(expected);
  });
});
