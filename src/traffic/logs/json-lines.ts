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

function present(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '' && v !== '-';
}

function pick(obj: Record<string, unknown>, configured: string | undefined, name: FieldName): unknown {
  if (configured) return lookup(obj, configured);
  for (const candidate of DEFAULTS[name]) {
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
    let durationName = fields.duration;
    let duration = durationName ? lookup(o, durationName) : undefined;
    if (!durationName) {
      for (const candidate of DEFAULTS.duration) {
        duration = lookup(o, candidate);
        if (present(duration)) {
          durationName = candidate;
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
    const client = pick(o, fields.client, 'client');
    if (typeof client === 'string') out.client = firstForwarded(client) || '-';
    return true;
  };
}
