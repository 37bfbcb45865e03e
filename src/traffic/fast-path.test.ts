import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { combinedChunk, shopProductionLog } from '../../bench/traffic-generators.js';
import { createInternTable, internAscii } from './byte-intern.js';
import { createParser } from './formats.js';
import { isComplete } from './nginx-format.js';
import { type ProfileFilesOptions, profileFiles } from './profile-files.js';
import { forEachLineBytes } from './read-bytes.js';
import { forEachLine } from './read-lines.js';
import { emptyRecord } from './record.js';
import { endpointTemplate } from './template.js';

// The byte path (read-bytes + nginx-bytes) must give exactly the profile the string path gives.
const dir = mkdtempSync(path.join(tmpdir(), 'parity-fast-path-'));
let fileCount = 0;
function write(content: string | Buffer): string {
  const file = path.join(dir, `f${fileCount++}.log`);
  writeFileSync(file, content);
  return file;
}

const TIMED =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time';
const CUSTOM =
  '$remote_addr [$time_iso8601] "$request" $status $body_bytes_sent rt=$request_time len=$request_length xff="$http_x_forwarded_for"';

async function both(absolute: string, options: Omit<ProfileFilesOptions, 'source'>) {
  const files = [{ absolute, display: 'x.log' }];
  const fast = await profileFiles(files, { source: 's', ...options });
  const slow = await profileFiles(files, { source: 's', ...options, fastPath: false });
  return {
    fast: { profile: fast.profile, skips: fast.skips },
    slow: { profile: slow.profile, skips: slow.skips },
  };
}

const fixture = (name: string) =>
  new URL(`../sources/access-log/__fixtures__/${name}`, import.meta.url).pathname;

