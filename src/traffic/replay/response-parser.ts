/**
 * A minimal HTTP/1.1 response parser for replay: it finds where each response ends (status line,
 * Content-Length, chunked, body-until-close, HEAD/204/304 without body, 1xx skipped) and reports
 * the status and whether the connection stays open. Bodies are skipped, never copied.
 */
const CRLF = Buffer.from('\r\n');
const CRLFCRLF = Buffer.from('\r\n\r\n');
/** A response head larger than this is refused: the peer is not speaking HTTP as we know it. */
const MAX_HEAD = 64 * 1024;

enum State {
  Head,
  Length,
  ChunkSize,
  ChunkData,
  ChunkEnd,
  Trailers,
  UntilClose,
}

export interface ResponseSink {
  /** Whether the request this response answers was a HEAD (its response has no body). */
  answeringHead(): boolean;
  /** A whole response arrived; returns false to stop parsing (the connection is closing). */
  onResponse(status: number, keepAlive: boolean): boolean;
}

export class ResponseParser {
  private state = State.Head;
  private rest: Buffer | null = null;
  private remaining = 0;
  private status = 0;
  private keepAlive = true;
  /** Set by head(): the response has no body, so it is complete with its head. */
  private whole = false;

  constructor(private readonly sink: ResponseSink) {}

  /** True while between responses: a close now loses nothing half-read. */
  get idle(): boolean {
    return this.state === State.Head && this.rest === null;
  }

  reset(): void {
    this.state = State.Head;
    this.rest = null;
  }

  /** At the end of the stream: completes a body-until-close response; false if one was cut. */
  finish(): boolean {
    if (this.state === State.UntilClose) {
      this.state = State.Head;
      this.sink.onResponse(this.status, false);
      return true;
    }
    return this.idle;
  }

  /**
   * Keeps `data[i..]` until the next chunk completes it: false when it is already longer than `max`
   * (a head, chunk-size line or trailer that never ends is a malformed response).
   */
  private keep(data: Buffer, i: number, max: number): boolean {
    if (data.length - i > max) return false;
    this.rest = data.subarray(i);
    return true;
  }

  /** Feeds a chunk; false on a malformed response (the caller drops the connection). */
  execute(chunk: Buffer): boolean {
    let data = chunk;
    if (this.rest) {
      data = Buffer.concat([this.rest, chunk]);
      this.rest = null;
    }
    const n = data.length;
    let i = 0;
    while (i < n) {
      switch (this.state) {
        case State.Head: {
          const end = data.indexOf(CRLFCRLF, i);
          if (end === -1) return this.keep(data, i, MAX_HEAD);
          if (!this.head(data, i, end)) return false;
          i = end + 4;
          if (this.whole && !this.done()) return true;
          break;
        }
        case State.Length:
        case State.ChunkData: {
          const take = Math.min(this.remaining, n - i);
          i += take;
          this.remaining -= take;
          if (this.remaining > 0) break;
          if (this.state === State.ChunkData) this.state = State.ChunkEnd;
          else if (!this.done()) return true;
          break;
        }
        case State.ChunkSize: {
          const eol = data.indexOf(CRLF, i);
          if (eol === -1) return this.keep(data, i, 1024);
          const size = Number.parseInt(data.toString('latin1', i, eol), 16);
          if (!(size >= 0)) return false;
          i = eol + 2;
          if (size === 0) this.state = State.Trailers;
          else {
            this.remaining = size;
            this.state = State.ChunkData;
          }
          break;
        }
        case State.ChunkEnd: {
          if (n - i < 2) return this.keep(data, i, 2);
          if (data[i] !== 13 || data[i + 1] !== 10) return false;
          i += 2;
          this.state = State.ChunkSize;
          break;
        }
        case State.Trailers: {
          const eol = data.indexOf(CRLF, i);
          if (eol === -1) return this.keep(data, i, MAX_HEAD);
          const empty = eol === i;
          i = eol + 2;
          // An empty line ends the trailers, and the response.
          if (empty && !this.done()) return true;
          break;
        }
        case State.UntilClose:
          return true;
      }
    }
    return true;
  }

  /** Parses a response head in data[start, end); sets the body state. */
  private head(data: Buffer, start: number, end: number): boolean {
    // "HTTP/1.x NNN"
    if (end - start < 12 || data[start] !== 72 || data[start + 4] !== 47 || data[start + 8] !== 32)
      return false;
    const d0 = data[start + 9]! - 48;
    const d1 = data[start + 10]! - 48;
    const d2 = data[start + 11]! - 48;
    if (d0 < 1 || d0 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return false;
    const status = d0 * 100 + d1 * 10 + d2;
    let keepAlive = data[start + 7] === 49; // HTTP/1.1 keeps alive unless told otherwise
    let length = -1;
    let chunked = false;
    const text = data.toString('latin1', start, end);
    let at = text.indexOf('\r\n');
    while (at !== -1) {
      const from = at + 2;
      at = text.indexOf('\r\n', from);
      const c = text.charCodeAt(from) | 0x20;
      // Only three headers matter; the first letter skips the rest without lower-casing them.
      if (c !== 99 && c !== 116) continue;
      const line = at === -1 ? text.slice(from) : text.slice(from, at);
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line
        .slice(colon + 1)
        .trim()
        .toLowerCase();
      if (name === 'content-length') {
        length = Number(value);
        if (!Number.isSafeInteger(length) || length < 0) return false;
      } else if (name === 'transfer-encoding') chunked = value.endsWith('chunked');
      else if (name === 'connection') {
        if (value.includes('close')) keepAlive = false;
        else if (value.includes('keep-alive')) keepAlive = true;
      }
    }
    this.status = status;
    this.keepAlive = keepAlive;
    this.whole = false;
    if (status < 200 && status !== 101) {
      // 100 Continue, 103 Early Hints: the final response follows.
      this.state = State.Head;
      return true;
    }
    if (status === 101) this.keepAlive = false;
    this.state = State.Head;
    if (this.sink.answeringHead() || status === 204 || status === 304 || status === 101) this.whole = true;
    else if (chunked) this.state = State.ChunkSize;
    else if (length > 0) {
      this.remaining = length;
      this.state = State.Length;
    } else if (length === 0) this.whole = true;
    else {
      this.keepAlive = false;
      this.state = State.UntilClose;
    }
    return true;
  }

  private done(): boolean {
    this.state = State.Head;
    return this.sink.onResponse(this.status, this.keepAlive);
  }
}
