import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { timeLocal } from '../../test-support/traffic-generators.js';
import { profileFiles } from './files.js';
import { profileInParallel } from './parallel.js';
import type { ProfileAccumulator } from './profile.js';
import { restPolicy, tallyPolicy } from './tally.js';

// The tally on (it is off by default), meeting every row (it would rest on these small logs).
beforeAll(() => {
  tallyPolicy.enabled = true;
  restPolicy.rows = 0;
});
afterAll(() => {
  tallyPolicy.enabled = false;
  restPolicy.rows = 65_536;
});

// The tally (tally.ts, wasm/tally.c) adds the scanner's rows in WebAssembly where it can; the
// profile must stay the string path's, line for line, on any log: lines the scanner leaves to the
// byte parser or the string parser between its own, clock jumps, many clients, errors and writes,
// endpoints past the cap, values past what the tally adds, chunks cut anywhere.

const dir = mkdtempSync(path.join(tmpdir(), 'parity-tally-'));
let files = 0;
function write(text: string): string {
  const file = path.join(dir, `t${files++}.log`);
  writeFileSync(file, text);
  return file;
}

const FORMAT =
  '$remote_addr - [$time_local] "$request" $status $body_bytes_sent $request_time $request_length "$http_x_forwarded_for"';
const START = Date.UTC(2026, 10, 20, 10, 0, 0);

interface Event {
  /** Milliseconds from the last line (negative: the clock jumps back). */
  dt: number;
  client: number;
  method: string;
  path: number;
  status: number;
  duration: string;
  sent: string;
  received: string;
  /** How the line is written: read by the scanner, or one it leaves to the byte or string parser, or junk. */
  kind: 'scanner' | 'forwarded' | 'absolute' | 'non-ascii' | 'junk';
  /** A path of its own instead of one of PATHS. */
  pathText?: string;
}

const PATHS = (n: number) => [
  `/p/${n % 7}`,
  `/api/v1/users/${n}/orders`,
  `/static/app.${(n * 2654435761).toString(16).padStart(8, '0').slice(0, 8)}.js`,
  `/e/word${String.fromCharCode(97 + (n % 26))}${String.fromCharCode(97 + ((n >> 5) % 26))}`,
  '/',
  `/files/report-${n}.pdf`,
];

/** Lines of `clients` clients; errors and lines other readers read come at the given weights (of ~100). */
const event = (clients: number, errors = 3, others = 1, paths = 5000) =>
  fc.record<Event>({
    dt: fc.oneof(
      { weight: 60, arbitrary: fc.integer({ min: 0, max: 150 }) },
      { weight: 10, arbitrary: fc.constant(0) },
      { weight: 2, arbitrary: fc.integer({ min: 1000, max: 30_000 }) },
      { weight: 1, arbitrary: fc.integer({ min: -60_000, max: -1000 }) },
    ),
    client: fc.integer({ min: 0, max: clients - 1 }),
    method: fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom('GET', 'GET', 'GET', 'HEAD', 'OPTIONS') },
      { weight: 1, arbitrary: fc.constantFrom('POST', 'PUT', 'DELETE', 'PATCH') },
    ),
    path: fc.integer({ min: 0, max: paths - 1 }),
    status: fc.oneof(
      { weight: 90, arbitrary: fc.constantFrom(200, 200, 200, 201, 204, 304, 404) },
      { weight: errors, arbitrary: fc.constantFrom(408, 429, 500, 503) },
      { weight: 1, arbitrary: fc.constantFrom(99, 600) },
    ),
    duration: fc.oneof(
      {
        weight: 30,
        arbitrary: fc.constantFrom('0.005', '0.250', '1.234', '0', '-', '0.0001', '0.129', '0.128'),
      },
      { weight: 1, arbitrary: fc.constantFrom('2147484.000', '5000000.000', '1e3') },
    ),
    sent: fc.oneof(
      { weight: 30, arbitrary: fc.constantFrom('512', '0', '-', '70000', '127', '128') },
      { weight: 1, arbitrary: fc.constantFrom('3000000000', '5000000000', '99999999999999') },
    ),
    received: fc.oneof(
      { weight: 30, arbitrary: fc.constantFrom('300', '-', '128') },
      { weight: 1, arbitrary: fc.constantFrom('2147483648', '4294967296') },
    ),
    kind: fc.oneof(
      { weight: 100, arbitrary: fc.constant('scanner' as const) },
      { weight: others, arbitrary: fc.constantFrom('forwarded', 'absolute', 'non-ascii', 'junk') },
    ),
  });

