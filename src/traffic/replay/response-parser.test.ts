import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ResponseParser } from './response-parser.js';

/** Feeds `chunks` to a parser; returns what it reported, and false if it refused the input. */
function parse(chunks: (string | Buffer)[], heads: boolean[] = [], close = false) {
  const got: [number, boolean][] = [];
  let n = 0;
  const parser = new ResponseParser({
    answeringHead: () => heads[n] ?? false,
    onResponse(status, keepAlive) {
      got.push([status, keepAlive]);
      n++;
      return keepAlive;
    },
  });
  let ok = true;
  for (const c of chunks) ok &&= parser.execute(typeof c === 'string' ? Buffer.from(c, 'latin1') : c);
  if (close) ok &&= parser.finish();
  return { got, ok, idle: parser.idle };
}

const LENGTH = 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nServer: t\r\n\r\nhello';
const CHUNKED =
  'HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\nX-Trailer: y\r\n\r\n';
const EMPTY = 'HTTP/1.1 204 No Content\r\nContent-Length: 99\r\n\r\n';
const CONTINUE = 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 503 Busy\r\ncontent-length: 0\r\n\r\n';

describe('response parser', () => {
  it('finds where pipelined responses end: length, chunked with trailers, 204, 1xx', () => {
    expect(parse([LENGTH + CHUNKED + EMPTY + CONTINUE])).toEqual({
      got: [
        [200, true],
        [404, true],
        [204, true],
        [503, true],
      ],
      ok: true,
      idle: true,
    });
  });

  it('gives the same answers whichever byte the stream is split at', () => {
    const all = Buffer.from(LENGTH + CHUNKED + EMPTY + CONTINUE, 'latin1');
    for (let i = 1; i < all.length; i++) {
      expect(parse([all.subarray(0, i), all.subarray(i)]).got.map((g) => g[0])).toEqual([200, 404, 204, 503]);
    }
    expect(parse([...all].map((b) => Buffer.from([b]))).got).toHaveLength(4);
  });

  it('reads no body after HEAD, a body until close without a length, and the close wishes', () => {
    expect(parse(['HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n', LENGTH], [true, false]).got).toEqual([
      [200, true],
      [200, true],
    ]);
    expect(parse(['HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nsome body'], [], true)).toMatchObject({
      got: [[200, false]],
      ok: true,
    });
    expect(parse(['HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n']).got).toEqual([
      [200, false],
    ]);
    expect(parse(['HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n']).got).toEqual([[200, false]]);
    expect(parse(['HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n']).got).toEqual([
      [200, true],
    ]);
  });

  it('refuses what is not HTTP, and reports a response cut by the close', () => {
    expect(parse(['SSH-2.0-OpenSSH_9.6\r\n\r\n']).ok).toBe(false);
    expect(parse(['HTTP/1.1 2x0 OK\r\n\r\n']).ok).toBe(false);
    expect(parse(['HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n']).ok).toBe(false);
    expect(parse(['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n']).ok).toBe(false);
    expect(parse(['HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc'], [], true)).toMatchObject({
      got: [],
      ok: false,
    });
  });

  it('never throws or hangs on random or truncated input', () => {
    const valid = LENGTH + CHUNKED + EMPTY + CONTINUE;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          fc.nat(valid.length).map((n) => Buffer.from(valid.slice(0, n), 'latin1')),
        ),
        fc.array(fc.nat(300), { maxLength: 5 }),
        (bytes, cuts) => {
          const buf = Buffer.from(bytes);
          const points = [...new Set(cuts.map((c) => c % (buf.length + 1)))].sort((a, b) => a - b);
          const chunks = [0, ...points, buf.length]
            .slice(1)
            .map((end, i, a) => buf.subarray(i ? a[i - 1] : 0, end));
          parse(chunks, [], true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