describe('byte path equivalence', () => {
  it.each([
    ['nginx-combined-shop.log', 'auto'],
    ['nginx-combined-shop.log', 'nginx-combined'],
    ['apache-common.log', 'auto'],
    ['apache-common.log', 'apache-common'],
    ['custom-format-timed.log', CUSTOM],
    ['planted-secrets.log', 'auto'],
    ['json-lines-mixed.log', 'auto'],
    ['alb.log', 'nginx-combined'],
    ['production/access.log', 'auto'],
    ['staging/access.log', 'auto'],
  ])('%s read as %s', async (name, format) => {
    const { fast, slow } = await both(fixture(name), { format });
    expect(fast).toEqual(slow);
  });

  it('gives the same profile on the shop log and on the benchmark lines', async () => {
    const shop = await both(write(shopProductionLog()), {
      format: `${TIMED} $request_length`,
    });
    expect(shop.fast).toEqual(shop.slow);
    const bench = await both(write(combinedChunk(0, 3000)), { format: TIMED });
    expect(bench.fast).toEqual(bench.slow);
    expect(bench.fast.profile.requests).toBe(3000);
  });

  it('reads formats whose separators are quotes, backslashes, backticks and comment marks', async () => {
    // The byte parser is generated code: its literals must reach it as data, whatever they hold.
    const format = '$remote_addr `${ }` \'\\" */ [$time_local] "$request" $status $body_bytes_sent';
    const lines = Array.from(
      { length: 30 },
      (_, i) =>
        `10.0.0.${i % 4} \`\${ }\` '\\" */ [20/Nov/2026:10:00:${String(i).padStart(2, '0')} +0000] "GET /a/${i} HTTP/1.1" 200 ${i}`,
    );
    const { fast, slow } = await both(write(`${lines.join('\n')}\n`), { format });
    expect(fast).toEqual(slow);
    expect(fast.profile.requests).toBe(30);
    expect(createParser(format).parseBytes).toBeDefined();
  });

  it('reads gzip files the byte way too: same profile, and a cut-off file fails the same way', async () => {
    const content = shopProductionLog();
    const format = `${TIMED} $request_length`;
    const whole = await both(write(gzipSync(content)), { format });
    expect(whole.fast).toEqual(whole.slow);
    expect(whole.fast.profile.requests).toBeGreaterThan(1000);
    const zipped = gzipSync(content);
    const cut = await both(write(zipped.subarray(0, zipped.length >> 1)), { format });
    expect(cut.fast).toEqual(cut.slow);
    expect(cut.fast.skips.at(-1)?.reason).toMatch(/^cannot read: /);
  });

  it('counts clients and busy seconds as the string path does through table clears and sweeps', async () => {
    // 12,000 clients (the byte parser's client table clears past 4,096), bursts of 12 requests in
    // one second (parallel sessions), a forwarded-for address overriding some peers.
    const lines: string[] = [];
    for (let i = 0; i < 24_000; i++) {
      const burst = i % 100 < 12;
      const peer = burst
        ? `172.16.${Math.floor(i / 100) % 250}.9`
        : `10.${(i * 7) % 47}.${(i * 13) % 251}.${i % 5}`;
      const forwarded = i % 9 === 0 ? `203.0.113.${i % 7}` : '-';
      const second = String(Math.floor(i / 40) % 60).padStart(2, '0');
      const minute = String(Math.floor(i / 2400)).padStart(2, '0');
      lines.push(
        `${peer} - [20/Nov/2026:10:${minute}:${second} +0000] "GET /p/${i % 13} HTTP/1.1" 200 5 "${forwarded}"`,
      );
    }
    const format = '$remote_addr - [$time_local] "$request" $status $body_bytes_sent "$http_x_forwarded_for"';
    const { fast, slow } = await both(write(`${lines.join('\n')}\n`), { format });
    expect(fast).toEqual(slow);
    expect(fast.profile.clients.unique).toBeGreaterThan(10_000);
    expect(fast.profile.clients.parallelSessions).toBeGreaterThan(100);
  });

  const good = combinedChunk(0, 40).split('\n').filter(Boolean);
  const piece = fc.oneof(
    fc.constantFrom(...good),
    fc.constantFrom(...good).map((l) => l.replace('"GET /', '"GET http://h.example/')),
    fc.constantFrom(...good).map((l) => l.replace(/HTTP\/1.1"/, 'HTTP/1.1"\r')),
    fc.constantFrom(...good).map((l) => l.replace('/products', '/prodüct/ä€')),
    fc.constantFrom(...good).map((l) => l.replace(/^[^ ]+/, '2001:db8::ä')),
    fc.constantFrom(...good).map((l) => l.replace(/"(GET|POST) /, '"get ')),
    fc.constantFrom(...good).map((l) => l.replace(/ [\d.]+$/, ' -')),
    fc.constantFrom(...good).map((l) => l.replace(/ [\d.]+$/, ' 1.5e2 ')),
    fc.constantFrom(...good).map((l) => l.replace(/\?page=\d+/, '#frag?x')),
    // Segments endpointTemplate folds each its own way, the byte path segment by segment.
    fc
      .tuple(
        fc.constantFrom(...good),
        fc.array(
          fc.constantFrom(
            '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
            'abcdefab-abcd-abcd-abcd-abcdefabcdef',
            '9f86d081884c7d659a2feaa0c55ad015',
            'SKU-12345',
            'ord_8F2kLq9Z',
            '2026-11-20',
            'a@b.example',
            'eyJhbGciOiJIUzI1NiJ9x1abcdefgh',
            'app.3f9a2c1d.js',
            'v1',
            'x'.repeat(70),
            `${'y'.repeat(60)}7`,
            '',
            '12',
          ),
          { maxLength: 12 },
        ),
      )
      .map(([l, segments]) => l.replace(/"(\w+) \/[^ ?]*/, `"$1 /api/${segments.join('/')}`)),
    fc.tuple(fc.constantFrom(...good), fc.nat(200)).map(([l, n]) => l.slice(0, n)),
    fc.constantFrom('', ' ', '\t', '-', '\r', '"\u00a0"', '\uFEFF', '{"status":200}'),
    fc.string({ maxLength: 60 }),
    fc.uint8Array({ maxLength: 80 }).map((b) => Buffer.from(b).toString('latin1').replace(/\n/g, ' ')),
  );

  it('gives the same profile and skips on random lines, for several formats', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { maxLength: 60 }),
        fc.constantFrom('auto', 'nginx-combined', TIMED, 'apache-common', CUSTOM),
        fc.boolean(),
        async (lines, format, latin1) => {
          const text = `${lines.join('\n')}\n`;
          const file = write(latin1 ? Buffer.from(text, 'latin1') : text);
          const { fast, slow } = await both(file, { format });
          expect(fast).toEqual(slow);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reads a line as the string parser does whenever it reads it at all', () => {
    for (const format of [TIMED, 'nginx-combined', CUSTOM, 'apache-common']) {
      const parser = createParser(format);
      fc.assert(
        fc.property(piece, (line) => {
          const buf = Buffer.from(`x${line}\n`);
          const fastRecord = emptyRecord();
          const slowRecord = emptyRecord();
          const fastOk = parser.parseBytes!(buf, 1, buf.length - 1, fastRecord);
          const slowOk = parser.parse(buf.toString('utf8', 1, buf.length - 1), slowRecord);
          if (!fastOk) return;
          expect(slowOk).toBe(true);
          const { endpointKey, clientSlot, clientEpoch: _epoch, ...rest } = fastRecord;
          const { clientSlot: _none, clientEpoch: _zero, ...slowFields } = slowRecord;
          expect(rest).toEqual({ ...slowFields, endpointKey: undefined });
          // A slot is a hint the profile checks; it only ever comes with the client it names.
          if (clientSlot >= 0) expect(rest.client).not.toBe('-');
          if (endpointKey !== undefined)
            expect(endpointKey).toBe(`${rest.method} ${endpointTemplate(rest.path)}`);
          if (isComplete(fastRecord)) expect(isComplete(slowRecord)).toBe(true);
        }),
        { numRuns: 200 },
      );
    }
  });
});

describe('forEachLineBytes', () => {
  async function viaBytes(file: string, range?: { start: number; end: number }) {
    const out: (string | null)[] = [];
    await forEachLineBytes(
      file,
      (buf, s, e) => {
        out.push(buf === null ? null : buf.toString('utf8', s, e));
        return undefined;
      },
      range,
    );
    return out;
  }
  async function viaText(file: string, range?: { start: number; end: number }) {
    const out: (string | null)[] = [];
    await forEachLine(
      file,
      (line) => {
        out.push(line);
        return undefined;
      },
      range,
    );
    return out;
  }

  it('yields the lines forEachLine yields (CRLF, blank, no final newline, overlong, ranges)', async () => {
    const long = 'a'.repeat(70_000);
    const text = `one\r\ntwo\n\n${long}\nthree\n${long}${long}\nlast`;
    const file = write(text);
    expect(await viaBytes(file)).toEqual(await viaText(file));
    expect(await viaBytes(file)).toEqual(['one', 'two', '', null, 'three', null, 'last']);
    expect(await viaBytes(file, { start: 5, end: 12 })).toEqual(await viaText(file, { start: 5, end: 12 }));
  });

  it('matches forEachLine on random text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('ab', 'é', '\n', '\r\n', ' ', '\r', '€x'), { maxLength: 80 }),
        async (parts) => {
          const file = write(parts.join(''));
          expect(await viaBytes(file)).toEqual(await viaText(file));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('matches forEachLine across windows and reads (lines near 64 KiB, files over 4 MiB)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 65_530, max: 65_540 })), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.boolean(),
        fc.boolean(),
        async (lengths, finalNewline, gzip) => {
          // Cycle the lengths until past two 4 MiB reads; line i is made of its own letter.
          const lines: string[] = [];
          for (let size = 0, i = 0; size < 9 << 20; i++) {
            const n = lengths[i % lengths.length]!;
            lines.push(String.fromCharCode(97 + (i % 26)).repeat(n));
            size += n + 1;
          }
          const content = lines.join('\n') + (finalNewline ? '\n' : '');
          const file = write(gzip ? gzipSync(content, { level: 1 }) : content);
          const got = await viaBytes(file);
          expect(got.length).toBe(lines.length);
          expect(got).toEqual(await viaText(file));
        },
      ),
      { numRuns: 6 },
    );
  });

  it('stops when told to', async () => {
    const file = write('a\nb\nc\n');
    const seen: string[] = [];
    await forEachLineBytes(file, (buf, s, e) => {
      seen.push(buf!.toString('utf8', s, e));
      return seen.length < 2;
    });
    expect(seen).toEqual(['a', 'b']);
  });
});

describe('internAscii', () => {
  it('returns the same string for the same bytes, refuses non-ASCII and stays bounded', () => {
    const table = createInternTable(4);
    const buf = Buffer.from('/a /b /a /é');
    const a = internAscii(table, buf, 0, 2);
    expect(a).toBe('/a');
    expect(internAscii(table, buf, 6, 8)).toBe(a);
    expect(internAscii(table, buf, 9, buf.length)).toBeUndefined();
    for (let i = 0; i < 100; i++) internAscii(table, Buffer.from(`/p${i}`), 0, 3 + String(i).length - 1);
    expect(table.size).toBeLessThanOrEqual(9);
  });
});
