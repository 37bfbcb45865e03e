import {
  createHistogram,
  type Histogram,
  type Percentiles,
  percentiles,
  record,
} from '../profile/histogram.js';

/** Histograms record microseconds (integers) for sub-millisecond resolution. */
export const US = 1000;

export interface EndpointState {
  key: string;
  sent: number;
  errors: number;
  dropped: number;
  latency: Histogram;
}

/** Everything a run counts. Mutable, owned by one run; handlers write into it. */
export class Tally {
  readonly latency = createHistogram();
  readonly service = createHistogram();
  readonly lag = createHistogram();
  /** Indexed by status code: no string keys on the hot path. */
  readonly statusCounts = new Float64Array(600);
  readonly errors: Record<string, number> = {};
  readonly endpoints: EndpointState[] = [];
  /** method → template → endpoint, so a send never builds a key string. */
  private readonly byMethod = new Map<string, Map<string, EndpointState>>();
  inflight = 0;
  sent = 0;
  completed = 0;
  failed = 0;
  dropped = 0;
  /** Set at the deadline: late callbacks from requests cut off are ignored. */
  closed = false;

  constructor(readonly now: () => number) {}

  endpoint(method: string, template: string): EndpointState {
    let byTemplate = this.byMethod.get(method);
    if (!byTemplate) {
      byTemplate = new Map();
      this.byMethod.set(method, byTemplate);
    }
    let e = byTemplate.get(template);
    if (!e) {
      e = { key: `${method} ${template}`, sent: 0, errors: 0, dropped: 0, latency: createHistogram() };
      byTemplate.set(template, e);
      this.endpoints.push(e);
    }
    return e;
  }

  statuses(): Record<string, number> {
    const out: Record<string, number> = {};
    this.statusCounts.forEach((n, code) => {
      if (n > 0) out[code] = n;
    });
    return out;
  }
}

/**
 * One request on the wire and what becomes of it: a small class rather than closures (one object
 * per request instead of five functions). Each ends exactly once, complete or failed.
 */
export class Exchange {
  /** When its bytes were last written (the run's clock): service time runs from the first. */
  sentAt = 0;
  /** Re-sends after a connection closed under it (idempotent requests only). */
  retries = 0;

  constructor(
    private readonly tally: Tally,
    private readonly endpoint: EndpointState,
    /** The request as written: request line and headers, latin1. */
    readonly wire: string,
    readonly head: boolean,
    readonly idempotent: boolean,
    /** Absolute time (the run's clock) it was scheduled for. */
    private readonly scheduled: number,
  ) {}

  complete(status: number): void {
    const t = this.tally;
    if (t.closed) return;
    t.inflight--;
    t.completed++;
    const done = t.now();
    t.statusCounts[status < 600 ? status : 0]! += 1;
    const latency = Math.round((done - this.scheduled) * US);
    record(t.latency, latency);
    record(this.endpoint.latency, latency);
    record(t.service, Math.round((done - this.sentAt) * US));
    if (status >= 500) this.endpoint.errors++;
  }

  fail(code: string): void {
    const t = this.tally;
    if (t.closed) return;
    t.inflight--;
    t.errors[code] = (t.errors[code] ?? 0) + 1;
    t.failed++;
    this.endpoint.errors++;
  }
}

/** A socket error as people know it: ECONNREFUSED, ECONNRESET, ENOTFOUND, a TLS code, ... */
export function errorCode(err: Error): string {
  return (err as NodeJS.ErrnoException).code || err.name || 'EREQUEST';
}

export function toMs(h: Histogram): Percentiles | null {
  const p = percentiles(h);
  if (!p) return null;
  const f = (v: number) => Number((v / US).toPrecision(3));
  return { p50: f(p.p50), p90: f(p.p90), p99: f(p.p99), max: f(p.max), mean: f(p.mean) };
}
