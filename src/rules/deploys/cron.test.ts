import { describe, expect, it } from 'vitest';
import { firesWithin, parseCron } from './cron.js';

const at = (iso: string) => Date.parse(iso);
const fires = (cron: string, from: string, to: string) => firesWithin(parseCron(cron)!, at(from), at(to));

describe('cron schedules', () => {
  it('reads steps, ranges, lists, names and macros', () => {
    const s = parseCron('*/15 9-17 * JAN,mar 1-5')!;
    expect([...s.minutes]).toEqual([0, 15, 30, 45]);
    expect([...s.hours]).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect([...s.months]).toEqual([1, 3]);
    expect([...s.weekdays]).toEqual([1, 2, 3, 4, 5]);
    expect(parseCron('@daily')).toMatchObject({ minutes: new Set([0]), hours: new Set([0]) });
    expect([...parseCron('0 0 * * 7')!.weekdays]).toEqual([7, 0]);
    expect([...parseCron('5/20 * * * *')!.minutes]).toEqual([5, 25, 45]);
  });

  it('refuses what it cannot evaluate', () => {
    for (const cron of [
      '0 0 * * * *',
      '0 0 L * *',
      '0 0 * * 1#2',
      'H 2 * * *',
      '61 * * * *',
      '5-1 * * * *',
      '*-5 * * * *',
      '',
      '@reboot',
      '0 0 * * * tz=Not/AZone',
    ]) {
      expect(parseCron(cron), cron).toBeUndefined();
    }
  });

  it('finds a firing inside a window', () => {
    expect(fires('30 2 * * *', '2026-10-06T02:26:00Z', '2026-10-06T02:33:00Z')).toBe(true);
    expect(fires('30 2 * * *', '2026-10-06T02:31:00Z', '2026-10-06T03:33:00Z')).toBe(false);
    expect(fires('0 3 * * 0', '2026-10-03T23:00:00Z', '2026-10-05T04:00:00Z')).toBe(true); // Sunday the 4th
    expect(fires('0 3 * * 0', '2026-10-05T00:00:00Z', '2026-10-10T23:59:00Z')).toBe(false);
  });

  it('combines day-of-month and day-of-week as cron does', () => {
    // 1st of the month OR a Friday: Friday 2026-10-09 fires.
    expect(fires('0 12 1 * 5', '2026-10-09T11:00:00Z', '2026-10-09T13:00:00Z')).toBe(true);
    // Day-of-week is `*`: only the 1st.
    expect(fires('0 12 1 * *', '2026-10-09T11:00:00Z', '2026-10-09T13:00:00Z')).toBe(false);
  });

  it('evaluates in the time zone of a CronJob', () => {
    // 02:30 in Berlin (summer, UTC+2) is 00:30 UTC.
    expect(fires('30 2 * * * tz=Europe/Berlin', '2026-07-01T00:20:00Z', '2026-07-01T00:40:00Z')).toBe(true);
    expect(fires('CRON_TZ=Europe/Berlin 30 2 * * *', '2026-07-01T02:20:00Z', '2026-07-01T02:40:00Z')).toBe(
      false,
    );
    expect(fires('TZ=Asia/Kolkata 0 9 * * *', '2026-07-01T03:29:00Z', '2026-07-01T03:31:00Z')).toBe(true);
  });

  it('stays fast on a week-long window that never fires', () => {
    const started = performance.now();
    expect(fires('0 0 29 2 *', '2026-01-01T00:00:00Z', '2026-12-31T00:00:00Z')).toBe(false);
    expect(fires('59 23 31 12 * tz=America/New_York', '2026-01-02T00:00:00Z', '2026-01-10T00:00:00Z')).toBe(
      false,
    );
    // Dec 31 23:59 in New York is already Jan 1 in UTC.
    expect(fires('59 23 31 12 * tz=America/New_York', '2026-01-01T04:58:00Z', '2026-01-01T05:00:00Z')).toBe(
      true,
    );
    expect(performance.now() - started).toBeLessThan(300);
  });
});
