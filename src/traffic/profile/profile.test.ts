import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyRecord, type LogRecord } from '../logs/record.js';
import { isWriteMethod } from '../logs/template.js';
import { addDistinct, createDistinct, type DistinctCounter } from './distinct.js';
import { finishProfile } from './finish.js';
import {
  addRecord,
  createAccumulator,
  DUPLICATE_WINDOW_MS,
  PARALLEL_THRESHOLD,
  type ProfileAccumulator,
  RETRY_WINDOW_MS,
  SLOT_CAPACITY,
} from './profile.js';

/**
 * The behaviour tracking as first written: one map entry per key, written on every line, and an
 * eager prune every 15 s of log time. The profile keeps lazy windows, boxes and nested error maps
 * for speed; on any sequence of requests (clock jumps, bursts, saturated counts) it must count
 * exactly what this does.
 */
interface Reference {
  clients: DistinctCounter;
  parallelClients: DistinctCounter;
  lastWrite: Map<string, number>;
  lastError: Map<string, number>;
  clientSecond: Map<string, number>;
  writes: number;
  duplicates: number;
  retries: number;
  lastPruneSecond: number;
}

const PACK = 4096;

function referenceAdd(acc: Reference, r: LogRecord): void {
  const t = r.time;
  const second = Math.floor(t / 1000);
  addDistinct(acc.clients, r.client);
  const isError = r.status >= 500 || r.status === 429 || r.status === 408;
  const write = isWriteMethod(r.method);
  if (acc.lastError.size > 0 || isError || write) {
    const key = `${r.client}\u0000${r.method}\u0000${r.path}`;
    const errorAt = acc.lastError.get(key);
    if (errorAt !== undefined && Math.abs(t - errorAt) <= RETRY_WINDOW_MS) {
      acc.retries++;
      acc.lastError.delete(key);
    }
    if (isError) acc.lastError.set(key, t);
    if (write) {
      acc.writes++;
      const last = acc.lastWrite.get(key);
      if (last !== undefined && Math.abs(t - last) <= DUPLICATE_WINDOW_MS) acc.duplicates++;
      acc.lastWrite.set(key, t);
    }
  }
  const packed = acc.clientSecond.get(r.client);
  if (packed !== undefined && Math.floor(packed / PACK) === second) {
    const n = (packed % PACK) + 1;
    if (n < PACK) acc.clientSecond.set(r.client, packed + 1);
    if (n === PARALLEL_THRESHOLD) addDistinct(acc.parallelClients, r.client);
  } else acc.clientSecond.set(r.client, second * PACK + 1);
  if (second > acc.lastPruneSecond + 15) {
    acc.lastPruneSecond = second;
    const oldest = (second - 15) * 1000;
    for (const [k, v] of acc.lastWrite) if (v < oldest) acc.lastWrite.delete(k);
    for (const [k, v] of acc.lastError) if (v < oldest) acc.lastError.delete(k);
    for (const [k, v] of acc.clientSecond) if (Math.floor(v / PACK) < second - 15) acc.clientSecond.delete(k);
  }
}

function reference(): Reference {
  return {
    clients: createDistinct(),
    parallelClients: createDistinct(),
    lastWrite: new Map(),
    lastError: new Map(),
    clientSecond: new Map(),
    writes: 0,
    duplicates: 0,
    retries: 0,
    lastPruneSecond: Number.NEGATIVE_INFINITY,
  };
}

interface Step {
  /** Milliseconds to move the clock by (negative: a clock jump back). */
  dt: number;
  client: number;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  /** The intern slot a parser gave the client (a hint: two tables may give one slot to two clients). */
  slot?: number;
}

const START = Date.UTC(2026, 10, 1);

