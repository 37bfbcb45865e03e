import { fieldFactor, readDurationValue } from './json-duration.js';
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

/**
 * A field name as read: tried as a key first, then (when it has dots) as a path of keys. Split once
 * per parser, not per line (a line misses most candidates: splitting them cost ~1 µs a line).
 */
interface FieldPath {
  name: string;
  parts: string[] | undefined;
}

function fieldPath(name: string): FieldPath {
  return { name, parts: name.includes('.') ? name.split('.') : undefined };
}

const DEFAULT_PATHS = Object.fromEntries(
  Object.entries(DEFAULTS).map(([field, names]) => [field, names.map(fieldPath)]),
) as Record<FieldName, FieldPath[]>;

function lookup(obj: Record<string, unknown>, path: FieldPath): unknown {
  if (path.name in obj) return obj[path.name];
  if (path.parts === undefined) return undefined;
  let cur: unknown = obj;
  for (const part of path.parts) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function present(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '' && v !== '-';
}

function pick(obj: Record<string, unknown>, configured: FieldPath | undefined, name: FieldName): unknown {
  if (configured) return lookup(obj, configured);
  for (const candidate of DEFAULT_PATHS[name]) {
    const v = lookup(obj, candidate);
    if (present(v)) return v;
  }
  return undefined;
}

function toNumber(v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) && n >= 0 ? n : -1;
}

/** A parser for JSON lines with a field mapping; lines that are not JSON objects do not parse. */
export function createJsonParser(fields: JsonFields = {}): LineParser {
  // The unit of each duration field, decided the first time the field is seen (see json-duration.ts).
  const factors = new Map<string, number>();
  const configured = (name: string | undefined) => (name ? fieldPath(name) : undefined);
  const time = configured(fields.time);
  const method = configured(fields.method);
  const path = configured(fields.path);
  const request = configured(fields.request);
  const status = configured(fields.status);
  const bytesSent = configured(fields.bytesSent);
  const bytesReceived = configured(fields.bytesReceived);
  const durationField = configured(fields.duration);
  const client = configured(fields.client);
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
    out.time = parseAnyTime(pick(o, time, 'time'));
    const m = pick(o, method, 'method');
    const p = pick(o, path, 'path');
    if (typeof m === 'string' && /^[A-Za-z]{1,20}$/.test(m) && typeof p === 'string') {
      out.method = m.toUpperCase();
      setTarget(p, out);
    } else {
      const r = pick(o, request, 'request');
      if (typeof r === 'string') setRequestLine(r, out);
    }
    out.status = toNumber(pick(o, status, 'status'));
    out.bytesSent = toNumber(pick(o, bytesSent, 'bytesSent'));
    out.bytesReceived = toNumber(pick(o, bytesReceived, 'bytesReceived'));
    let durationName = fields.duration;
    let duration = durationField ? lookup(o, durationField) : undefined;
    if (!durationName) {
      for (const candidate of DEFAULT_PATHS.duration) {
        duration = lookup(o, candidate);
        if (present(duration)) {
          durationName = candidate.name;
          break;
        }
      }
    }
    if (durationName && present(duration)) {
      let factor = factors.get(durationName);
      if (factor === undefined) {
        factor = fieldFactor(durationName, o, fields.durationUnit);
        factors.set(durationName, factor);
      }
      readDurationValue(duration, factor, durationName, out);
    }
    const c = pick(o, client, 'client');
    if (typeof c === 'string') out.client = firstForwarded(c) || '-';
    return true;
  };
}
