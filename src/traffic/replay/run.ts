import { performance } from 'node:perf_hooks';
import { UsageError } from '../../errors.js';
import { type Percentiles, record } from '../profile/histogram.js';
import { Http1Pool } from './http1-pool.js';
import { Exchange, Tally, toMs, US } from './tally.js';
import { warmUp } from './warm.js';
import type { PlannedRequest } from './workload.js';

/** Request targets as HTTP/1.1 allows them on the wire: visible ASCII, no spaces. */
const PATH = /^[!-~]+$/;
const TOKEN = /^[A-Z]+$/;
const IDEMPOTENT: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);

const DEFAULT_CONNECTIONS = 128;
/**
 * In flight at most before sends are dropped. Sized for stalls, not for steady state: on a 2-core
 * machine shared with the target, pauses of 10-50 ms happen (the scheduler, GC); at 100,000
 * requests/s a 1,024 cap dropped 1-2% of sends in such pauses while 8,192 dropped none, and the
 * backlog still shows in latency, measured from the schedule. An exchange is ~200 bytes.
 */
export const DEFAULT_MAX_INFLIGHT = 8192;
/**
 * Requests of one tick that may share a connection. Batched writes measured 3x the requests/s of
 * one write per request against nginx on a loaded 2-core machine (bench/traffic-replay.ts).
 */
const DEFAULT_PIPELINING = 16;
/** A tick that finds this many due (after a stall) writes them out before going on. */
const FLUSH_EVERY = 64;

export interface ReplayOptions {
  target: URL;
  /** Lower-case header names; `host` rewrites the Host header. */
  headers?: Record<string, string>;
  /** Connect only to these addresses (the ones the target's name was checked at). */
  addresses?: readonly string[];
  timeoutMs?: number;
  /** Requests in flight at most; a send due while at the cap is dropped (and counted). */
  maxInflight?: number;
  /**
   * Connections to the target at most (default 128), opened as needed: a request takes an idle
   * one when there is one. Requests beyond connections x pipelining wait, which shows in latency.
   */
  connections?: number;
  /** Requests in flight on one connection (HTTP/1.1 pipelining, default 16). */
  pipelining?: number;
  /** Hard stop: the run ends by then whatever is in flight (unfinished requests are counted). */
  deadlineMs?: number;
  /** Called about once a second with live figures (the CLI prints them on a TTY). */
  onProgress?: (p: ReplayProgress) => void;
  /** Injected for tests; performance.now by default. */
  now?: () => number;
}

export interface ReplayProgress {
  elapsedMs: number;
  sent: number;
  completed: number;
  errors: number;
  dropped: number;
  inflight: number;
  ratePerS: number;
}

export interface EndpointResult {
  template: string;
  sent: number;
  errors: number;
  dropped: number;
  latencyMs: Percentiles | null;
}

export interface ReplayResult {
  target: string;
  planned: number;
  sent: number;
  completed: number;
  dropped: number;
  /** Planned but not yet due when the deadline came. */
  notSent: number;
  /** Still in flight when the deadline came: cut off, counted. */
  unfinished: number;
  elapsedMs: number;
  achievedRps: number;
  /** From the scheduled send time: queueing in the client counts (coordinated omission corrected). */
  latencyMs: Percentiles | null;
  /** From the actual send time: the server's view. */
  serviceMs: Percentiles | null;
  /** How late each send left compared to its schedule. */
  scheduleLagMs: Percentiles | null;
  statuses: Record<string, number>;
  /** Failures without a response, by code (ECONNREFUSED, ECONNRESET, ETIMEDOUT, ENOTFOUND, ...). */
  errors: Record<string, number>;
  endpoints: EndpointResult[];
}

/**
 * Replays a planned workload against a target in an open model: each request leaves at its
 * scheduled time whether or not earlier ones have been answered. Never throws on network faults:
 * they are counted by code and the run ends by its deadline.
 */
