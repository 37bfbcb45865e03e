import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { profileFiles } from '../profile/files.js';
import { profileInParallel } from '../profile/parallel.js';
import { createParser } from './formats.js';
import type { JsonFields } from './json-fields.js';
import { isComplete } from './nginx-format.js';
import { emptyRecord } from './record.js';

const fixturePath = (name: string) => fileURLToPath(new URL(`./__fixtures__/${name}`, import.meta.url));

/** [durationMs, durationUnknown, durationField] of each line, as the JSON parser of one file reads them. */
function durations(lines: readonly string[], fields?: JsonFields) {
  const { parse } = createParser('json', fields);
  return lines.map((line) => {
    const r = emptyRecord();
    if (!parse(line, r) || !isComplete(r)) return null;
    return r.durationUnknown >= 0 ? { unknown: r.durationUnknown, field: r.durationField } : r.durationMs;
  });
}

const at = (i: number, extra: Record<string, unknown>) =>
  JSON.stringify({ time: `2026-11-20T10:00:0${i}.000Z`, method: 'GET', uri: '/a', status: 200, ...extra });

async function profileOf(fixture: string, fields?: JsonFields) {
  const file = { absolute: fixturePath(fixture), display: fixture };
  return profileFiles([file], { source: 'traffic', format: 'auto', ...(fields ? { fields } : {}) });
}

describe('JSON request times: one unit per field, never guessed from a number', () => {
  it("reads nginx's request_time as seconds whether a line logs 1 or 0.8", async () => {
    const lines = readFileSync(fixturePath('json-request-time-seconds-mixed-1-and-0.8.log'), 'utf8')
      .split('\n')
      .filter(Boolean);
    expect(durations(lines.slice(0, 2))).toEqual([1000, 800]);
    const { profile } = await profileOf('json-request-time-seconds-mixed-1-and-0.8.log');
    expect(profile.latencyMs).toMatchObject({ mean: 900, max: 1000 });
    expect(profile.durationUnitUnknown).toBeUndefined();
  });

  it('says the unit is unknown for big integers in a field named `latency`, and reports no latency', async () => {
    const { profile } = await profileOf('json-latency-large-integers-no-unit.log');
    expect(profile.latencyMs).toBeNull();
    expect(profile.concurrency).toBeNull();
    expect(profile.durationUnitUnknown).toEqual({
      requests: 10,
      fields: ['latency'],
      min: 250_000_000,
      max: 259_000_000,
    });
  });

  it('decides the same in every chunk of a file cut for worker threads', async () => {
    for (const fixture of [
      'json-latency-large-integers-no-unit.log',
      'json-request-time-seconds-mixed-1-and-0.8.log',
    ]) {
      const file = { absolute: fixturePath(fixture), display: fixture };
      const whole = (await profileOf(fixture)).profile;
      const cut = (await profileInParallel([file], { source: 'traffic', format: 'json' }, 3, 1)).profile;
      expect(cut.durationUnitUnknown, fixture).toEqual(whole.durationUnitUnknown);
      expect(cut.latencyMs, fixture).toEqual(whole.latencyMs);
    }
  });

  it('leaves small and decimal numbers of an unnamed unit unknown too (no per-value guess)', () => {
    expect(durations([at(0, { latency: 120 }), at(1, { elapsed: 0.8 })])).toEqual([
      { unknown: 120, field: 'latency' },
      { unknown: 0.8, field: 'elapsed' },
    ]);
  });

  it('reads the unit a field name spells', () => {
    const cases: [string, number, number][] = [
      ['latency_seconds', 2, 2000],
      ['elapsedMillis', 12.5, 12.5],
      ['latency_us', 1500, 1.5],
      ['upstream.duration_ns', 3_000_000, 3],
      ['time_taken_ms', 7, 7],
    ];
    for (const [name, value, ms] of cases) {
      const line = JSON.stringify({
        time: '2026-11-20T10:00:00Z',
        method: 'GET',
        uri: '/a',
        status: 200,
        [name]: value,
      });
      expect(durations([line], { duration: name }), name).toEqual([ms]);
    }
  });

  it('reads the units formats document for their own field names, and only those', () => {
    expect(durations([at(0, { responseTime: 12 })])).toEqual([12]); // pino-http: ms
    expect(durations([at(0, { Duration: 4_500_000 })])).toEqual([4.5]); // Traefik: Go ns
    expect(durations([at(0, { duration: 226 })])).toEqual([226]); // Envoy %DURATION%: ms
    expect(durations([at(0, { request_time: '0.020' })])).toEqual([20]); // nginx escape=json: s
  });

  it("reads Caddy's `duration` as seconds, recognised by its logger", async () => {
    const { profile } = await profileOf('json-caddy-duration-seconds.log');
    expect(profile.requests).toBe(4);
    // 0.25 s, 1 s, 0.5 s and 2 s (the old per-value guess read the integers 1 and 2 as milliseconds).
    expect(profile.latencyMs).toMatchObject({ mean: 938, max: 2000 });
  });

  it('reads a value that carries its unit by that unit, whatever the field name', () => {
    expect(
      durations([
        at(0, { latency: '250ms' }),
        at(1, { latency: '1.2s' }),
        at(2, { latency: '1m30s' }),
        at(3, { latency: 'PT0.5S' }),
        at(4, { latency: 42 }),
      ]),
    ).toEqual([250, 1200, 90_000, 500, { unknown: 42, field: 'latency' }]);
  });

  it('reads bare numbers in the unit given (durationUnit), values with a unit still by theirs', async () => {
    expect(durations([at(0, { latency: 120 }), at(1, { latency: '2s' })], { durationUnit: 'ms' })).toEqual([
      120, 2000,
    ]);
    // The unit given wins over the name's and the format's.
    expect(durations([at(0, { request_time: 3 })], { durationUnit: 'ms' })).toEqual([3]);
    const { profile } = await profileOf('json-latency-large-integers-no-unit.log', { durationUnit: 'us' });
    expect(profile.durationUnitUnknown).toBeUndefined();
    expect(profile.latencyMs).toMatchObject({ mean: 255_000, max: 259_000 });
  });

  it('keeps values that are no duration out: "-", lists, text, negatives', () => {
    expect(
      durations([
        at(0, { request_time: '-' }),
        at(1, { request_time: '0.010, 0.020' }),
        at(2, { request_time: 'slow' }),
        at(3, { request_time: -1 }),
      ]),
    ).toEqual([-1, -1, -1, -1]);
  });
});
