/**
 * Access logs of several shapes for the profile benchmark over shapes (bench/traffic-profile-shapes.ts)
 * and for tests of the fast paths on the same shapes: deterministic, written in chunks (`from`,
 * `count` lines of one log), so a 2,000,000-line log never sits in memory.
 *
 * - `few`: the original benchmark log (1,000 clients, ~20 endpoint shapes; combinedChunk).
 * - `ids`: 100,000 distinct ids across 8 path shapes, query strings that vary per line,
 *   PUT/DELETE/PATCH beside GET/POST, 4xx and 5xx mixed in.
 * - `clients`: 200,000 distinct clients (a third IPv6) behind load balancers, with
 *   X-Forwarded-For chains of one to three addresses.
 * - `json`: JSON lines as nginx writes them with an `escape=json` log_format.
 */
import { combinedChunk, mulberry32, timeLocal } from './traffic-generators.js';

export const SHAPE_NAMES = ['few', 'ids', 'clients', 'json'] as const;
export type ShapeName = (typeof SHAPE_NAMES)[number];

const COMBINED_TIMED =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time';
const COMBINED_FORWARDED =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_x_forwarded_for" $request_time';
/** The nginx log_format (escape=json) that writes the `json` shape's lines. */
export const JSON_LOG_FORMAT =
  '{"time":"$time_iso8601","remote_addr":"$remote_addr","request":"$request","status":$status,"body_bytes_sent":$body_bytes_sent,"request_time":$request_time,"http_referer":"$http_referer","http_user_agent":"$http_user_agent"}';

export interface Shape {
  name: ShapeName;
  /** What the log holds, for the bench's table. */
  about: string;
  /** The `--format` Parity reads it with. */
  format: string;
  /** GoAccess's flags for the same log, or why GoAccess cannot read it. */
  goaccess: string[] | { unsupported: string };
  chunk: (from: number, count: number) => string;
}

const GOACCESS_TIMED = [
  '--log-format=%h %^[%d:%t %^] "%r" %s %b "%R" "%u" %T',
  '--date-format=%d/%b/%Y',
  '--time-format=%T',
];

const START = Date.UTC(2026, 10, 1, 0, 0, 0);
const UA = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Safari/604.1',
  'okhttp/4.12.0',
  'python-requests/2.32.3',
];
const hex = (rnd: () => number, n: number) => {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(rnd() * 16)];
  return s;
};

/** One of 8 path shapes around one of 100,000 ids, with the method it is usually called with. */
function idRequest(rnd: () => number): { method: string; path: string } {
  const id = 1 + Math.floor(rnd() * 100_000);
  const m = rnd();
  const method = m < 0.7 ? 'GET' : m < 0.82 ? 'POST' : m < 0.9 ? 'PUT' : m < 0.95 ? 'DELETE' : 'PATCH';
  switch (Math.floor(rnd() * 8)) {
    case 0:
      return { method, path: `/api/v1/users/${id}` };
    case 1:
      return { method, path: `/api/v1/users/${id}/orders/${1 + Math.floor(rnd() * 40)}` };
    case 2:
      return { method: 'GET', path: `/products/${id}?ref=${hex(rnd, 6)}&page=${Math.floor(rnd() * 30)}` };
    case 3:
      return { method, path: `/api/v2/carts/${hex(rnd, 8)}-${hex(rnd, 4)}-${id}` };
    case 4:
      return {
        method: 'GET',
        path: `/files/${id.toString(16)}${hex(rnd, 6)}/download?token=${hex(rnd, 16)}`,
      };
    case 5:
      return {
        method: 'GET',
        path: `/search?q=item${id}&sort=${rnd() < 0.5 ? 'price' : 'new'}&utm_source=mail`,
      };
    case 6:
      return { method, path: `/api/v1/accounts/${id}/addresses/${Math.floor(rnd() * 5)}` };
    default:
      return { method: 'GET', path: `/static/app.${hex(rnd, 10)}.js` };
  }
}

function status(rnd: () => number, method: string): number {
  const s = rnd();
  if (s < 0.015) return 500;
  if (s < 0.025) return 502;
  if (s < 0.03) return 503;
  if (s < 0.033) return 504;
  if (s < 0.06) return 404;
  if (s < 0.07) return 429;
  if (method === 'POST') return 201;
  if (method === 'DELETE') return 204;
  return s < 0.12 ? 304 : 200;
}

function idsChunk(from: number, count: number): string {
  const rnd = mulberry32(2 + from);
  const out: string[] = [];
  for (let i = from; i < from + count; i++) {
    const { method, path } = idRequest(rnd);
    const st = status(rnd, method);
    const client = `203.0.${(i * 13) % 97}.${(i * 7) % 53}`;
    out.push(
      `${client} - - [${timeLocal(START + i * 43)}] "${method} ${path} HTTP/1.1" ${st} ${Math.floor(rnd() * 40_000)} "-" "${UA[i % UA.length]!}" ${(rnd() * 0.4).toFixed(3)}`,
    );
  }
  return `${out.join('\n')}\n`;
}