function render(events: Event[], pathShape: number): string {
  let t = START;
  const lines = events.map((e) => {
    t += e.dt;
    const client =
      e.client % 3 === 2 ? `2001:db8::${e.client.toString(16)}` : `10.${e.client >> 8}.${e.client & 255}.1`;
    const p = e.pathText ?? PATHS(e.path)[(e.path + pathShape) % 6]!;
    const target = e.kind === 'absolute' ? `http://h.example${p}` : e.kind === 'non-ascii' ? `${p}/ä` : p;
    // A tab in X-Forwarded-For: the scanner leaves the line to the byte parser.
    const forwarded = e.kind === 'forwarded' ? `203.0.113.${e.client % 5},\t10.0.0.1` : '-';
    if (e.kind === 'junk') return `junk ${e.client}`;
    return `${client} - [${timeLocal(t)}] "${e.method} ${target}?q=${e.path} HTTP/1.1" ${e.status} ${e.sent} ${e.duration} ${e.received} "${forwarded}"`;
  });
  return `${lines.join('\n')}\n`;
}

async function compare(text: string) {
  const file = write(text);
  const list = [{ absolute: file, display: 'x.log' }];
  const fast = await profileFiles(list, { source: 's', format: FORMAT });
  const slow = await profileFiles(list, { source: 's', format: FORMAT, fastPath: false });
  expect(fast.profile).toEqual(slow.profile);
  expect(fast.skips).toEqual(slow.skips);
  // The running state too: float sums added in the same order are the same bits.
  expect(state(fast.accumulator)).toEqual(state(slow.accumulator));
  return { file, list, slow };
}

function state(acc: ProfileAccumulator) {
  const sorted = <K, V>(m: Map<K, V>) => [...m].sort(([a], [b]) => (String(a) < String(b) ? -1 : 1));
  const {
    template: _t,
    slotClients: _c,
    slotWindows: _w,
    lastSecondCount: _l,
    clientSweepAt: _s,
    sweeps: _n,
    ...rest
  } = acc;
  return {
    ...rest,
    seconds: sorted(acc.seconds),
    clientSecond: sorted(acc.clientSecond),
    lastWrite: sorted(acc.lastWrite),
    lastError: sorted(acc.lastError).map(([k, v]) => [k, sorted(v)]),
  };
}

describe('the profile tally in WebAssembly', () => {
  it('gives the string path profile on random logs (mixed readers, clock jumps, errors, writes, bursts)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .tuple(
            fc.integer({ min: 1, max: 40 }),
            fc.integer({ min: 0, max: 20 }),
            fc.integer({ min: 0, max: 10 }),
            fc.constantFrom(2, 12, 5000),
          )
          .chain(([clients, errors, others, paths]) =>
            fc.array(event(clients, errors, others, paths), { maxLength: 600 }),
          ),
        fc.nat(5),
        async (events, shape) => {
          await compare(render(events, shape));
        },
      ),
      { numRuns: 80, endOnFailure: true },
    );
  });

  it('gives the string path profile with many clients (windows swept and re-added) and chunks cut anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(event(3000), { minLength: 1500, maxLength: 3000 }),
        fc.nat(5),
        fc.integer({ min: 2, max: 5 }),
        async (events, shape, threads) => {
          const { list, slow } = await compare(render(events, shape));
          // Chunks: without clock jumps back, which a chunk cannot see across its cut (its
          // warm-up does not know the largest time before it; see the design notes).
          const ahead = events.map((e) => ({ ...e, dt: Math.abs(e.dt) }));
          const { list: forward, slow: one } = await compare(render(ahead, shape));
          const split = await profileInParallel(forward, { source: 's', format: FORMAT }, threads, 1, 512);
          expect(split.profile).toEqual(one.profile);
          expect(list).toHaveLength(1);
          expect(slow.profile.clients.unique).toBeGreaterThan(500);
        },
      ),
      { numRuns: 12, endOnFailure: true },
    );
  });

  it('keeps the endpoint cap, first seen first, and counts the rest as other endpoints', async () => {
    // 2,040 endpoint shapes (a segment without digits stays as it is), each three times.
    const events: Event[] = [];
    for (let i = 0; i < 3 * 2040; i++) {
      const n = i % 2040;
      events.push({
        dt: i % 50 === 0 ? 1000 : 0,
        client: i % 7,
        method: 'GET',
        path: n,
        status: 200,
        duration: '0.010',
        sent: '10',
        received: '-',
        kind: 'scanner',
        pathText: `/x/${letters(n)}`,
      });
    }
    const { slow } = await compare(render(events, 0));
    expect(slow.profile.endpoints).toHaveLength(2000);
    expect(slow.profile.otherEndpoints).toBeGreaterThan(0);
  });

  it('gives the string path profile when the scanner clears its client table (over 16,384 clients)', async () => {
    const events: Event[] = [];
    for (let i = 0; i < 45_000; i++)
      events.push({
        dt: i % 30 === 0 ? 1000 : 0,
        client: (i * 7919) % 20_000,
        method: i % 5 === 0 ? 'POST' : 'GET',
        path: i % 97,
        // Paths whose template JavaScript folds (a file name), 50 endpoints, 3,000 paths: the
        // path table clears too.
        pathText: i % 3 === 0 ? `/a${i % 50}/report-${i % 3000}.v${i % 7}.pdf` : undefined,
        status: i % 41 === 0 ? 503 : 200,
        duration: '0.020',
        sent: '100',
        received: '50',
        kind: 'scanner',
      });
    // Bursts of one client (parallel sessions) now and then.
    for (let i = 100; i < events.length; i += 300) for (let j = 0; j < 12; j++) events[i + j]!.client = 42;
    const { slow } = await compare(render(events, 1));
    expect(slow.profile.clients.unique).toBeGreaterThan(16_384);
    expect(slow.profile.clients.parallelSessions).toBeGreaterThan(0);
  });
});

