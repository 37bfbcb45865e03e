import type { JsonFields } from './json-fields.js';
import {
  firstForwarded,
  type LineParser,
  type LogRecord,
  resetRecord,
  setRequestLine,
  setTarget,
} from './record.js';
import { parseAnyTime } from './time-parse.js';

type FieldName = Exclude<keyof JsonFields, 'durationUnit'>;

/** Names common loggers use (nginx `escape=json` formats, pino-http, Caddy, Traefik, ...). */
const DEFAULTS: Record<FieldName, string[]> = {
  time: ['time', 'timestamp', '@timestamp', 'ts', 'time_local', 'time_iso8601', 'StartUTC', 'start_time'],
  method: ['method', 'request_method', 'http.method', 'req.method', 'request.method', 'RequestMethod'],
  path: ['path', 'uri', 'request_uri', 'url', 'req.url', 'request.uri', 'http.path', 'RequestPath'],
  request: ['request'],
  status: ['status', 'status_code', 'statusCode', 'res.statusCode', 'http.status_code', 'DownstreamStatus'],
  bytesSent: [
    'body_bytes_sent',
    'bytes_sent',
    'bytes',
    'size',
    'response_size',
    'res.size',
    'DownstreamContentSize',
  ],
  bytesReceived: ['request_length', 'bytes_received', 'request_size', 'req.size', 'RequestContentSize'],
  duration: ['request_time', 'duration', 'responseTime', 'latency', 'elapsed', 'Duration', 'duration_ms'],
  client: [
    'x_forwarded_for',
    'http_x_forwarded_for',
    'remote_addr',
    'client_ip',
    'ip',
    'remote_ip',
    'ClientHost',
  ],
};

function lookup(obj: Record<string, unknown>, path: string): unknown {
  if (path in obj) return obj[path];
  if (!path.includes('.')) return undefined;
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function pick(obj: Record<string, unknown>, configured: string | undefined, name: FieldName): unknown {
  if (configured) return lookup(obj, configured);
  for (const candidate of DEFAULTS[name]) {
    const v = lookup(obj, candidate);
    if (v !== undefined && v !== null && v !== '' && v !== '-') return v;
  }
  return undefined;
}

function toNumber(v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) && n >= 0 ? n : -1;
}

const UNIT_MS: Record<string, number> = { s: 1000, ms: 1, us: 0.001, ns: 0.000001 };

/** Guesses a duration's unit from its field name when none is configured. */
function durationFactor(fields: JsonFields, value: unknown): number {
  if (fields.durationUnit) return UNIT_MS[fields.durationUnit] ?? 1;
  const name = fields.duration ?? '';
  if (/_ms$|ms$|Ms$/.test(name)) return 1;
  if (/_us$|micro/i.test(name)) return 0.001;
  if (/_ns$|nano/i.test(name) || name === 'Duration') return 0.000001;
  // An integer over 100,000 is not seconds; request_time-style decimals are.
  return typeof value === 'number' && Number.isInteger(value) && value > 100_000
    ? 0.000001
    : typeof value === 'string' || !Number.isInteger(value)
      ? 1000
      : 1;
}

/** A parser for JSON lines with a field mapping; lines that are not JSON objects do not parse. */
export function createJsonParser(fields: JsonFields = {}): LineParser {
  return (line: string, out: LogRecord) => {
    resetRecord(out);
    if (line.charCodeAt(0) !== 123 /* { */) return false;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch {
      return false;
    }
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return false;
    const o = obj as Record<string, unknown>;
    out.time = parseAnyTime(pick(o, fields.time, 'time'));
    const method = pick(o, fields.method, 'method');
    const path = pick(o, fields.path, 'path');
    if (typeof method === 'string' && /^[A-Za-z]{1,20}$/.test(method) && typeof path === 'string') {
      out.method = method.toUpperCase();
      setTarget(path, out);
    } else {
      const request = pick(o, fields.request, 'request');
      if (typeof request === 'string') setRequestLine(request, out);
    }
    out.status = toNumber(pick(o, fields.status, 'status'));
    out.bytesSent = toNumber(pick(o, fields.bytesSent, 'bytesSent'));
    out.bytesReceived = toNumber(pick(o, fields.bytesReceived, 'bytesReceived'));
    const duration = pick(o, fields.duration, 'duration');
    const d = toNumber(duration);
    out.durationMs = d < 0 ? -1 : d * durationFactor(fields, duration);
    const client = pick(o, fields.client, 'client');
    if (typeof client === 'string') out.client = firstForwarded(client) || '-';
    return true;
  };
}
