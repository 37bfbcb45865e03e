import { describe, expect, it } from 'vitest';
import { accessLogSource } from '../../sources/access-log/index.js';
import { compileNginxBytes } from './nginx-bytes.js';
import { compileNginxFormat, LogFormatError, MAX_LOG_FORMAT_CHARS } from './nginx-format.js';
import { emptyRecord } from './record.js';

// A 100k-space separator took 12.6 s (200k: 49.7 s) and a 3 MB literal 4 GB: each is now refused
// at once with what was expected, and the largest accepted format compiles and parses in linear time.
describe('log_format limits', () => {
  it.each([
    ['a 200k-space separator', `$remote_addr${' '.repeat(200_000)}"$request" $status`],
    ['a 3 MB literal', `${'x'.repeat(3_000_000)} "$request" $status`],
  ])('refuses %s at once, saying what is expected', (_, format) => {
    const started = performance.now();
    expect(() => compileNginxFormat(format)).toThrow(LogFormatError);
    expect(() => compileNginxFormat(format)).toThrow(/expected at most 16384/);
    expect(compileNginxBytes(format)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(1000);
    const checked = accessLogSource.options.safeParse({ format });
    expect(checked.success).toBe(false);
  });

  it('compiles and parses with the longest separators accepted, in linear time', () => {
    const gap = ' '.repeat(MAX_LOG_FORMAT_CHARS - 100);
    const format = `$remote_addr${gap}"$request" $status${' '.repeat(50)}`;
    const started = performance.now();
    const parse = compileNginxFormat(format);
    const parseBytes = compileNginxBytes(format)!;
    const line = `10.0.0.1${gap}"GET /a HTTP/1.1" 200`;
    const out = emptyRecord();
    expect(parse(line, out)).toBe(true);
    expect(out.status).toBe(200);
    const buf = Buffer.from(line, 'latin1');
    const bytesOut = emptyRecord();
    expect(parseBytes(buf, 0, buf.length, bytesOut, undefined)).toBe(true);
    expect(bytesOut.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('matches a long first literal in one comparison, as the unrolled code did', () => {
    const lead = '-'.repeat(64);
    const parseBytes = compileNginxBytes(`${lead} "$request" $status`)!;
    const ok = Buffer.from(`${lead} "GET / HTTP/1.1" 204`, 'latin1');
    const bad = Buffer.from(`${lead.slice(1)}+ "GET / HTTP/1.1" 204`, 'latin1');
    expect(parseBytes(ok, 0, ok.length, emptyRecord(), undefined)).toBe(true);
    expect(parseBytes(bad, 0, bad.length, emptyRecord(), undefined)).toBe(false);
  });
});
