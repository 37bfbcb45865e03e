import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { combinedChunk } from '../../test-support/traffic-generators.js';
import { createParser } from './formats.js';
import { NGINX_COMBINED } from './nginx-format.js';
import { emptyRecord, type LogRecord } from './record.js';
import { createLineScanner, type LineScanner, scanProgram } from './scan.js';
import { endpointTemplate } from './template.js';

const TIMED = `${NGINX_COMBINED} $request_time`;
const FORWARDED =
  '$remote_addr - [$time_local] "$request" $status $bytes_sent $request_length "$http_x_forwarded_for" $upstream_response_time';

/** What a record says, without the parser-specific slot hints. */
function fields(r: LogRecord) {
  const { clientSlot: _slot, ...rest } = r;
  return rest;
}

interface Scanned {
  sure: ReturnType<typeof fields>[];
  /** Line indexes the scanner left to JavaScript. */
  others: number[];
}

/** Scans `lines` (one read) and returns the sure records and the lines left over. */
function scanLines(scanner: LineScanner, lines: string[]): Scanned {
  const text = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
  expect(text.length).toBeLessThanOrEqual(scanner.input.length);
  text.copy(scanner.input);
  const starts = new Map<number, number>();
  let at = 0;
  lines.forEach((line, i) => {
    starts.set(at, i);
    at += Buffer.byteLength(line) + 1;
  });
  const out: Scanned = { sure: [], others: [] };
  const r = emptyRecord();
  scanner.lines(0, text.length, r, {
    record: (record, start) => {
      expect(starts.has(start)).toBe(true);
      out.sure.push(fields(record));
    },
    other: (start) => {
      out.others.push(starts.get(start)!);
    },
    counted: () => {
      throw new Error('no tally here');
    },
  });
  return out;
}

/** The byte parser's record for each line it reads (undefined where it does not). */
function byteRecords(format: string, lines: string[]) {
  const parseBytes = createParser(format).parseBytes!;
  const r = emptyRecord();
  return lines.map((line) => {
    const buf = Buffer.from(line, 'utf8');
    return parseBytes(buf, 0, buf.length, r) ? fields(r) : undefined;
  });
}

function loaded(format: string): LineScanner {
  const scanner = createLineScanner();
  if (!scanner) throw new Error('WebAssembly is available on every supported Node.js');
  scanner.load(scanProgram(format)!);
  return scanner;
}

describe('scanProgram', () => {
  it('reads the usual nginx formats and leaves the others to the byte parser', () => {
    expect(scanProgram(NGINX_COMBINED)?.steps.map((s) => s.kind)).toEqual([1, 0, 3, 4, 5, 6, 0, 0, 15]);
    expect(scanProgram(TIMED)?.time).toBe('time-local');
    expect(scanProgram(FORWARDED)).toBeDefined();
    expect(scanProgram('$remote_addr [$time_iso8601] "$request" $status')?.time).toBe('time-iso8601');
    expect(scanProgram('$msec "$request" $status')?.time).toBe('msec');
    // Variables the profile reads that the scanner does not ($request_uri), two times, none.
    expect(scanProgram('[$time_local] $request_method $request_uri $status')).toBeUndefined();
    expect(scanProgram('[$time_local] $msec "$request" $status')).toBeUndefined();
    expect(scanProgram('"$request" $status')).toBeUndefined();
    // No $status, a non-ASCII separator, no variable at all.
    expect(scanProgram('[$time_local] "$request"')).toBeUndefined();
    expect(scanProgram('$remote_addr « [$time_local] "$request" $status')).toBeUndefined();
    expect(scanProgram('plain text')).toBeUndefined();
  });
});

