import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createParser, detectFormat } from './formats.js';
import { compileNginxFormat, isComplete, LogFormatError, NGINX_COMBINED } from './nginx-format.js';
import { emptyRecord, type LogRecord } from './record.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../sources/access-log/__fixtures__/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean);

/** The fields a parser reads; the byte parser's lookup hints (slots, cached keys) left out. */
type Parsed = Omit<LogRecord, 'clientSlot' | 'clientEpoch' | 'endpointKey'>;

function parseAll(format: string, lines: string[]): (Parsed | null)[] {
  const { parse } = createParser(format);
  return lines.map((line) => {
    const r = emptyRecord();
    if (!parse(line, r) || !isComplete(r)) return null;
    const { clientSlot: _slot, endpointKey: _key, ...fields } = r;
    return fields;
  });
}

describe('nginx combined', () => {
  it('reads method, path without query, status, size, client and time', () => {
    const [first, second, , , , , garbage, , tls] = parseAll(
      'nginx-combined',
      fixture('nginx-combined-shop.log'),
    );
    expect(first).toEqual({
      time: Date.UTC(2026, 10, 20, 10, 0, 0),
      method: 'GET',
      path: '/products/8812',
      status: 200,
      bytesSent: 5120,
      bytesReceived: -1,
      durationMs: -1,
      durationUnknown: -1,
      durationField: '',
      client: '203.0.113.5',
    });
    expect(second?.path).toBe('/products/9921');
    expect(garbage).toBeNull();
    // A TLS hello sent to the plain port is still a request nginx answered (400).
    expect(tls).toMatchObject({ method: '-', path: '-', status: 400 });
  });

  it('honours the time zone offset', () => {
    const r = emptyRecord();
    compileNginxFormat(NGINX_COMBINED)(
      '1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 1 "-" "-"',
      r,
    );
    expect(new Date(r.time).toISOString()).toBe('2000-10-10T20:55:36.000Z');
  });
});

describe('custom nginx log_format', () => {
  it('reads $time_iso8601, $request_time, $request_length and the first X-Forwarded-For hop', () => {
    const format =
      '$remote_addr [$time_iso8601] "$request" $status $body_bytes_sent rt=$request_time len=$request_length xff="$http_x_forwarded_for"';
    const records = parseAll(format, fixture('custom-format-timed.log'));
    expect(records.map((r) => [r?.client, r?.durationMs, r?.bytesReceived, r?.method])).toEqual([
      ['198.51.100.7', 120, 420, 'GET'],
      ['198.51.100.8', 80, 410, 'GET'],
      ['10.0.0.1', 300, 2400, 'POST'],
    ]);
  });

  it('accepts ${var} and $msec', () => {
    const parse = compileNginxFormat('${msec} ${request_method} ${request_uri} ${status}');
    const r = emptyRecord();
    expect(parse('1700000000.250 GET /a/b?c=1 204', r)).toBe(true);
    expect([r.time, r.method, r.path, r.status]).toEqual([1700000000250, 'GET', '/a/b', 204]);
  });

  it('says what is wrong with an unusable format', () => {
    expect(() => compileNginxFormat('$remote_addr $status')).toThrow(LogFormatError);
    expect(() => compileNginxFormat('$request$status')).toThrow(/separator/);
  });
});

