import type { Skip } from '../../model/snapshot.js';
import { orderRotated } from '../logs/read-lines.js';
import { createTemplater } from '../logs/template.js';
import { type LogFile, readRecords } from '../profile/files.js';
import type { TrafficProfile } from '../profile/schema.js';
import { mulberry32 } from './random.js';

/** One request of a workload: when it leaves (ms from the start) and what it asks for. */
export interface PlannedRequest {
  at: number;
  method: string;
  path: string;
  template: string;
}

export interface Workload {
  requests: PlannedRequest[];
  /** Requests left out because their method is not allowed (unsafe by default), by method. */
  skippedMethods: Record<string, number>;
  /**
   * Requests left out because their target is not a path (absolute-form `http://host/p`,
   * authority-form `host:443`, `*`): only origin-form paths are sent, so a log or a crafted
   * profile cannot name the host a request goes to.
   */
  notOriginForm: number;
  /** Recorded or synthesised requests per second before scaling, for `--rate N/s`. */
  sourceMeanRps: number;
  skips: Skip[];
  /** The recorded window read (ISO times of its first and last request), when known. */
  window?: { start: string; end: string; seconds: number };
  /**
   * Why the read stopped before the input's end: `duration` (the input goes on past
   * `durationMs`), `max-requests` (that many were taken; the rest was not read).
   */
  cut?: 'duration' | 'max-requests';
  /** Log records read in the window, and lines that were not a request (unparsed, method `-`). */
  read?: { requests: number; unreadable: number };
}

export interface WorkloadLimits {
  /** Multiplies the rate, keeping the time shape: 0.5 thins every second to half, 2 doubles it. */
  factor: number;
  durationMs: number;
  maxRequests: number;
  allowMethods: ReadonlySet<string>;
}

export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Thins or multiplies a stream deterministically: each input adds `factor` to a running credit,
 * and one copy leaves per whole unit. The shape over time (bursts) is kept at any factor.
 */
export function createScaler(factor: number): () => number {
  let credit = 0;
  return () => {
    credit += factor;
    const copies = Math.floor(credit + 1e-9);
    credit -= copies;
    return copies;
  };
}

/** Whether a request target is origin-form: a path from the root, never a scheme or a host. */
export function isOriginForm(target: string): boolean {
  return target.charCodeAt(0) === 47 /* / */;
}

function push(out: Workload, limits: WorkloadLimits, request: PlannedRequest): boolean {
  if (!isOriginForm(request.path)) {
    out.notOriginForm++;
    return true;
  }
  if (!limits.allowMethods.has(request.method)) {
    out.skippedMethods[request.method] = (out.skippedMethods[request.method] ?? 0) + 1;
    return true;
  }
  out.requests.push(request);
  if (out.requests.length < limits.maxRequests) return true;
  out.cut = 'max-requests';
  return false;
}

/**
 * A workload from recorded logs: the requests of the first `durationMs` of the log, their offsets
 * kept. Logs with whole-second times (`$time_local`) have requests of one second spread evenly over
 * it, in log order, rather than all sent at its first millisecond.
 */
export async function workloadFromLogs(
  files: readonly LogFile[],
  format: string,
  limits: WorkloadLimits,
  source = 'replay',
): Promise<Workload> {
  const out: Workload = { requests: [], skippedMethods: {}, notOriginForm: 0, sourceMeanRps: 0, skips: [] };
  const template = createTemplater();
  const scale = createScaler(limits.factor);
  const byPath = new Map(files.map((f) => [f.absolute, f]));
  let first = Number.NaN;
  let recorded = 0;
  let unreadable = 0;
  let lastRecordedAt = 0;
  let group: { time: number; items: { method: string; path: string }[] } = { time: Number.NaN, items: [] };
  let more = true;
  const flush = () => {
    const n = group.items.length;
    const whole = group.time % 1000 === 0;
    group.items.forEach((item, i) => {
      const at = group.time - first + (whole ? ((i + 0.5) / n) * 1000 : 0);
      if (at > limits.durationMs) return;
      for (let c = scale(); c > 0 && more; c--)
        more = push(out, limits, { at, method: item.method, path: item.path, template: template(item.path) });
    });
    group = { time: Number.NaN, items: [] };
  };
  for (const absolute of orderRotated([...byPath.keys()])) {
    if (!more) break;
    const file = byPath.get(absolute)!;
    const skip = await readRecords(
      file,
      { source, format },
      (r) => {
        if (r.method === '-') {
          unreadable++;
          return;
        }
        if (Number.isNaN(first)) first = r.time;
        if (r.time - first > limits.durationMs) {
          out.cut ??= 'duration';
          return false;
        }
        recorded++;
        lastRecordedAt = Math.max(lastRecordedAt, r.time - first);
        if (r.time !== group.time) flush();
        group.time = r.time;
        group.items.push({ method: r.method, path: r.path });
        return more;
      },
      () => {
        unreadable++;
      },
    );
    if (skip) out.skips.push(skip);
  }
  flush();
  out.requests.sort((a, b) => a.at - b.at);
  const seconds = Math.max(1, Math.ceil((lastRecordedAt + 1) / 1000));
  out.sourceMeanRps = recorded / seconds;
  out.read = { requests: recorded, unreadable };
  if (recorded)
    out.window = {
      start: new Date(first).toISOString(),
      end: new Date(first + lastRecordedAt).toISOString(),
      seconds,
    };
  return out;
}

