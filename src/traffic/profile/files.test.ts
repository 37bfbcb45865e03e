import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderRotated } from '../logs/read-lines.js';
import { profileFiles } from './files.js';

const fixturePath = (name: string) =>
  new URL(`../../sources/access-log/__fixtures__/${name}`, import.meta.url).pathname;
const fileOf = (absolute: string) => ({ absolute, display: path.basename(absolute) });

function line(second: number, method: string, p: string, status: number, client = '198.51.100.1'): string {
  const ss = String(second % 60).padStart(2, '0');
  const mm = String(Math.floor(second / 60)).padStart(2, '0');
  return `${client} - - [20/Nov/2026:10:${mm}:${ss} +0000] "${method} ${p} HTTP/1.1" ${status} 100 "-" "t"`;
}

describe('profileFiles', () => {
  it('profiles the shop fixture: counts, templates, behaviours and sampled skips', async () => {
    const { profile, skips } = await profileFiles([fileOf(fixturePath('nginx-combined-shop.log'))], {
      source: 'logs',
    });
    expect(profile.lines).toBe(10);
    expect(profile.requests).toBe(9);
    expect(profile.unparsed).toBe(1);
    expect(skips).toEqual([
      {
        source: 'logs',
        file: 'nginx-combined-shop.log',
        line: 7,
        reason: 'line does not match the nginx-combined format',
      },
    ]);
    expect(profile.seconds).toBe(5);
    expect(profile.rate).toMatchObject({ meanRps: 1.8, peakRps: 4, p50Rps: 2 });
    expect(profile.endpoints.slice(0, 2)).toEqual([
      {
        method: 'GET',
        template: '/api/orders/:uuid',
        requests: 2,
        share: 0.2222,
        errors: 1,
        firstSeen: { file: 0, line: 5 },
      },
      {
        method: 'GET',
        template: '/products/:id',
        requests: 2,
        share: 0.2222,
        errors: 0,
        firstSeen: { file: 0, line: 1 },
      },
    ]);
    expect(profile.statuses['429']).toEqual({ requests: 1, share: 0.1111, firstSeen: { file: 0, line: 8 } });
    expect(profile.clients).toMatchObject({
      unique: 4,
      duplicateSubmits: 1,
      retries: 1,
      parallelSessions: 0,
    });
    expect(profile.writeShare).toBe(0.2222);
  });

  it('reads a rotated set oldest first, gzip included, and counts clock jumps', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-rotated-'));
    writeFileSync(
      path.join(dir, 'access.log.2.gz'),
      gzipSync(`${line(0, 'GET', '/a', 200)}\n${line(1, 'GET', '/a', 200)}\n`),
    );
    writeFileSync(path.join(dir, 'access.log.1'), `${line(2, 'GET', '/b', 200)}\n`);
    // The current file starts with a clock that went back a minute.
    writeFileSync(
      path.join(dir, 'access.log'),
      `${line(3, 'GET', '/c', 200)}\n${line(63, 'GET', '/c', 200)}\n${line(4, 'GET', '/c', 200)}`,
    );
    const files = ['access.log', 'access.log.1', 'access.log.2.gz'].map((f) => fileOf(path.join(dir, f)));
    const { profile, skips } = await profileFiles(files, { source: 'logs', format: 'nginx-combined' });
    expect(skips).toEqual([]);
    expect(profile.files).toEqual(['access.log.2.gz', 'access.log.1', 'access.log']);
    expect(profile.requests).toBe(6);
    expect(profile.clockJumps).toBe(1);
    expect(profile.seconds).toBe(64);
  });

  it('counts binary, overlong and truncated lines without failing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-bad-'));
    const file = path.join(dir, 'access.log');
    const good = line(0, 'GET', '/ok', 200);
    writeFileSync(
      file,
      `${good}\n\u0000\u0001\u0002binary\n${'x'.repeat(70_000)}\n${good.slice(0, 40)}\n${good}`,
    );
    const { profile, skips } = await profileFiles([fileOf(file)], {
      source: 'logs',
      format: 'nginx-combined',
      samplesPerFile: 2,
    });
    expect(profile.requests).toBe(2);
    expect(profile.unparsed).toBe(3);
    expect(skips).toEqual([
      { source: 'logs', file: 'access.log', line: 2, reason: 'binary data in line; expected text' },
      {
        source: 'logs',
        file: 'access.log',
        line: 3,
        reason: 'line longer than 64 KiB; expected one request per line',
      },
      { source: 'logs', file: 'access.log', reason: '3 lines did not parse (2 shown above)' },
    ]);
  });

  it('reads a file whose formats are mixed (auto), and skips a file no format reads', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-mixed-'));
    const mixed = path.join(dir, 'mixed.log');
    const json = readFileSync(fixturePath('json-lines-mixed.log'), 'utf8');
    writeFileSync(mixed, `${line(0, 'GET', '/a', 200)}\n${line(1, 'GET', '/a', 200)}\n${json}`);
    const junk = path.join(dir, 'junk.log');
    writeFileSync(junk, 'hello\nworld\n');
    const { profile, skips } = await profileFiles([fileOf(mixed), fileOf(junk)], { source: 'logs' });
    expect(profile.requests).toBe(5);
    expect(profile.unparsed).toBe(2);
    expect(skips.find((s) => s.file === 'junk.log')).toMatchObject({
      file: 'junk.log',
      reason: expect.stringMatching(/no known access log format/),
    });
  });

  it('orders rotations numerically', () => {
    expect(orderRotated(['/l/a.log', '/l/a.log.10.gz', '/l/a.log.2.gz', '/l/a.log.1'])).toEqual([
      '/l/a.log.10.gz',
      '/l/a.log.2.gz',
      '/l/a.log.1',
      '/l/a.log',
    ]);
  });

  it('never throws on random file content', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-fuzz-'));
    const base = readFileSync(fixturePath('nginx-combined-shop.log'));
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), fc.nat(base.length), async (noise, cut) => {
        const file = path.join(dir, 'f.log');
        writeFileSync(file, Buffer.concat([base.subarray(0, cut), Buffer.from(noise)]));
        const { profile } = await profileFiles([fileOf(file)], { source: 'logs' });
        expect(profile.requests).toBeLessThanOrEqual(profile.lines);
      }),
      { numRuns: 40 },
    );
  });
});
