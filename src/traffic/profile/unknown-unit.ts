import type { LogRecord } from '../logs/record.js';

/**
 * Request times whose unit is unknown (see LogRecord.durationUnknown): counted, with the fields
 * they came from and the smallest and largest number as logged, so the profile can say so and the
 * user can name the unit. They never enter the latency histogram or the concurrency estimate.
 */
export interface UnknownUnitTimes {
  requests: number;
  fields: Set<string>;
  min: number;
  max: number;
}

export function createUnknownUnitTimes(): UnknownUnitTimes {
  return { requests: 0, fields: new Set(), min: Number.POSITIVE_INFINITY, max: 0 };
}

export function noteUnknownUnit(u: UnknownUnitTimes, r: LogRecord): void {
  u.requests++;
  const v = r.durationUnknown;
  if (v < u.min) u.min = v;
  if (v > u.max) u.max = v;
  if (!u.fields.has(r.durationField)) u.fields.add(r.durationField);
}

export function mergeUnknownUnit(target: UnknownUnitTimes, other: UnknownUnitTimes): void {
  target.requests += other.requests;
  target.min = Math.min(target.min, other.min);
  target.max = Math.max(target.max, other.max);
  for (const f of other.fields) target.fields.add(f);
}

/** What the stored profile says about them; undefined when every logged time had a known unit. */
export function finishUnknownUnit(
  u: UnknownUnitTimes,
): { requests: number; fields: string[]; min: number; max: number } | undefined {
  if (u.requests === 0) return undefined;
  return { requests: u.requests, fields: [...u.fields].sort(), min: u.min, max: u.max };
}
