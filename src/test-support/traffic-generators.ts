/**
 * Deterministic access-log generators: the shop demo's production and staging logs, and the large
 * nginx combined log the profile benchmark reads. Same seed, same bytes.
 */

import { mulberry32 } from '../traffic/replay/random.js';
import { type Endpoint, PRODUCTION, STAGING } from './traffic-shop-endpoints.js';

export { mulberry32 };

/** The log_format the shop's nginx uses: combined plus request time and request length. */
export const SHOP_LOG_FORMAT =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time $request_length';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function timeLocal(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

function pick(endpoints: readonly Endpoint[], rnd: () => number): Endpoint {
  const total = endpoints.reduce((a, e) => a + e.weight, 0);
  let x = rnd() * total;
  for (const e of endpoints) {
    x -= e.weight;
    if (x <= 0) return e;
  }
  return endpoints[endpoints.length - 1]!;
}

const between = (rnd: () => number, [lo, hi]: [number, number]) => lo + rnd() * (hi - lo);
const UA = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/129.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1) Safari/604.1',
  'Mozilla/5.0 (Macintosh) Firefox/131.0',
];

interface Line {
  ms: number;
  text: string;
}

function line(
  ms: number,
  client: string,
  method: string,
  path: string,
  status: number,
  size: number,
  latency: number,
  ua: string,
  reqLen: number,
): Line {
  const sz = method === 'HEAD' ? 0 : Math.round(size);
  return {
    ms: ms + latency * 1000,
    text: `${client} - - [TIME] "${method} ${path} HTTP/1.1" ${status} ${sz} "-" "${ua}" ${latency.toFixed(3)} ${reqLen}`,
  };
}

/**
 * The shop's production log: ten minutes at ~7 requests/s with two flash-sale bursts (with 429s),
 * double-clicked checkouts, retries after 502/503/429, and clients with forty tabs open.
 */
export function shopProductionLog(seed = 7): string {
  const rnd = mulberry32(seed);
  const start = Date.UTC(2026, 10, 20, 10, 0, 0);
  const lines: Line[] = [];
  const clients = Array.from({ length: 420 }, (_, i) => `203.0.${113 + (i % 7)}.${((i * 37) % 250) + 2}`);
  for (let s = 0; s < 600; s++) {
    const burst = (s >= 180 && s < 195) || (s >= 420 && s < 428);
    const base = 5 + 3 * Math.sin(s / 40);
    const n = Math.round(burst ? 45 + rnd() * 40 : base * (0.6 + rnd() * 0.8));
    for (let k = 0; k < n; k++) {
      const ms = start + s * 1000 + rnd() * 1000;
      const client = clients[Math.floor(rnd() * clients.length)]!;
      const ua = UA[Math.floor(rnd() * UA.length)]!;
      const e = pick(PRODUCTION, rnd);
      const path = e.path(rnd);
      let status = e.status ?? 200;
      const roll = rnd();
      if (burst && roll < 0.12) status = 429;
      else if (roll < 0.006) status = 502;
      else if (roll < 0.01) status = 503;
      else if (roll < 0.03 && e.method === 'GET') status = 404;
      else if (roll < 0.04 && path.startsWith('/static')) status = 304;
      else if (roll < 0.045) status = 499;
      const latency = status === 429 ? 0.001 : between(rnd, e.latency) * (burst ? 2.5 : 1);
      const size = status >= 400 || status === 304 ? 150 + rnd() * 200 : between(rnd, e.size);
      const reqLen = e.method === 'GET' ? 400 + Math.floor(rnd() * 600) : 900 + Math.floor(rnd() * 6000);
      lines.push(line(ms, client, e.method, path, status, size, latency, ua, reqLen));
      // Retries: clients (and their SDKs) try again after an error.
      if ((status === 502 || status === 503 || status === 429) && rnd() < 0.7) {
        lines.push(
          line(
            ms + 500 + rnd() * 3000,
            client,
            e.method,
            path,
            e.status ?? 200,
            between(rnd, e.size),
            between(rnd, e.latency),
            ua,
            reqLen,
          ),
        );
      }
      // Double submits: the checkout button clicked twice.
      if (e.method === 'POST' && (path === '/api/checkout' || path.endsWith('/confirm')) && rnd() < 0.08) {
        lines.push(line(ms + 80 + rnd() * 400, client, e.method, path, 409, 120, 0.02, ua, reqLen));
      }
      // Forty open tabs: one client refreshing everything at once.
      if (rnd() < 0.003) {
        for (let t = 0; t < 14; t++) {
          const tab = pick(PRODUCTION.slice(0, 4), rnd);
          lines.push(
            line(
              ms + rnd() * 600,
              client,
              tab.method,
              tab.path(rnd),
              200,
              between(rnd, tab.size),
              between(rnd, tab.latency),
              ua,
              500,
            ),
          );
        }
      }
    }
  }
  return render(lines);
}

