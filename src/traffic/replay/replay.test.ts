import { fork } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../errors.js';
import { expectOnSchedule } from '../../test-support/schedule.js';
import { profileFiles } from '../profile/files.js';
import { replay } from './run.js';
import { checkTarget, parseHeader, rateFactor } from './safety.js';
import { warmUp } from './warm.js';
import {
  createScaler,
  type PlannedRequest,
  SAFE_METHODS,
  workloadFromLogs,
  workloadFromProfile,
} from './workload.js';

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A real server on 127.0.0.1 that records when each request arrives and answers as told. */
async function server(handler: (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void) {
  let n = 0;
  const arrivals: { t: number; path: string; host: string | undefined; auth: string | undefined }[] = [];
  const s = http.createServer((req, res) => {
    arrivals.push({
      t: performance.now(),
      path: req.url ?? '',
      host: req.headers.host,
      auth: req.headers.authorization,
    });
    handler(req, res, n++);
  });
  s.keepAliveTimeout = 1000;
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return {
    url: new URL(`http://127.0.0.1:${(s.address() as AddressInfo).port}`),
    arrivals,
    close: () => s.closeAllConnections(),
  };
}

interface Arrival {
  t: number;
  path: string;
  host?: string;
  auth?: string;
}

/**
 * The arrival recorder runs in its own process, so its clock is not held up by the sender's event
 * loop. Times are epoch milliseconds with sub-millisecond precision (timeOrigin + now()).
 */
async function childServer(): Promise<{ url: URL; arrivals: () => Promise<Arrival[]>; stop: () => void }> {
  const code = `
    const http = require('node:http');
    const { performance } = require('node:perf_hooks');
    const arrivals = [];
    const s = http.createServer((req, res) => {
      arrivals.push({ t: performance.timeOrigin + performance.now(), path: req.url, host: req.headers.host, auth: req.headers.authorization });
      res.end('ok');
    });
    s.listen(0, '127.0.0.1', () => process.send({ port: s.address().port }));
    process.on('message', () => process.send({ arrivals }));
  `;
  const child = fork('-e', [code], {
    execArgv: [],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    execPath: process.execPath,
  });
  // fork('-e') runs the code through node's -e flag.
  const port = await new Promise<number>((resolve) =>
    child.once('message', (m: { port: number }) => resolve(m.port)),
  );
  return {
    url: new URL(`http://127.0.0.1:${port}`),
    arrivals: () =>
      new Promise((resolve) => {
        child.once('message', (m: { arrivals: Arrival[] }) =>
          resolve(m.arrivals.map((a) => ({ ...a, t: a.t - performance.timeOrigin }))),
        );
        child.send('arrivals');
      }),
    stop: () => child.kill(),
  };
}

function plan(ats: number[], path = '/p'): PlannedRequest[] {
  return ats.map((at, i) => ({ at, method: 'GET', path: `${path}/${i}`, template: `${path}/:id` }));
}

describe('replay', () => {
  it('honours the schedule, bursts included (open model)', async () => {
    const { url, arrivals, stop } = await childServer();
    try {
      // Warm the JIT and the connection pool first; the measured run follows.
      await replay(
        plan(
          Array.from({ length: 120 }, (_, i) => i * 0.2),
          '/warm',
        ),
        { target: url },
      );
      // An even trickle, a 100-request burst within 50 ms, then a trickle again.
      const ats = [
        ...Array.from({ length: 100 }, (_, i) => i * 3),
        ...Array.from({ length: 100 }, (_, i) => 350 + i * 0.5),
        ...Array.from({ length: 100 }, (_, i) => 450 + i * 2),
      ];
      const result = await replay(plan(ats), {
        target: url,
        headers: { host: 'staging.shop', authorization: 'Bearer t' },
      });
      expect(result).toMatchObject({
        planned: 300,
        sent: 300,
        completed: 300,
        dropped: 0,
        unfinished: 0,
        statuses: { 200: 300 },
      });
      const got = (await arrivals()).filter((a) => a.path.startsWith('/p/'));
      expect(got).toHaveLength(300);
      expectOnSchedule(got, ats, [result.scheduleLagMs, result.serviceMs]);
      expect(got[0]).toMatchObject({ host: 'staging.shop', auth: 'Bearer t' });
      expect(result.endpoints[0]).toMatchObject({ template: 'GET /p/:id', sent: 300, errors: 0 });
    } finally {
      stop();
    }
  });

  it('measures latency from the scheduled time, so a stalled server shows up as queueing', async () => {
    const { url } = await server((_req, res, n) => {
      setTimeout(() => res.end('ok'), n === 0 ? 300 : 1);
    });
    // One connection: requests queue behind the slow first one; corrected latency must show it.
    const result = await replay(plan([0, 10, 20, 30]), { target: url, maxInflight: 4 });
    expect(result.completed).toBe(4);
    expect(result.latencyMs!.max).toBeGreaterThanOrEqual(290);
  });

  it('counts refused connections and ends on time', async () => {
    const { url } = await server(() => undefined);
    await new Promise((r) => servers.pop()!.close(r));
    const t = performance.now();
    const result = await replay(plan([0, 5, 10]), { target: url });
    expect(result.errors).toEqual({ ECONNREFUSED: 3 });
    expect(result.completed).toBe(0);
    expect(performance.now() - t).toBeLessThan(2000);
  });

  it('counts resets, timeouts and drops when the target stalls mid-run; the deadline holds', async () => {
    const { url, close } = await server((req, res, n) => {
      if (n === 0) req.socket.destroy();
      else if (n < 3) res.end('ok');
      // After that, the target stalls: it never answers.
    });
    const t = performance.now();
    const result = await replay(plan([0, 10, 20, 30, 40, 50, 60, 70]), {
      target: url,
      timeoutMs: 300,
      maxInflight: 3,
      deadlineMs: 600,
    });
    close();
    expect(result.errors.ECONNRESET).toBe(1);
    expect(result.completed).toBe(2);
    expect(result.dropped).toBeGreaterThan(0);
    expect((result.errors.ETIMEDOUT ?? 0) + result.unfinished + result.dropped + result.completed + 1).toBe(
      8,
    );
    expect(performance.now() - t).toBeLessThan(1500);
  });

  it('opens connections before the clock starts, enough for the first 100 ms', async () => {
    let connections = 0;
    let connectionsAtFirstRequest = -1;
    const { url } = await server((_req, res) => {
      if (connectionsAtFirstRequest === -1) connectionsAtFirstRequest = connections;
      res.end('ok');
    });
    servers[servers.length - 1]!.on('connection', () => connections++);
    // 160 requests in the first 100 ms at 16 a connection: 10 connections warmed.
    const result = await replay(plan(Array.from({ length: 160 }, (_, i) => i * 0.6)), { target: url });
    expect(result.completed).toBe(160);
    expect(connectionsAtFirstRequest).toBeGreaterThanOrEqual(10);
  });

  it('warms its response handling on canned responses, none of them lost', () => {
    // Every canned response must parse, or the warm-up would train a failure path.
    expect(warmUp(10)).toBe(240);
  });

  it('counts a name that does not resolve', async () => {
    const result = await replay(plan([0]), {
      target: new URL('http://parity-replay-test.invalid'),
      timeoutMs: 1000,
      deadlineMs: 1500,
    });
    expect(result.completed).toBe(0);
    expect(Object.keys(result.errors).length + result.unfinished).toBe(1);
  });
});

describe('workloads', () => {
  const shop = fileURLToPath(
    new URL('../../sources/access-log/__fixtures__/nginx-combined-shop.log', import.meta.url),
  );
  const limits = { factor: 1, durationMs: 60_000, maxRequests: 1000, allowMethods: SAFE_METHODS };

  it('replays only safe methods from a log by default, spreading each second', async () => {
    const w = await workloadFromLogs([{ absolute: shop, display: 'shop.log' }], 'nginx-combined', limits);
    expect(w.skippedMethods).toEqual({ POST: 2 });
    expect(w.requests.map((r) => [Math.round(r.at), r.method, r.path])).toEqual([
      // Four requests shared the first second (two were POSTs, left out): each keeps its slot.
      [125, 'GET', '/products/8812'],
      [375, 'GET', '/products/9921'],
      [1500, 'GET', '/api/orders/3f2504e0-4f89-11d3-9a0c-0305e82c3301'],
      [3250, 'GET', '/api/orders/3f2504e0-4f89-11d3-9a0c-0305e82c3301'],
      [3750, 'GET', '/api/cart'],
      [4500, 'GET', '/products'],
    ]);
    expect(w.sourceMeanRps).toBe(1.6);
  });

  it('synthesises from a profile with its endpoint mix, bounded', async () => {
    const { profile } = await profileFiles([{ absolute: shop, display: 'shop.log' }], { source: 's' });
    const w = workloadFromProfile(profile, {
      ...limits,
      factor: 100,
      maxRequests: 500,
      allowMethods: new Set(['GET', 'POST']),
    });
    expect(w.requests).toHaveLength(500);
    expect(w.requests.every((r, i) => i === 0 || r.at >= w.requests[i - 1]!.at)).toBe(true);
    expect(new Set(w.requests.map((r) => r.template))).toContain('/api/orders/:uuid');
    expect(w.requests.find((r) => r.template === '/products/:id')?.path).toMatch(/^\/products\/\d+$/);
  });

  it('thins and multiplies deterministically', () => {
    const half = createScaler(0.5);
    expect(Array.from({ length: 6 }, half)).toEqual([0, 1, 0, 1, 0, 1]);
    const double = createScaler(2.5);
    expect(Array.from({ length: 4 }, double)).toEqual([2, 3, 2, 3]);
  });
});

describe('safety', () => {
  it('refuses targets not allowed or marked production', () => {
    expect(() => checkTarget('http://shop.example.com', { allow: [], production: [] })).toThrow(
      /not on the allow-list/,
    );
    expect(() =>
      checkTarget('https://shop.example.com', {
        allow: ['shop.example.com'],
        production: ['https://shop.example.com'],
      }),
    ).toThrow(/production host/);
    expect(
      checkTarget('http://127.0.0.1:8080/base', { allow: ['127.0.0.1:8080'], production: [] }).pathname,
    ).toBe('/base');
    expect(() => checkTarget('ftp://x', { allow: ['x'], production: [] })).toThrow(UsageError);
  });

  it('parses rates and headers', () => {
    expect(rateFactor('50%', 10)).toBe(0.5);
    expect(rateFactor('2000/s', 100)).toBe(20);
    expect(() => rateFactor('fast', 1)).toThrow(/expected a percentage/);
    expect(parseHeader('Authorization: Bearer ${STG_TOKEN}', { STG_TOKEN: 'abc' })).toEqual([
      'authorization',
      'Bearer abc',
    ]);
    expect(() => parseHeader('Authorization: ${MISSING}', {})).toThrow(/MISSING is not set/);
  });
});
