import { fork } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { expectOnSchedule } from '../../test-support/schedule.js';
import { replay } from './run.js';
import type { PlannedRequest } from './workload.js';

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

/** A real Node server on 127.0.0.1 that records when each request arrives. */
async function server(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const arrivals: { t: number; path: string; method: string }[] = [];
  const s = http.createServer((req, res) => {
    arrivals.push({ t: performance.now(), path: req.url ?? '', method: req.method ?? '' });
    handler(req, res);
  });
  closers.push(() => {
    s.closeAllConnections();
    return new Promise((r) => s.close(r));
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return { url: new URL(`http://127.0.0.1:${(s.address() as net.AddressInfo).port}`), arrivals };
}

/** The arrival recorder in its own process (see the fixture); times in this process's clock. */
async function recorder() {
  const child = fork(
    fileURLToPath(new URL('./__fixtures__/arrival-recorder-server.cjs', import.meta.url)),
    [],
    {
      execArgv: [],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    },
  );
  closers.push(async () => child.kill());
  const port = await new Promise<number>((resolve) =>
    child.once('message', (m: { port: number }) => resolve(m.port)),
  );
  return {
    url: new URL(`http://127.0.0.1:${port}`),
    arrivals: () =>
      new Promise<{ t: number; path: string }[]>((resolve) => {
        child.once('message', (m: { arrivals: { t: number; path: string }[] }) =>
          resolve(m.arrivals.map((a) => ({ ...a, t: a.t - performance.timeOrigin }))),
        );
        child.send('arrivals');
      }),
  };
}

function plan(ats: number[], method = 'GET'): PlannedRequest[] {
  return ats.map((at, i) => ({ at, method, path: `/r/${i}`, template: '/r/:id' }));
}

describe('replay on the lean HTTP/1.1 client', () => {
  it('keeps a 2,000 requests/s schedule: every request answered, arrivals on time', async () => {
    const { url, arrivals } = await recorder();
    // Warm the JIT and the connections on both sides; the measured run follows.
    await replay(plan(Array.from({ length: 300 }, (_, i) => i * 0.5)), { target: url });
    // An even 2,000/s, then 100 requests due at the same instant, then even again.
    const ats = [
      ...Array.from({ length: 250 }, (_, i) => i * 0.5),
      ...Array.from({ length: 100 }, () => 150),
      ...Array.from({ length: 250 }, (_, i) => 200 + i * 0.5),
    ];
    const result = await replay(
      ats.map((at, i) => ({ at, method: 'GET', path: `/m/${i}`, template: '/m/:id' })),
      { target: url },
    );
    expect(result).toMatchObject({
      sent: 600,
      completed: 600,
      dropped: 0,
      unfinished: 0,
      statuses: { 200: 600 },
    });
    const got = (await arrivals()).filter((a) => a.path.startsWith('/m/'));
    expectOnSchedule(got, ats, [result.scheduleLagMs]);
  });

  it('pipelines a burst beyond its connections, and the wait shows in latency, not in drops', async () => {
    const { url } = await server((_req, res) => setTimeout(() => res.end('ok'), 2));
    const result = await replay(plan(Array.from({ length: 400 }, () => 0)), {
      target: url,
      connections: 2,
      pipelining: 4,
    });
    expect(result).toMatchObject({ sent: 400, completed: 400, dropped: 0, errors: {} });
    // 400 requests, 8 at a time, at least 2 ms each: the last waited about 100 ms.
    expect(result.latencyMs!.max).toBeGreaterThan(80);
  });

  it('re-sends what was pipelined behind an answer that closed the connection', async () => {
    const { url, arrivals } = await server((_req, res) => {
      res.setHeader('connection', 'close');
      res.end('bye');
    });
    const result = await replay(plan(Array.from({ length: 30 }, () => 0)), {
      target: url,
      connections: 2,
      pipelining: 8,
    });
    expect(result).toMatchObject({ completed: 30, errors: {}, statuses: { 200: 30 } });
    expect(new Set(arrivals.map((a) => a.path)).size).toBe(30);
  });

  it('reads chunked bodies, HEAD answers and no-content answers', async () => {
    const { url } = await server((req, res) => {
      if (req.url === '/r/1') res.writeHead(204).end();
      else {
        res.setHeader('content-type', 'text/plain');
        res.write('part one, ');
        setTimeout(() => res.end('part two'), 1);
      }
    });
    const gets = await replay(plan([0, 1, 2, 3]), { target: url });
    expect(gets).toMatchObject({ completed: 4, statuses: { 200: 3, 204: 1 } });
    const heads = await replay(plan([0, 1, 2, 3], 'HEAD'), { target: url, connections: 1 });
    expect(heads).toMatchObject({ completed: 4, statuses: { 200: 3, 204: 1 }, errors: {} });
  });

  it('counts an answer that is not HTTP and a target that hangs up without answering', async () => {
    const raw = net.createServer((socket) => {
      socket.once('data', () => socket.end('SSH-2.0-OpenSSH_9.6\r\n\r\n'));
    });
    closers.push(() => new Promise((r) => raw.close(r)));
    await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
    const url = new URL(`http://127.0.0.1:${(raw.address() as net.AddressInfo).port}`);
    const result = await replay(plan([0, 10]), { target: url, deadlineMs: 1000 });
    expect(result.errors).toEqual({ EBADRESPONSE: 2 });
  });

  it('refuses a header value that would write headers of its own', async () => {
    const { url } = await server((_req, res) => res.end());
    await expect(replay(plan([0]), { target: url, headers: { 'x-a': 'b\r\nx-evil: 1' } })).rejects.toThrow(
      /one-line value/,
    );
  });

  it('counts a path that cannot go on the wire, sends the rest', async () => {
    const { url } = await server((_req, res) => res.end());
    const p = plan([0, 1]);
    p[0] = { ...p[0]!, path: '/a b' };
    const result = await replay(p, { target: url });
    expect(result).toMatchObject({ completed: 1, errors: { EINVALIDREQUEST: 1 } });
  });
});