function run(steps: Step[]): { acc: ProfileAccumulator; ref: Reference } {
  const acc = createAccumulator();
  const ref = reference();
  const r = emptyRecord();
  let t = START;
  steps.forEach((s, i) => {
    t += s.dt;
    Object.assign(r, emptyRecord(), {
      time: t,
      method: s.method,
      path: s.path,
      status: s.status,
      durationMs: s.durationMs,
      client: `10.0.0.${s.client}`,
      clientSlot: s.slot ?? -1,
    });
    addRecord(acc, r, 0, i + 1);
    referenceAdd(ref, r);
  });
  return { acc, ref };
}

const step = fc.record({
  dt: fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 0, max: 120 }) },
    { weight: 1, arbitrary: fc.integer({ min: -40_000, max: 40_000 }) },
    { weight: 1, arbitrary: fc.constantFrom(-16_000, -15_000, 15_000, 16_000, 31_000, 1000, -1000) },
  ),
  client: fc.integer({ min: 0, max: 6 }),
  method: fc.constantFrom('GET', 'GET', 'POST', 'PUT', 'HEAD', '-'),
  path: fc.constantFrom('/a', '/b', '/orders/1'),
  status: fc.constantFrom(200, 200, 201, 404, 408, 429, 500, 503),
  durationMs: fc.oneof(
    fc.constant(-1),
    fc.integer({ min: 0, max: 3000 }).map((n) => n / 7),
  ),
});