describe('the WebAssembly scanner', () => {
  it('reads every line of the benchmark log, each as the byte parser reads it', () => {
    const lines = combinedChunk(0, 2000).trimEnd().split('\n');
    const scanned = scanLines(loaded(TIMED), lines);
    expect(scanned.others).toEqual([]);
    expect(scanned.sure).toEqual(byteRecords(TIMED, lines));
  });

  it('reads clients from X-Forwarded-For and upstream times, as the byte parser does', () => {
    const lines = [
      '10.0.0.1 - [20/Nov/2026:10:00:00 +0000] "GET /a/1 HTTP/1.1" 200 10 20 "203.0.113.9" 0.010',
      '10.0.0.1 - [20/Nov/2026:10:00:00 +0000] "POST /a/2?x HTTP/1.1" 201 - 20 "-" -',
      '10.0.0.2 - [20/Nov/2026:10:00:01 +0000] "DELETE /b#f HTTP/1.1" 204 0 7 "-" 2',
      // A chain of forwarded addresses: the first one is the client.
      '10.0.0.2 - [20/Nov/2026:10:00:01 +0000] "GET /c HTTP/1.1" 200 1 1 "2001:db8::7, 10.0.0.1" 0.1',
      // Left to JavaScript: a list of upstream times, a tab in the header.
      '10.0.0.2 - [20/Nov/2026:10:00:01 +0000] "GET /c HTTP/1.1" 200 1 1 "-" 0.1, 0.2',
      '10.0.0.2 - [20/Nov/2026:10:00:01 +0000] "GET /c HTTP/1.1" 200 1 1 "\t203.0.113.9, 10.0.0.1" 0.1',
    ];
    const scanned = scanLines(loaded(FORWARDED), lines);
    expect(scanned.others).toEqual([4, 5]);
    const expected = byteRecords(FORWARDED, lines);
    expect(scanned.sure).toEqual(expected.slice(0, 4));
    expect(scanned.sure[0]).toMatchObject({ client: '203.0.113.9', durationMs: 10, bytesReceived: 20 });
    expect(scanned.sure[1]).toMatchObject({ client: '10.0.0.1', bytesSent: 0, durationMs: -1 });
    expect(scanned.sure[3]).toMatchObject({ client: '2001:db8::7' });
  });

  it('reads X-Forwarded-For lists as the byte parser does, on random headers', () => {
    // Spaces, commas, dashes and empty elements around addresses; a tab or a non-ASCII byte now and then.
    const header = fc
      .array(
        fc.constantFrom('1', '.', ',', ', ', ' ', '-', ':', 'a', '203.0.113.9', '2001:db8::1', '\t', 'é'),
        {
          maxLength: 4, // the first address fits the scanner's client slot (52 bytes)
        },
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(header, fc.constantFrom('10.0.0.1', '-')), { minLength: 1, maxLength: 30 }),
        (cases) => {
          const lines = cases.map(
            ([xff, peer]) => `${peer} - [20/Nov/2026:10:00:01 +0000] "GET /c HTTP/1.1" 200 1 1 "${xff}" 0.1`,
          );
          const scanned = scanLines(loaded(FORWARDED), lines);
          const expected = byteRecords(FORWARDED, lines);
          const sureLines = lines.map((_, i) => i).filter((i) => !scanned.others.includes(i));
          expect(scanned.sure).toEqual(sureLines.map((i) => expected[i]));
          // Only a control or non-ASCII byte leaves a line to JavaScript.
          for (const i of scanned.others) expect(lines[i]).toMatch(/[\t\u0080-\uffff]/);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('folds path segments as foldSegment does (ids, uuids, dates, hashes, tokens, emails), on random paths', () => {
    const piece = fc.constantFrom(
      '0',
      '7',
      '2026',
      'a',
      'F',
      'z',
      'Q',
      '-',
      '_',
      '.',
      '@',
      'ord',
      'SKU',
      'abcdef12',
      '3f9a2c1d',
      'js',
    );
    const segment = fc.oneof(
      fc.array(piece, { minLength: 1, maxLength: 12 }).map((p) => p.join('')),
      fc.uuid(),
      fc.uuid().map((u) => u.toUpperCase()),
      fc.constantFrom('2026-11-20', 'ord_8F2kLq9Z', 'cus-12ab34cd', 'SKU-12', 'app.3f9a2c1d.js', 'a@b1.io'),
      fc.stringMatching(/^[0-9a-fA-F]{14,20}$/),
      fc.stringMatching(/^[A-Za-z0-9_-]{18,42}$/),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(segment, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 30 }),
        (paths) => {
          const lines = paths.map(
            (p, i) =>
              `10.0.0.1 - - [20/Nov/2026:10:00:00 +0000] "${i % 2 ? 'GET' : 'PUT'} /${p.join('/')} HTTP/1.1" 200 1 "-" "ua" 0.1`,
          );
          const scanned = scanLines(loaded(TIMED), lines);
          const expected = byteRecords(TIMED, lines);
          const sureLines = lines.map((_, i) => i).filter((i) => !scanned.others.includes(i));
          expect(scanned.sure).toEqual(sureLines.map((i) => expected[i]));
          for (const r of scanned.sure) expect(r.endpointKey).toBe(`${r.method} ${endpointTemplate(r.path)}`);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads $time_iso8601 and $msec formats (JSON-shaped too) as the byte parser does', () => {
    const json =
      '{"time":"$time_iso8601","ip":"$remote_addr","request":"$request","status":$status,"bytes":$body_bytes_sent,"rt":$request_time}';
    const times = [
      '2026-11-20T10:00:00+00:00',
      '2026-11-20T10:00:00+00:00',
      '2026-11-20T10:00:01Z',
      'not a time',
    ];
    const jsonLines = times.map(
      (t, i) =>
        `{"time":"${t}","ip":"10.0.0.${i}","request":"GET /a/${i} HTTP/1.1","status":200,"bytes":5,"rt":0.00${i}}`,
    );
    const jsonScan = scanLines(loaded(json), jsonLines);
    expect(jsonScan.others).toEqual([]);
    expect(jsonScan.sure).toEqual(byteRecords(json, jsonLines));
    expect(jsonScan.sure.map((r) => r.time)).toEqual([
      Date.parse(times[0]!),
      Date.parse(times[0]!),
      Date.parse(times[2]!),
      Number.NaN,
    ]);
    const msec = '$msec $remote_addr "$request" $status';
    const msecLines = ['1700000000.123', '1700000000.123', '1700000000.5', '-1', 'x'].map(
      (t, i) => `${t} 10.0.0.${i} "POST /b HTTP/1.1" 201`,
    );
    const msecScan = scanLines(loaded(msec), msecLines);
    expect(msecScan.sure).toEqual(byteRecords(msec, msecLines));
    expect(msecScan.sure[0]?.time).toBe(1_700_000_000_123);
    expect(msecScan.sure[3]?.time).toBeNaN();
  });

  it('is never wrong: a line it reads is read as the byte parser reads it, on random lines', () => {
    const good = combinedChunk(0, 40).trimEnd().split('\n');
    const mutation = fc.constantFrom<[RegExp, string]>(
      [/"GET \//, '"GET http://h.example/'],
      [/"(GET|POST) /, '"PROPFIND '],
      [/"(GET|POST) /, '"get '],
      [/\/products/, '/prodüct/ä€'],
      [/^[^ ]+/, '2001:db8::ä'],
      [/^[^ ]+/, '-'],
      [/ [\d.]+$/, ' -'],
      [/ [\d.]+$/, ' 1.5e2 '],
      [/ [\d.]+$/, ' 0.5   '],
      [/ \d{3} /, ' 2000 '],
      [/ \d{3} /, ' - '],
      [/\?page=\d+/, '#frag?x'],
      [/\[[^\]]+\]/, '[yesterday]'],
      [/ "-" /, ' "a" "b" '],
      [/"$/, ''],
    );
    const line = fc.oneof(
      fc.constantFrom(...good),
      fc.tuple(fc.constantFrom(...good), mutation).map(([l, [re, to]]) => l.replace(re, to)),
      fc.tuple(fc.constantFrom(...good), fc.nat(200)).map(([l, n]) => l.slice(0, n)),
      fc.string({ maxLength: 60 }).map((s) => s.replace(/\n/g, ' ')),
    );
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 40 }),
        fc.constantFrom(NGINX_COMBINED, TIMED),
        (lines, format) => {
          const scanned = scanLines(loaded(format), lines);
          const expected = byteRecords(format, lines);
          const sureLines = lines.map((_, i) => i).filter((i) => !scanned.others.includes(i));
          expect(scanned.sure).toEqual(sureLines.map((i) => expected[i]));
          // Every unmodified line is read by the scanner itself (they carry a request time: TIMED).
          if (format === TIMED) for (const i of scanned.others) expect(good.includes(lines[i]!)).toBe(false);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('keeps reading right through intern table clears (100,000 paths, 20,000 clients)', () => {
    const scanner = loaded(NGINX_COMBINED);
    const lines = Array.from(
      { length: 100_000 },
      (_, i) =>
        `10.${(i % 20_000) >> 8}.${i % 256}.1 - - [20/Nov/2026:10:${String(Math.floor(i / 6000)).padStart(2, '0')}:00 +0000] "GET /p${i % 7}/${i.toString(36)} HTTP/1.1" 200 1 "-" "ua"`,
    );
    for (let from = 0; from < lines.length; from += 20_000) {
      const part = lines.slice(from, from + 20_000);
      const scanned = scanLines(scanner, part);
      expect(scanned.others).toEqual([]);
      expect(scanned.sure).toEqual(byteRecords(NGINX_COMBINED, part));
    }
    expect(scanner.clears()).toBeGreaterThan(10);
    // A test of size, not of time: 100,000 records compared field by field took 33 s at load 15.
  }, 120_000);

  it('reads the next file from scratch when handed back and taken again', () => {
    const first = loaded(TIMED);
    const lines = combinedChunk(0, 500).trimEnd().split('\n');
    expect(scanLines(first, lines).sure).toEqual(byteRecords(TIMED, lines));
    first.release();
    const again = createLineScanner()!;
    expect(again).toBe(first);
    expect(again.ready).toBe(false);
    // Another format, the same paths and clients: nothing of the first read may leak into this one.
    const other = lines.map((l) => l.replace(/ [\d.]+$/, ''));
    again.load(scanProgram(NGINX_COMBINED)!);
    const scanned = scanLines(again, other);
    expect(scanned.others).toEqual([]);
    expect(scanned.sure).toEqual(byteRecords(NGINX_COMBINED, other));
    again.release();
  });

  it('is built from scan.c and variables.ts as committed (npm run build:wasm)', (context) => {
    let hasClang = true;
    try {
      execFileSync('clang', ['--version'], { stdio: 'ignore' });
    } catch {
      hasClang = false;
    }
    // CI installs clang; a machine without it cannot rebuild the module and says so here.
    if (!hasClang) context.skip('clang is not installed');
    const script = new URL('../../../scripts/build-wasm.mjs', import.meta.url).pathname;
    expect(execFileSync(process.execPath, [script, '--check'], { encoding: 'utf8' })).toContain(
      'scan-kinds.h and scan-wasm.ts are current',
    );
  });
});