const FILL: Record<string, (rnd: () => number) => string> = {
  ':id': (r) => String(1 + Math.floor(r() * 100_000)),
  ':uuid': (r) => {
    const h = (n: number) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
    return `${h(8)}-${h(4)}-4${h(3)}-a${h(3)}-${h(12)}`;
  },
  ':hash': (r) => Array.from({ length: 16 }, () => Math.floor(r() * 16).toString(16)).join(''),
  ':token': (r) => `t${Math.floor(r() * 1e12).toString(36)}0000000000000000`,
  ':date': () => '2026-01-01',
  ':email': () => 'replay@example.com',
  ':long': () => 'x',
};

/** A concrete path for a template: placeholders get plausible values. */
export function fillTemplate(template: string, rnd: () => number): string {
  return template.replace(/:(id|uuid|hash|token|date|email|long)\b/g, (m) => FILL[m]?.(rnd) ?? m);
}

/**
 * A workload synthesised from a profile: its rate series (scaled) and its endpoint mix, with
 * arrivals spread at random within each step. Deterministic for a seed.
 */
export function workloadFromProfile(profile: TrafficProfile, limits: WorkloadLimits, seed = 1): Workload {
  const out: Workload = {
    requests: [],
    skippedMethods: {},
    notOriginForm: 0,
    sourceMeanRps: profile.rate.meanRps,
    skips: [],
  };
  if (profile.start && profile.end)
    out.window = { start: profile.start, end: profile.end, seconds: profile.seconds };
  const rnd = mulberry32(seed);
  const endpoints = profile.endpoints.filter((e) => e.method !== '-');
  const total = endpoints.reduce((a, e) => a + e.requests, 0);
  if (total === 0) return out;
  const cumulative: number[] = [];
  let acc = 0;
  for (const e of endpoints) {
    acc += e.requests / total;
    cumulative.push(acc);
  }
  const { step, counts } = profile.rate.series;
  const scale = createScaler(limits.factor);
  let more = true;
  for (let i = 0; i < counts.length && more; i++) {
    const from = i * step * 1000;
    if (from > limits.durationMs) {
      out.cut = 'duration';
      break;
    }
    for (let k = 0; k < (counts[i] ?? 0) && more; k++) {
      const at = from + rnd() * step * 1000;
      for (let c = scale(); c > 0 && more; c--) {
        if (at > limits.durationMs) continue;
        const x = rnd();
        let j = cumulative.findIndex((v) => v >= x);
        if (j === -1) j = endpoints.length - 1;
        const e = endpoints[j]!;
        more = push(out, limits, {
          at,
          method: e.method,
          path: fillTemplate(e.template, rnd),
          template: e.template,
        });
      }
    }
  }
  out.requests.sort((a, b) => a.at - b.at);
  return out;
}

/** Thins or multiplies an existing workload by `factor`, keeping its time shape. */
export function scaleWorkload(w: Workload, factor: number, maxRequests: number): Workload {
  const scale = createScaler(factor);
  const requests: PlannedRequest[] = [];
  let cut = w.cut;
  for (const r of w.requests) {
    for (let c = scale(); c > 0 && requests.length < maxRequests; c--) requests.push(r);
    if (requests.length >= maxRequests) {
      cut = 'max-requests';
      break;
    }
  }
  return { ...w, requests, ...(cut ? { cut } : {}) };
}