const line = (over: Partial<Event>): Event => ({
  dt: 0,
  client: 1,
  method: 'GET',
  path: 1,
  status: 200,
  duration: '0.010',
  sent: '10',
  received: '-',
  kind: 'scanner',
  ...over,
});

describe('the tally and new times', () => {
  it('adds a line whose time is new to its own second (the time read first, the box made)', async () => {
    // One client, one endpoint, three lines a second for 40 seconds: each second's first line has
    // a new time, which the tally adds once JavaScript has read it and made the second's box.
    const events: Event[] = [];
    for (let i = 0; i < 120; i++) events.push(line({ dt: i % 3 === 0 ? 1000 : 0, client: i % 2 }));
    const { slow } = await compare(render(events, 0));
    expect(slow.profile.requests).toBe(120);
  });
});

describe('the tally and client windows', () => {
  it('sees a window expired by a prune when the clock jumps back into its second', async () => {
    // Client 7 sends 6 requests in second S; 40 s of other clients (prunes); the clock jumps back
    // to S, where client 7 sends 10 more after another client's first line: a new window, so 10
    // in one second, a parallel session (the expired window must not carry its 6 on).
    const events: Event[] = [line({ client: 2 }), ...Array.from({ length: 6 }, () => line({ client: 7 }))];
    for (let i = 0; i < 40; i++) events.push(line({ dt: 1000, client: 2 + (i % 3) }));
    events.push(line({ dt: -40_000, client: 3 }));
    for (let i = 0; i < 10; i++) events.push(line({ client: 7 }));
    const { slow } = await compare(render(events, 0));
    expect(slow.profile.clients.parallelSessions).toBe(1);
  });

  it('makes a client parallel at its tenth request in a second, whoever adds the lines', async () => {
    const events: Event[] = [];
    for (let s = 0; s < 30; s++) {
      events.push(line({ dt: 1000, client: 100 + s }));
      for (let i = 0; i < 9 + (s % 3); i++)
        events.push(line({ client: s % 4, method: i === 4 && s % 5 === 0 ? 'POST' : 'GET' }));
    }
    const { slow } = await compare(render(events, 0));
    expect(slow.profile.clients.parallelSessions).toBe(4);
  });

  it('puts a swept window back when the tally starts it anew', async () => {
    // 1,100 clients fill the windows past the sweep size; 30 s later a prune sweeps them all.
    // Client 5 then sends 5 requests (the tally: its window was swept), one write (JavaScript:
    // the window must be the tally's, with 5) and 4 more: 10 in one second.
    const events: Event[] = [];
    for (let i = 0; i < 1100; i++) events.push(line({ dt: i % 100 === 0 ? 1000 : 0, client: 10 + i }));
    events.push(line({ dt: 1000, client: 5 }));
    for (let i = 0; i < 30; i++) events.push(line({ dt: 1000, client: 2000 + i }));
    events.push(line({ dt: 1000, client: 3 }));
    for (let i = 0; i < 5; i++) events.push(line({ client: 5 }));
    events.push(line({ client: 5, method: 'POST' }));
    for (let i = 0; i < 4; i++) events.push(line({ client: 5 }));
    const { slow } = await compare(render(events, 0));
    expect(slow.profile.clients.parallelSessions).toBe(1);
  });
});

function letters(n: number): string {
  let s = '';
  for (let v = n + 1; v > 0; v = Math.floor(v / 26)) s += String.fromCharCode(97 + (v % 26));
  return s;
}

describe('a resting tally', () => {
  it('gives the string path profile when it rests and comes back (stale slots forgotten)', async () => {
    Object.assign(restPolicy, { runs: 16, rows: 37 });
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(event(200, 2, 1, 12), { minLength: 300, maxLength: 1500 }),
          async (events) => {
            await compare(render(events, 2));
          },
        ),
        { numRuns: 15, endOnFailure: true },
      );
    } finally {
      Object.assign(restPolicy, { runs: 16_384, rows: 0 });
    }
  });
});