describe('other formats', () => {
  it('reads JSON lines with default field names and skips what is not a JSON object', () => {
    const records = parseAll('json', fixture('json-lines-mixed.log'));
    expect(records.map((r) => r && [r.method, r.path, r.status, r.durationMs, r.bytesSent])).toEqual([
      ['GET', '/api/orders/42', 200, 12, 2100],
      ['POST', '/api/orders', 201, 150, 300],
      ['DELETE', '/api/orders/42', 204, 20, 0],
      null,
      null,
    ]);
  });

  it('reads nested JSON fields (pino-http, OpenTelemetry) by dotted names, a literal dotted key first', () => {
    const lines = [
      '{"time":1763632800000,"req":{"method":"PUT","url":"/api/carts/9?x=1"},"res":{"statusCode":503},"responseTime":7}',
      '{"timestamp":"2026-11-20T10:00:00Z","http.method":"GET","http":{"method":"POST","path":"/nested"},"http.path":"/flat","http.status_code":200,"req":{"size":77}}',
      '{"time":"2026-11-20T10:00:00Z","req":"GET","request":"GET /r HTTP/1.1","status":200}',
    ];
    expect(parseAll('json', lines).map((r) => r && [r.method, r.path, r.status, r.bytesReceived])).toEqual([
      ['PUT', '/api/carts/9', 503, -1],
      ['GET', '/flat', 200, 77],
      ['GET', '/r', 200, -1],
    ]);
    const { parse } = createParser('json', {
      path: 'req.url',
      method: 'req.method',
      status: 'res.statusCode',
    });
    const r = emptyRecord();
    expect(parse(lines[0]!, r) && [r.method, r.path, r.status]).toEqual(['PUT', '/api/carts/9', 503]);
  });

  it('reads AWS ALB lines, absolute request targets and -1 processing times', () => {
    const [ok, failed] = parseAll('alb', fixture('alb.log'));
    expect(ok).toMatchObject({
      method: 'GET',
      path: '/products/77',
      status: 200,
      bytesSent: 366,
      bytesReceived: 34,
      client: '192.168.131.39',
    });
    expect(ok?.durationMs).toBeCloseTo(86);
    expect(failed).toMatchObject({ method: 'POST', path: '/api/checkout', status: 503, durationMs: -1 });
  });

  it("reads Envoy's default format, old and new", () => {
    const [old, current] = parseAll('envoy', fixture('envoy-default.log'));
    expect(old).toMatchObject({
      method: 'POST',
      path: '/api/v1/locations',
      status: 204,
      bytesReceived: 154,
      bytesSent: 0,
      durationMs: 226,
      client: '10.0.35.28',
    });
    expect(current).toMatchObject({
      method: 'GET',
      status: 200,
      bytesSent: 1024,
      durationMs: 12,
      client: '10.0.9.9',
    });
  });

  it("reads Apache common, with '-' for an empty body", () => {
    expect(
      parseAll('apache-common', fixture('apache-common.log')).map(
        (r) => r && [r.method, r.status, r.bytesSent],
      ),
    ).toEqual([
      ['GET', 200, 2326],
      ['HEAD', 304, 0],
    ]);
  });

  it('detects each fixture format', () => {
    const cases: [string, string][] = [
      ['nginx-combined-shop.log', 'nginx-combined'],
      ['json-lines-mixed.log', 'json'],
      ['alb.log', 'alb'],
      ['envoy-default.log', 'envoy'],
      ['apache-common.log', 'apache-common'],
    ];
    for (const [file, name] of cases) expect(detectFormat(fixture(file))?.name).toBe(name);
    expect(detectFormat(['nothing here'])).toBeUndefined();
  });
});

describe('auto detection of extended combined logs', () => {
  const base = '10.0.0.1 - - [22/Nov/2026:10:00:00 +0000] "POST /api/orders HTTP/1.1" 201 512 "-" "curl/8"';

  it('reads request time (and request length) appended to combined instead of skipping the lines', () => {
    for (const [line, bytesReceived] of [
      [`${base} 0.250 1840`, 1840],
      [`${base} 0.250`, undefined],
    ] as const) {
      const format = detectFormat([line])!;
      const record = emptyRecord();
      expect(format.parse(line, record)).toBe(true);
      expect(record.durationMs).toBe(250);
      if (bytesReceived !== undefined) expect(record.bytesReceived).toBe(bytesReceived);
    }
  });

  it('still reads plain combined as nginx-combined', () => {
    expect(detectFormat([base])?.name).toBe('nginx-combined');
  });
});

describe('robustness', () => {
  const formats = [
    'nginx-combined',
    'apache-combined',
    'json',
    'alb',
    'envoy',
    '$remote_addr [$time_local] "$request" $status $request_time',
  ];
  const lines = [
    ...fixture('nginx-combined-shop.log'),
    ...fixture('json-lines-mixed.log'),
    ...fixture('alb.log'),
    ...fixture('envoy-default.log'),
  ];

  it('never throws on random or truncated lines', () => {
    const parsers = formats.map((f) => createParser(f).parse);
    const r = emptyRecord();
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.constantFrom(...lines).chain((l) => fc.nat(l.length).map((n) => l.slice(0, n))),
        ),
        (line) => {
          for (const parse of parsers) parse(line, r);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('format boundaries', () => {
  it('does not read a combined line with extra fields as Apache common', () => {
    const line = '10.0.0.1 - - [20/Nov/2026:09:30:02 +0000] "POST /a HTTP/1.1" 201 1066 "-" "QA" 0.007 715';
    const r = emptyRecord();
    expect(createParser('apache-common').parse(line, r)).toBe(false);
    expect(createParser('nginx-combined').parse(line, r)).toBe(false);
    // auto reads it as combined with request time and length appended, not as Apache common.
    const detected = detectFormat([line])!;
    expect(detected.parse(line, r)).toBe(true);
    expect([r.durationMs, r.bytesReceived]).toEqual([7, 715]);
  });
});
