import { expect } from 'vitest';

/**
 * Checks that requests arrived on their schedule: `ats[i]` is when request i was due (ms from the
 * run's start) and each arrival's path ends in `/i`. Arrival minus schedule is a constant (the
 * start) plus the error measured around its median; shared 2-core machines are noisy, so the median
 * must be tight (< 5 ms) and the 95th percentile reasonable (< 100 ms). `debug` is printed with
 * PARITY_DEBUG set.
 */
export function expectOnSchedule(
  arrivals: readonly { t: number; path: string }[],
  ats: readonly number[],
  debug: unknown[] = [],
): void {
  const offsets = arrivals.map((a) => a.t - ats[Number(a.path.split('/').pop())]!).sort((a, b) => a - b);
  const median = offsets[Math.floor(offsets.length / 2)]!;
  const deviations = offsets.map((o) => Math.abs(o - median)).sort((a, b) => a - b);
  const at = (q: number) => deviations[Math.floor(deviations.length * q)]!;
  if (process.env.PARITY_DEBUG)
    console.log(
      deviations.filter((_, i) => i % Math.ceil(deviations.length / 10) === 0),
      ...debug,
    );
  expect(at(0.5)).toBeLessThan(5);
  expect(at(0.95)).toBeLessThan(100);
}