/** Client `n` of 200,000: a third IPv6, the rest IPv4 (spread over many networks). */
function clientAddress(n: number): string {
  if (n % 3 === 0)
    return `2001:db8:${(n >> 12).toString(16)}:${(n & 0xfff).toString(16)}::${(n % 251).toString(16)}`;
  return `${11 + (n % 180)}.${(n >> 8) & 255}.${n & 255}.${1 + (n % 250)}`;
}

const ENDPOINTS = [
  '/',
  '/products',
  '/api/cart',
  '/api/session',
  '/checkout',
  '/api/search',
  '/login',
  '/health',
];

function clientsChunk(from: number, count: number): string {
  const rnd = mulberry32(3 + from);
  const out: string[] = [];
  for (let i = from; i < from + count; i++) {
    const n = Math.floor(rnd() * 200_000);
    const client = clientAddress(n);
    const balancer = `10.0.${i % 4}.${1 + (i % 3)}`;
    const hops = Math.floor(rnd() * 4);
    // No header (the client is the peer), the client alone, or the client and proxies.
    const forwarded =
      hops === 0
        ? '-'
        : hops === 1
          ? client
          : hops === 2
            ? `${client}, 172.16.0.9`
            : `${client}, 198.18.4.2, 172.16.0.9`;
    const peer = hops === 0 ? client : balancer;
    const path = ENDPOINTS[Math.floor(rnd() * ENDPOINTS.length)]!;
    const method = path === '/checkout' || path === '/login' ? 'POST' : 'GET';
    out.push(
      `${peer} - - [${timeLocal(START + i * 43)}] "${method} ${path} HTTP/1.1" ${status(rnd, method)} ${Math.floor(rnd() * 40_000)} "-" "${UA[i % UA.length]!}" "${forwarded}" ${(rnd() * 0.4).toFixed(3)}`,
    );
  }
  return `${out.join('\n')}\n`;
}

function isoTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
}

function jsonChunk(from: number, count: number): string {
  const rnd = mulberry32(4 + from);
  const out: string[] = [];
  for (let i = from; i < from + count; i++) {
    const { method, path } = i % 2 === 0 ? idRequest(rnd) : { method: 'GET', path: ENDPOINTS[i % 8]! };
    const client = clientAddress(Math.floor(rnd() * 20_000));
    const referer = i % 3 === 0 ? 'https://shop.example.com/' : '';
    out.push(
      `{"time":"${isoTime(START + i * 43)}","remote_addr":"${client}","request":"${method} ${path} HTTP/1.1","status":${status(rnd, method)},"body_bytes_sent":${Math.floor(rnd() * 40_000)},"request_time":${(rnd() * 0.4).toFixed(3)},"http_referer":"${referer}","http_user_agent":"${UA[i % UA.length]!}"}`,
    );
  }
  return `${out.join('\n')}\n`;
}

export const SHAPES: Record<ShapeName, Shape> = {
  few: {
    name: 'few',
    about: '1,000 clients, ~20 endpoint shapes (the original bench log)',
    format: COMBINED_TIMED,
    goaccess: GOACCESS_TIMED,
    chunk: (from, count) => combinedChunk(from, count),
  },
  ids: {
    name: 'ids',
    about: '100k ids in 8 path shapes, varying query strings, PUT/DELETE/PATCH, 5xx',
    format: COMBINED_TIMED,
    goaccess: GOACCESS_TIMED,
    chunk: idsChunk,
  },
  clients: {
    name: 'clients',
    about: '200k clients (1/3 IPv6), X-Forwarded-For chains of 1-3',
    format: COMBINED_FORWARDED,
    goaccess: [
      // GoAccess reads the first address of the header, but cannot fall back to the peer: lines
      // without the header (a quarter) fail.
      '--log-format=%^ - %^ [%d:%t %^] "%r" %s %b "%R" "%u" ~h{," } %T',
      '--date-format=%d/%b/%Y',
      '--time-format=%T',
    ],
    chunk: clientsChunk,
  },
  json: {
    name: 'json',
    about: 'JSON lines (nginx escape=json), ids and fixed paths, 20k clients',
    format: 'json',
    goaccess: [
      '--log-format={"time":"%dT%t+%^","remote_addr":"%h","request":"%r","status":"%s","body_bytes_sent":"%b","request_time":"%T","http_referer":"%R","http_user_agent":"%u"}',
      '--date-format=%Y-%m-%d',
      '--time-format=%T',
    ],
    chunk: jsonChunk,
  },
};
