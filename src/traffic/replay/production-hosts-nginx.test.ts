import { connect, createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayCommand } from '../../cli/commands/traffic/replay.js';
import type { Io } from '../../cli/commands/traffic/shared.js';
import { nginxBinary, type RunningNginx, startNginx } from '../../test-support/nginx.js';
import { profileWithTargets } from '../../test-support/traffic-profile.js';
import { replay } from './run.js';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Polls `read` until `done` holds (at most 3 s), for log lines written after the response. */
async function until<T>(read: () => T, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 60; i++) {
    const value = read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  return read();
}

const io = (cwd: string): Io & { err: string[] } => {
  const err: string[] = [];
  return { err, stdout: () => undefined, stderr: (t) => err.push(t), stderrIsTty: false, cwd };
};

/**
 * Production on 127.0.0.1:P; staging on 127.0.0.1:S, where nginx also serves the name
 * prod.parity.test by proxying to production: a Host header or an absolute-form target naming it,
 * sent to staging's allowed address, reaches production.
 */
describe.skipIf(!nginxBinary)(
  'replay safety against a real nginx (production and a staging that proxies by name)',
  () => {
    let nginx: RunningNginx;
    let prod: number;
    let stg: number;
    let dir: string;
    let profile: string;
    const productionLines = () => nginx.lines('production.log').filter((l) => !l.includes('/ready'));
    beforeAll(async () => {
      prod = await freePort();
      stg = await freePort();
      nginx = await startNginx(
        (d) => `
  log_format parity '$server_port "$request" host=$host';
  server { listen 127.0.0.1:${prod}; access_log ${d}/production.log parity; location / { return 200 "production"; } }
  server { listen 127.0.0.1:${stg} default_server; server_name staging.parity.test;
    access_log ${d}/staging.log parity; location / { return 200 "staging"; } }
  server { listen 127.0.0.1:${stg}; server_name prod.parity.test;
    access_log ${d}/staging.log parity; location / { proxy_pass http://127.0.0.1:${prod}; } }`,
        [prod, stg],
      );
      ({ dir, file: profile } = await profileWithTargets(['/ok']));
    });
    afterAll(() => nginx?.stop());

    const options = (more: Record<string, unknown>) => ({
      target: `http://127.0.0.1:${stg}`,
      allowTarget: [`127.0.0.1:${stg}`],
      productionHost: [`127.0.0.1:${prod}`, 'prod.parity.test'],
      duration: '1s',
      ...more,
    });

    it('the hazard is real: unchecked, a Host header or an absolute-form target sent to staging reaches production', async () => {
      const before = productionLines().length;
      const target = new URL(`http://127.0.0.1:${stg}`);
      const viaHost = await replay([{ at: 0, method: 'GET', path: '/via-host', template: '' }], {
        target,
        headers: { host: 'prod.parity.test' },
      });
      expect(viaHost.statuses).toEqual({ 200: 1 });
      // An absolute-form request line names its host itself: nginx routes on it, not on Host.
      await new Promise<void>((resolve, reject) => {
        const socket = connect(stg, '127.0.0.1', () =>
          socket.write(
            'GET http://prod.parity.test/absolute HTTP/1.1\r\nHost: staging.parity.test\r\nConnection: close\r\n\r\n',
          ),
        );
        socket.on('error', reject);
        socket.on('close', () => resolve());
        socket.resume();
      });
      // nginx writes a log line once the request is finished: wait for both.
      const reached = await until(
        () => productionLines().slice(before),
        (l) => l.length >= 2,
      );
      expect(reached.join('\n')).toContain('"GET /via-host');
      expect(reached.join('\n')).toContain('"GET /absolute');
    });

    it('every spelling of production is refused; nothing reaches it', async () => {
      const before = productionLines().length;
      for (const host of [
        'localhost',
        'LOCALHOST',
        '[::1]',
        '[::ffff:127.0.0.1]',
        '[0:0:0:0:0:0:0:1]',
        '0.0.0.0',
      ]) {
        const target = `http://${host}:${prod}`;
        await expect(
          replayCommand([profile], options({ target, allowTarget: [new URL(target).host] }), io(dir)),
          host,
        ).rejects.toThrow(/marked as a production host/);
      }
      expect(productionLines().slice(before)).toEqual([]);
    });

    it('a Host header naming production is refused; staging by its own name is replayed', async () => {
      const before = productionLines().length;
      // A trailing dot (fully qualified name) is dropped by nginx: `prod.parity.test.` is routed to production.
      for (const header of [
        'Host: prod.parity.test',
        `Host: localhost:${prod}`,
        'Host: prod.parity.test.',
        `Host: PROD.parity.test.:${stg}`,
      ])
        await expect(
          replayCommand([profile], options({ header: [header] }), io(dir)),
          header,
        ).rejects.toThrow(/names a production host/);
      const result = await replayCommand(
        [profile],
        options({ header: ['Host: staging.parity.test'] }),
        io(dir),
      );
      expect(result.completed).toBeGreaterThan(0);
      expect(result.statuses).toEqual({ 200: result.completed });
      expect(productionLines().slice(before)).toEqual([]);
    });

    it('absolute-form targets from a crafted profile are never sent: nginx logs only paths', async () => {
      const crafted = await profileWithTargets([
        '/ok',
        'http://prod.parity.test/secret',
        `127.0.0.1:${prod}`,
      ]);
      const before = productionLines().length;
      const stagingBefore = nginx.lines('staging.log').length;
      const out = io(crafted.dir);
      const result = await replayCommand([crafted.file], options({}), out);
      expect(result.completed).toBeGreaterThan(0);
      const sent = await until(
        () => nginx.lines('staging.log').slice(stagingBefore),
        (l) => l.length >= result.completed,
      );
      expect(sent.length).toBe(result.completed);
      expect(sent.every((l) => l.includes('"GET /ok HTTP/1.1"'))).toBe(true);
      expect(out.err.join('')).toMatch(/left out \d+ requests? whose target is not a path/);
      expect(productionLines().slice(before)).toEqual([]);
    });
  },
);