export async function replay(plan: readonly PlannedRequest[], options: ReplayOptions): Promise<ReplayResult> {
  const now = options.now ?? (() => performance.now());
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxInflight = options.maxInflight ?? DEFAULT_MAX_INFLIGHT;
  const lastAt = plan.length ? plan[plan.length - 1]!.at : 0;
  const deadlineMs = options.deadlineMs ?? lastAt + timeoutMs + 1000;
  const target = options.target;
  // Request line tail and headers, built (and checked) once for the whole run.
  const basePath = target.pathname.replace(/\/$/, '');
  const suffix = ` HTTP/1.1\r\n${headerBlock(target, options.headers ?? {})}\r\n`;
  const pool = new Http1Pool(target, {
    connections: Math.min(maxInflight, options.connections ?? DEFAULT_CONNECTIONS),
    pipelining: options.pipelining ?? DEFAULT_PIPELINING,
    timeoutMs,
    now,
    ...(options.addresses ? { addresses: options.addresses } : {}),
  });
  const tally = new Tally(now);
  warmUp();
  await pool.warm(warmConnections(plan, options.pipelining ?? DEFAULT_PIPELINING), 1000);
  const start = now() + 20;
  let next = 0;

  /** Sends every request whose time has come, each stamped with its own send time. */
  const sendDue = () => {
    let batch = 0;
    while (next < plan.length) {
      const p = plan[next]!;
      const t = now() - start;
      if (p.at > t || t > deadlineMs) break;
      next++;
      const e = tally.endpoint(p.method, p.template);
      if (tally.inflight >= maxInflight) {
        tally.dropped++;
        e.dropped++;
        continue;
      }
      tally.sent++;
      e.sent++;
      tally.inflight++;
      record(tally.lag, Math.round((t - p.at) * US));
      const path = basePath ? basePath + p.path : p.path;
      const x = new Exchange(
        tally,
        e,
        `${p.method} ${path}${suffix}`,
        p.method === 'HEAD',
        IDEMPOTENT.has(p.method),
        start + p.at,
      );
      // Origin-form only: an absolute-form target (`http://host/p`) would name the host itself.
      if (p.path.charCodeAt(0) !== 47 || !PATH.test(path) || !TOKEN.test(p.method)) x.fail('EINVALIDREQUEST');
      else pool.send(x);
      if (++batch % FLUSH_EVERY === 0) pool.flush();
    }
    pool.flush();
  };

  await new Promise<void>((resolve) => {
    let lastProgress = 0;
    let sentAtLastProgress = 0;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      resolve();
    };
    const hardStop = setTimeout(finish, Math.max(0, deadlineMs + 20));
    const tick = () => {
      if (finished) return;
      sendDue();
      const t = now() - start;
      if (options.onProgress && t - lastProgress >= 1000) {
        options.onProgress({
          elapsedMs: t,
          sent: tally.sent,
          completed: tally.completed,
          errors: tally.failed,
          dropped: tally.dropped,
          inflight: tally.inflight,
          ratePerS: ((tally.sent - sentAtLastProgress) * 1000) / Math.max(1, t - lastProgress),
        });
        lastProgress = t;
        sentAtLastProgress = tally.sent;
      }
      if (next >= plan.length || t > deadlineMs) {
        if (tally.inflight === 0) {
          clearTimeout(hardStop);
          finish();
        } else setTimeout(tick, 5);
        return;
      }
      const wait = plan[next]!.at - t;
      // Timers are coarse (~1 ms): spin with setImmediate for the last 2 ms so sends leave on
      // time. One tick sends everything due, so a high rate costs loop turns, not timers.
      if (wait > 2) setTimeout(tick, wait - 2);
      else setImmediate(tick);
    };
    tick();
  });

  const unfinished = tally.inflight;
  tally.closed = true;
  pool.destroy();
  const elapsedMs = Math.max(1, now() - start);
  return {
    target: target.href,
    planned: plan.length,
    sent: tally.sent,
    completed: tally.completed,
    dropped: tally.dropped,
    notSent: plan.length - next,
    unfinished,
    elapsedMs: Math.round(elapsedMs),
    achievedRps: Math.round((tally.sent * 1000) / elapsedMs),
    latencyMs: toMs(tally.latency),
    serviceMs: toMs(tally.service),
    scheduleLagMs: toMs(tally.lag),
    statuses: tally.statuses(),
    errors: tally.errors,
    endpoints: tally.endpoints
      .map((e) => ({
        template: e.key,
        sent: e.sent,
        errors: e.errors,
        dropped: e.dropped,
        latencyMs: toMs(e.latency),
      }))
      .sort((a, b) => b.sent - a.sent),
  };
}

/** Connections to open before the clock starts: enough for the first 100 ms at full pipelining. */
function warmConnections(plan: readonly PlannedRequest[], pipelining: number): number {
  if (plan.length === 0) return 0;
  const first = plan[0]!.at;
  let n = 0;
  while (n < plan.length && plan[n]!.at < first + 100) n++;
  return Math.ceil(n / Math.max(1, pipelining));
}

/** The header lines every request carries, built once; `host` from the target unless given. */
function headerBlock(target: URL, headers: Record<string, string>): string {
  const lines = headers.host === undefined ? [`host: ${target.host}`] : [];
  for (const [name, value] of Object.entries(headers)) {
    // A CR or LF in a value would let it write headers of its own (request smuggling).
    if (!/^[A-Za-z0-9-]+$/.test(name) || /[\r\n\0]/.test(value))
      throw new UsageError(
        `header ${name}: expected a name of letters, digits and dashes and a one-line value`,
      );
    lines.push(`${name}: ${value}`);
  }
  return lines.map((l) => `${l}\r\n`).join('');
}