describe('addRecord behaviour tracking', () => {
  it('counts duplicates, retries, parallel sessions and clients as the eager reference does', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 400 }), (steps) => {
        const { acc, ref } = run(steps);
        expect({
          writes: acc.writes,
          duplicates: acc.duplicates,
          retries: acc.retries,
          clients: [...acc.clients.exact!].sort(),
          parallel: [...acc.parallelClients.exact!].sort(),
        }).toEqual({
          writes: ref.writes,
          duplicates: ref.duplicates,
          retries: ref.retries,
          clients: [...ref.clients.exact!].sort(),
          parallel: [...ref.parallelClients.exact!].sort(),
        });
      }),
      { numRuns: 300 },
    );
  });

  it('matches the reference when the clock goes back to a second a prune already dropped', () => {
    // Few seconds, 15 s apart or less, in any order: windows expire and the same seconds come back.
    const at = fc.record({
      second: fc.constantFrom(0, 1, 2, 16, 17, 18, 33, 34, 50),
      ms: fc.integer({ min: 0, max: 999 }),
      client: fc.integer({ min: 0, max: 5 }),
      method: fc.constantFrom('GET', 'POST'),
      status: fc.constantFrom(200, 500),
    });
    fc.assert(
      fc.property(fc.array(at, { minLength: 100, maxLength: 400 }), (points) => {
        let t = 0;
        const steps = points.map((p) => {
          const next = p.second * 1000 + p.ms;
          const dt = next - t;
          t = next;
          return { dt, client: p.client, method: p.method, path: '/a', status: p.status, durationMs: 1 };
        });
        const { acc, ref } = run(steps);
        expect([acc.duplicates, acc.retries, [...acc.parallelClients.exact!].sort()]).toEqual([
          ref.duplicates,
          ref.retries,
          [...ref.parallelClients.exact!].sort(),
        ]);
      }),
      { numRuns: 300 },
    );
  });

  it('restarts a window a prune dropped, and keeps one set after the prune', () => {
    const at = (second: number, client: number, n: number): (Step & { second: number })[] =>
      Array.from({ length: n }, () => ({
        dt: 0,
        client,
        method: 'GET',
        path: '/',
        status: 200,
        durationMs: 1,
        second,
      }));
    const script = [
      ...at(0, 1, 5), // client 1: five requests in second 0
      ...at(16, 2, 1), // prune at 16 drops windows before second 1
      ...at(0, 1, 5), // client 1 again in second 0: a new window, five, not ten
      ...at(0, 3, 10), // client 3 in second 0 after the prune: its window lives until the next prune
    ];
    let t = 0;
    const steps = script.map(({ second, ...s }) => {
      const dt = second * 1000 - t;
      t = second * 1000;
      return { ...s, dt };
    });
    const { acc, ref } = run(steps);
    expect([...ref.parallelClients.exact!]).toEqual(['10.0.0.3']);
    expect([...acc.parallelClients.exact!]).toEqual(['10.0.0.3']);
  });

  it('matches the reference on long bursts (a count that saturates) and on many clients', () => {
    const burst: Step[] = Array.from({ length: 9000 }, (_, i) => ({
      dt: i % 3000 === 0 ? 20_000 : 0,
      client: i % 2,
      method: i % 5 === 0 ? 'POST' : 'GET',
      path: '/a',
      status: i % 7 === 0 ? 503 : 200,
      durationMs: 1,
    }));
    const { acc, ref } = run(burst);
    expect([acc.duplicates, acc.retries, acc.parallelClients.exact!.size]).toEqual([
      ref.duplicates,
      ref.retries,
      ref.parallelClients.exact!.size,
    ]);
  });

  it('counts as the reference whatever slots the parsers give clients, and keeps its slot arrays full size', () => {
    // Lines read by the scanner and by the byte parser alternate in one file: two tables, one slot number for two clients. The slot is a hint; the counts must not depend on it.
    const slotted = step.chain((s) =>
      fc
        .record({
          slot: fc.oneof(
            fc.constant(-1),
            fc.integer({ min: 0, max: 3 }),
            fc.constantFrom(8190, 8191, SLOT_CAPACITY),
          ),
        })
        .map((hint) => ({ ...s, ...hint })),
    );
    fc.assert(
      fc.property(fc.array(slotted, { minLength: 1, maxLength: 400 }), (steps) => {
        const { acc, ref } = run(steps);
        expect([acc.duplicates, acc.retries, acc.writes]).toEqual([ref.duplicates, ref.retries, ref.writes]);
        expect(acc.parallelClients.exact).toEqual(ref.parallelClients.exact);
        expect(acc.clients.exact).toEqual(ref.clients.exact);
        // Never emptied by `length = 0` nor written past the end: arrays that stay packed.
        expect([acc.slotClients.length, acc.slotWindows.length]).toEqual([SLOT_CAPACITY, SLOT_CAPACITY]);
      }),
    );
  });

  it('keeps its per-client state bounded by the time window, not the file', () => {
    const acc = createAccumulator();
    const r = emptyRecord();
    for (let i = 0; i < 100_000; i++) {
      Object.assign(r, { time: START + i * 10, method: 'POST', path: '/p', status: 500, client: `c${i}` });
      addRecord(acc, r);
    }
    // 10 ms apart: 1,500 requests per 15 s window; sweeps run when the map doubles.
    expect(acc.clientSecond.size).toBeLessThan(8000);
    expect(acc.lastWrite.size).toBeLessThan(4000);
    expect(acc.lastError.size).toBeLessThan(4000);
    expect(acc.seconds.size).toBe(1000);
  });

  it('sums busy time and counts per second as the records say', () => {
    const acc = createAccumulator();
    const r = emptyRecord();
    const times = [0, 100, 1500, 900, 2100, 50];
    times.forEach((dt, i) => {
      Object.assign(r, emptyRecord(), {
        time: START + dt,
        method: 'GET',
        path: '/',
        status: 200,
        client: 'a',
      });
      r.durationMs = i === 2 ? -1 : 10 * (i + 1);
      addRecord(acc, r);
    });
    const s = Math.floor(START / 1000);
    expect([...acc.seconds]).toEqual([
      [s, { requests: 4, busyMs: 10 + 20 + 40 + 60 }],
      [s + 1, { requests: 1, busyMs: 0 }],
      [s + 2, { requests: 1, busyMs: 50 }],
    ]);
    const profile = finishProfile(acc, ['x.log']);
    expect(profile.rate.series.counts).toEqual([4, 1, 1]);
    expect(profile.concurrency).toEqual({ mean: 0.06, peak: 0.13 });
  });
});
