/**
 * One request as read from a log line. Parsers fill a reused object rather than allocate one per
 * line: at two million lines a second, allocation is the cost that shows.
 */
export interface LogRecord {
  /** Epoch milliseconds; NaN when the line has no usable time. */
  time: number;
  /** Upper-case method, or '-' when the request line was malformed (a TLS hello sent to :80...). */
  method: string;
  /** Path without query string, or '-' when unknown. */
  path: string;
  status: number;
  /** Response bytes; -1 when not logged. */
  bytesSent: number;
  /** Request bytes; -1 when not logged. */
  bytesReceived: number;
  /** Time to serve, in milliseconds; -1 when not logged or when its unit is unknown. */
  durationMs: number;
  /**
   * A time to serve read from a field whose unit nobody knows (a JSON `latency` of bare numbers),
   * as logged; -1 otherwise. Never turned into milliseconds: the profile says the unit is unknown.
   */
  durationUnknown: number;
  /** The field durationUnknown was read from (meaningful only when durationUnknown >= 0). */
  durationField: string;
  /** Client identity: forwarded-for address when logged, else the peer address; '-' when unknown. */
  client: string;
  /**
   * `${method} ${endpointTemplate(path)}` when the parser already knows it (the byte parser caches
   * it per path), so the profile skips the template memo and the concatenation; else undefined.
   */
  endpointKey?: string | undefined;
  /**
   * Where the scanner or the byte parser interned `client` (a slot of its table), or -1: the
   * profile keeps per-client state by slot and skips a Map lookup. A hint only: the profile checks
   * that the slot still holds this very string.
   */
  clientSlot: number;
}

/** Parses one line into `out`; false when the line is not in this format. */
export type LineParser = (line: string, out: LogRecord) => boolean;

export function emptyRecord(): LogRecord {
  return {
    time: Number.NaN,
    method: '-',
    path: '-',
    status: 0,
    bytesSent: -1,
    bytesReceived: -1,
    durationMs: -1,
    durationUnknown: -1,
    durationField: '',
    client: '-',
    endpointKey: undefined,
    clientSlot: -1,
  };
}

export function resetRecord(r: LogRecord): void {
  r.time = Number.NaN;
  r.method = '-';
  r.path = '-';
  r.status = 0;
  r.bytesSent = -1;
  r.bytesReceived = -1;
  r.durationMs = -1;
  r.durationUnknown = -1;
  r.client = '-';
  r.endpointKey = undefined;
  r.clientSlot = -1;
}

const METHOD = /^[A-Z][A-Z_-]{0,19}$/;

/**
 * Splits `GET /a/b?x=1 HTTP/1.1` into method and path. A request line that is not one (binary
 * garbage, a bare `-`) keeps method and path '-': the request still happened and still counts.
 */
export function setRequestLine(request: string, out: LogRecord): void {
  const sp = request.indexOf(' ');
  if (sp <= 0) return;
  const method = request.slice(0, sp);
  if (!METHOD.test(method)) return;
  let end = request.indexOf(' ', sp + 1);
  if (end === -1) end = request.length;
  setTarget(request.slice(sp + 1, end), out);
  out.method = method;
}

/** Sets `path` from a request target, which may be absolute (`https://host/p?q`, as ALB logs it). */
export function setTarget(target: string, out: LogRecord): void {
  let t = target;
  if (t.charCodeAt(0) !== 47 /* / */) {
    const scheme = t.indexOf('://');
    if (scheme > 0 && scheme < 10) {
      const slash = t.indexOf('/', scheme + 3);
      t = slash === -1 ? '/' : t.slice(slash);
    }
  }
  const q = t.indexOf('?');
  if (q !== -1) t = t.slice(0, q);
  const h = t.indexOf('#');
  if (h !== -1) t = t.slice(0, h);
  out.path = t === '' ? '/' : t;
}

/** A non-negative integer from a log field; -1 for '-' or anything not a number. */
export function parseCount(text: string): number {
  const n = text.length;
  if (n === 0 || n > 15) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Seconds with a fraction (`0.012`, nginx `$request_time`) as milliseconds; -1 when not a number. */
export function parseSecondsAsMs(text: string): number {
  if (text === '-' || text === '') return -1;
  // Fast path for the usual `0.123`: digits, a dot, digits.
  let whole = 0;
  let i = 0;
  const n = text.length;
  for (; i < n; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    whole = whole * 10 + c;
  }
  if (i > 0 && i < n && text.charCodeAt(i) === 46) {
    let frac = 0;
    let scale = 1;
    let j = i + 1;
    for (; j < n; j++) {
      const c = text.charCodeAt(j) - 48;
      if (c < 0 || c > 9) break;
      frac = frac * 10 + c;
      scale *= 10;
    }
    if (j === n) return (whole + frac / scale) * 1000;
  } else if (i === n) return whole * 1000;
  // Upstream times may list several values ("0.010, 0.020"); the last one served the request.
  const comma = text.lastIndexOf(',');
  const v = Number(comma === -1 ? text : text.slice(comma + 1).trim());
  return Number.isFinite(v) && v >= 0 ? v * 1000 : -1;
}

/** First address of an X-Forwarded-For list, or '' when there is none. */
export function firstForwarded(text: string): string {
  if (text === '-' || text === '') return '';
  const comma = text.indexOf(',');
  return (comma === -1 ? text : text.slice(0, comma)).trim();
}

/**
 * A copy of a string that shares no memory with the line it was cut from. Lines are substrings of
 * a 1 MiB chunk; a key kept for long (a client address in a set) would otherwise keep the whole
 * chunk alive, and memory would grow with the file. Used only when a new key is stored.
 */
export function detach(text: string): string {
  return ` ${text}`.slice(1);
}
