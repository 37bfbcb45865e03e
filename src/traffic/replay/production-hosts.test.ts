import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayCommand } from '../../cli/commands/traffic/replay.js';
import type { Io } from '../../cli/commands/traffic/shared.js';
import { profileWithTargets } from '../../test-support/traffic-profile.js';
import { canonicalIp, refuseProductionHosts, resolveHost, THIS_HOST } from './production-hosts.js';
import { replay } from './run.js';

/** A real server on 127.0.0.1 recording the request targets it received, as sent on the wire. */
async function recorder() {
  const received: { target: string; host: string | undefined }[] = [];
  const server = http.createServer((req, res) => {
    received.push({ target: req.url ?? '', host: req.headers.host });
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, received, server };
}

function capture(cwd: string): Io & { err: string[] } {
  const err: string[] = [];
  return { err, stdout: () => undefined, stderr: (t) => err.push(t), stderrIsTty: false, cwd };
}

describe('production hosts are recognised by address, never by spelling', () => {
  let production: Awaited<ReturnType<typeof recorder>>;
  let staging: Awaited<ReturnType<typeof recorder>>;
  let dir: string;
  let profile: string;
  beforeAll(async () => {
    production = await recorder();
    staging = await recorder();
    ({ dir, file: profile } = await profileWithTargets(['/ok']));
  });
  afterAll(() => {
    production.server.close();
    staging.server.close();
  });

  it('canonical addresses: IPv4-mapped IPv6 is IPv4, IPv6 spelt out in full', () => {
    expect(canonicalIp('[::ffff:127.0.0.1]')).toBe('127.0.0.1');
    expect(canonicalIp('::ffff:7f00:1')).toBe('127.0.0.1');
    expect(canonicalIp('[0:0:0:0:0:0:0:1]')).toBe('0:0:0:0:0:0:0:1');
    expect(canonicalIp('::1')).toBe('0:0:0:0:0:0:0:1');
    expect(canonicalIp('2001:DB8::0001')).toBe('2001:db8:0:0:0:0:0:1');
    expect(canonicalIp('fe80::1%eth0')).toBe('fe80:0:0:0:0:0:0:1');
    expect(canonicalIp('shop.example.com')).toBeNull();
  });

  it('every spelling of this host reaches a production listed as 127.0.0.1:port: refused, nothing sent', async () => {
    const spellings = [
      'localhost',
      'LOCALHOST',
      '[::1]',
      '[::ffff:127.0.0.1]',
      '[0:0:0:0:0:0:0:1]',
      '127.0.0.2',
      '0.0.0.0',
      '2130706433',
      '0x7f.1',
      'app.localhost',
    ];
    for (const host of spellings) {
      const target = `http://${host}:${production.port}`;
      await expect(
        replayCommand(
          [profile],
          {
            target,
            allowTarget: [`${host}:${production.port}`, new URL(target).host],
            productionHost: [`127.0.0.1:${production.port}`],
            duration: '1s',
          },
          capture(dir),
        ),
        host,
      ).rejects.toThrow(/marked as a production host/);
    }
    expect(production.received).toEqual([]);
    // This machine's every address is one host too.
    expect((await resolveHost('localhost', undefined)).addresses).toEqual(new Set([THIS_HOST]));
  });

  it('a name is every one of its A/AAAA records: one production address among them is enough', async () => {
    const records: Record<string, string[]> = {
      'staging.example': ['10.0.0.7', '2001:DB8:0::9'],
      'mapped.example': ['::ffff:10.0.0.9'],
      'prod.example': ['10.0.0.9'],
    };
    const resolve = async (name: string) => records[name] ?? [];
    const check = (host: string, production: string[]) =>
      refuseProductionHosts(new URL(`https://${host}`), {}, production, resolve);
    await expect(check('staging.example', ['2001:db8::9'])).rejects.toThrow(/production host/);
    await expect(check('mapped.example', ['prod.example'])).rejects.toThrow(/production host/);
    await expect(check('staging.example', ['prod.example:443'])).resolves.toMatchObject({
      addresses: ['10.0.0.7', '2001:DB8:0::9'],
    });
    await expect(check('staging.example', ['10.0.0.7:8443'])).resolves.toBeDefined();
    await expect(check('staging.example', ['10.0.0.7:443'])).rejects.toThrow(/production host/);
    await expect(check('nowhere.example', [])).rejects.toThrow(/does not resolve here/);
  });

  it('a production entry that names no port is refused on every port; one that names a port, only there', async () => {
    const target = new URL(`http://localhost:${staging.port}`);
    await expect(refuseProductionHosts(target, {}, ['127.0.0.1'])).rejects.toThrow(/production host/);
    await expect(
      refuseProductionHosts(target, {}, [`http://[::1]:${production.port}`]),
    ).resolves.toMatchObject({
      addresses: expect.arrayContaining([expect.stringMatching(/^(127\.0\.0\.1|::1)$/)]),
    });
  });

  it('a Host (or X-Forwarded-Host, Forwarded) header naming production is refused, whatever address it goes to', async () => {
    const list = [`127.0.0.1:${production.port}`, 'prod.parity.test'];
    const headers = [
      'Host: prod.parity.test',
      'Host: PROD.Parity.Test',
      `Host: localhost:${production.port}`,
      `Host: [::1]:${production.port}`,
      'X-Forwarded-Host: staging.parity.test, prod.parity.test',
      'Forwarded: for=1.2.3.4;host="prod.parity.test"',
      // A fully qualified name ends with a dot: nginx and DNS drop it, so it is the same name.
      'Host: prod.parity.test.',
      'Host: Prod.Parity.Test.:8080',
      'X-Forwarded-Host: prod.parity.test.',
      'Forwarded: host="prod.parity.test."',
    ];
    for (const header of headers) {
      await expect(
        replayCommand(
          [profile],
          {
            target: `http://127.0.0.1:${staging.port}`,
            allowTarget: [`127.0.0.1:${staging.port}`],
            productionHost: list,
            header: [header],
            duration: '1s',
          },
          capture(dir),
        ),
        header,
      ).rejects.toThrow(/names a production host/);
    }
    expect(staging.received).toEqual([]);
    // Another name is sent, with a note that it could be compared by name only.
    const io = capture(dir);
    const result = await replayCommand(
      [profile],
      {
        target: `http://127.0.0.1:${staging.port}`,
        allowTarget: [`127.0.0.1:${staging.port}`],
        productionHost: list,
        header: ['Host: staging.parity.test'],
        duration: '1s',
      },
      io,
    );
    expect(result.sent).toBeGreaterThan(0);
    expect(io.err.join('')).toContain('note: host: staging.parity.test does not resolve here');
    expect(new Set(staging.received.map((r) => r.host))).toEqual(new Set(['staging.parity.test']));
    expect(production.received).toEqual([]);
  });

  it('absolute-form and authority-form targets from a crafted profile are never sent, and counted', async () => {
    const crafted = await profileWithTargets([
      '/ok',
      `http://127.0.0.1:${production.port}/secret`,
      `127.0.0.1:${production.port}`,
      '*',
    ]);
    staging.received.length = 0;
    const io = capture(crafted.dir);
    const result = await replayCommand(
      [crafted.file],
      {
        target: `http://127.0.0.1:${staging.port}`,
        allowTarget: [`127.0.0.1:${staging.port}`],
        productionHost: [`127.0.0.1:${production.port}`],
        duration: '1s',
        allowMethods: 'OPTIONS',
      },
      io,
    );
    expect(result.sent).toBeGreaterThan(0);
    expect(staging.received.length).toBe(result.completed);
    expect(staging.received.every((r) => r.target === '/ok')).toBe(true);
    expect(io.err.join('')).toMatch(/left out \d+ requests? whose target is not a path/);
    expect(production.received).toEqual([]);
    // The replay engine itself never writes one either.
    const direct = await replay([{ at: 0, method: 'GET', path: 'http://prod.parity.test/x', template: '' }], {
      target: new URL(`http://127.0.0.1:${staging.port}`),
    });
    expect(direct.errors).toEqual({ EINVALIDREQUEST: 1 });
    expect(staging.received.every((r) => r.target === '/ok')).toBe(true);
  });

  it('connects only to the addresses that were checked: a name is not resolved again', async () => {
    // The name does not resolve at all: the request arrives because the checked address is used.
    const result = await replay([{ at: 0, method: 'GET', path: '/pinned', template: '' }], {
      target: new URL(`http://pinned.parity.test:${staging.port}`),
      addresses: ['127.0.0.1'],
      timeoutMs: 2000,
    });
    expect(result.statuses).toEqual({ 200: 1 });
    expect(staging.received.at(-1)).toEqual({
      target: '/pinned',
      host: `pinned.parity.test:${staging.port}`,
    });
  });
});