/** The shop's staging log: an hour of three QA testers and a CI smoke suite, one click at a time. */
export function shopStagingLog(seed = 11): string {
  const rnd = mulberry32(seed);
  const start = Date.UTC(2026, 10, 20, 9, 30, 0);
  const lines: Line[] = [];
  const clients = ['10.20.0.11', '10.20.0.12', '10.20.0.13', '10.20.4.2'];
  let ms = start;
  while (ms < start + 3600_000) {
    ms += 300 + rnd() * 3700;
    const client = clients[Math.floor(rnd() * clients.length)]!;
    const e = pick(STAGING, rnd);
    const roll = rnd();
    let status = e.status ?? 200;
    if (roll < 0.02 && e.method === 'GET') status = 404;
    else if (roll < 0.025) status = 500;
    const size = status >= 400 ? 150 : between(rnd, e.size);
    const reqLen = e.method === 'GET' ? 350 + Math.floor(rnd() * 200) : 500 + Math.floor(rnd() * 400);
    lines.push(
      line(
        ms,
        client,
        e.method,
        e.path(rnd),
        status,
        size,
        between(rnd, e.latency),
        'QA-Runner/2.3 (Playwright)',
        reqLen,
      ),
    );
  }
  return render(lines);
}

/** Sorts by completion time (nginx logs a request when it ends) and fills the time field. */
function render(lines: Line[]): string {
  lines.sort((a, b) => a.ms - b.ms);
  return `${lines.map((l) => l.text.replace('TIME', timeLocal(l.ms))).join('\n')}\n`;
}

/**
 * One chunk of a large nginx combined log (plus `$request_time`), for the profile benchmark: lines
 * `from`..`from + count` of a log at ~23 requests/s. Written in chunks so memory stays small.
 * Lines average ~180 bytes, like the reference file in BENCHMARKS.md (363 MB for 2M lines): a
 * short query string on some requests, a referer on half, one of three user agents.
 */
export function combinedChunk(from: number, count: number, seed = 1): string {
  const rnd = mulberry32(seed + from);
  const start = Date.UTC(2026, 10, 1, 0, 0, 0);
  const out: string[] = [];
  for (let i = from; i < from + count; i++) {
    const ms = start + i * 43;
    const e = pick(PRODUCTION, rnd);
    const client = `198.51.${i % 200}.${(i * 7) % 250}`;
    const size = Math.round(between(rnd, e.size));
    const ua = `${UA[i % UA.length]!} (KHTML, like Gecko)`;
    const query = i % 4 === 0 ? `?page=${i % 50}` : '';
    const referer = i % 2 === 0 ? 'https://shop.example.com/' : '-';
    out.push(
      `${client} - - [${timeLocal(ms)}] "${e.method} ${e.path(rnd)}${query} HTTP/1.1" ${e.status ?? 200} ${size} "${referer}" "${ua}" ${between(rnd, e.latency).toFixed(3)}`,
    );
  }
  return `${out.join('\n')}\n`;
}
