import type { Fact, Origin } from '../../model/fact.js';
import { makeFact } from '../../model/make-fact.js';
import { isWriteMethod } from '../../traffic/logs/template.js';

/** One series of an instant vector: its labels and value, as Prometheus' HTTP API returns them. */
export interface VectorSample {
  metric: Record<string, string>;
  value: number;
}

/** What the collector queried; each part may be missing (a metric not exported), and is then left out. */
export interface PrometheusData {
  windowSeconds: number;
  stepSeconds: number;
  /** Requests per second at each step over the window (`sum(rate(requests[...]))`). */
  rateSeries: number[];
  /** `sum by (method, path) (increase(requests[window]))`. */
  byEndpoint: VectorSample[];
  /** `sum by (status) (increase(requests[window]))`. */
  byStatus: VectorSample[];
  /** Seconds: histogram_quantile 0.5 and 0.99 over the window. */
  latencyP50?: number | undefined;
  latencyP99?: number | undefined;
  /** `sum(rate(duration_sum[window]))`: busy seconds per second, i.e. mean concurrency (Little's law). */
  busyPerSecond?: number | undefined;
}

export interface PrometheusLabels {
  method: string;
  path: string;
  status: string;
}

function share(n: number, total: number): number {
  return total > 0 ? Number((n / total).toFixed(4)) : 0;
}

function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

const round3 = (v: number) => (Number.isFinite(v) && v !== 0 ? Number(v.toPrecision(3)) : 0);

/**
 * Query results in, facts out (pure): the same keys as the access-log source where Prometheus can
 * measure the same thing. Burstiness and client behaviours are not emitted: a scrape-interval rate
 * cannot see one-second bursts or who sent what, and a false zero would read as "absent".
 */
export function extractPrometheusFacts(
  data: PrometheusData,
  labels: PrometheusLabels,
  origin: Origin,
): Fact[] {
  const facts: Fact[] = [];
  const add = (path: string[], value: number, extra: Partial<Parameters<typeof makeFact>[0]> = {}) =>
    facts.push(makeFact({ dimension: 'traffic', path, value, origin, compare: 'exact', ...extra }));
  const total = data.byEndpoint.reduce((a, s) => a + s.value, 0);
  add(['requests', 'total'], Math.round(total), { compare: 'presence', unit: 'requests' });
  if (total <= 0) return facts;
  add(['window', 'seconds'], data.windowSeconds, { compare: 'presence', unit: 's' });
  const rates = data.rateSeries.filter(Number.isFinite);
  if (rates.length > 0) {
    const sorted = [...rates].sort((a, b) => a - b);
    const scaled = { compare: 'scaled' as const, scale: 'traffic' as const, unit: 'rps' };
    // The mean of the steps that have data: a window longer than the series would understate it.
    add(['rate', 'mean-rps'], round3(rates.reduce((a, b) => a + b, 0) / rates.length), scaled);
    add(['rate', 'p50-rps'], round3(percentile(sorted, 0.5)), scaled);
    add(['rate', 'p99-rps'], round3(percentile(sorted, 0.99)), scaled);
    add(['rate', 'peak-rps'], round3(sorted[sorted.length - 1]!), scaled);
  }
  if (data.busyPerSecond !== undefined && Number.isFinite(data.busyPerSecond)) {
    add(['concurrency', 'mean'], round3(data.busyPerSecond), {
      compare: 'scaled',
      scale: 'traffic',
      unit: 'requests',
    });
  }
  const methods = new Map<string, number>();
  const endpoints = new Map<string, number>();
  for (const s of data.byEndpoint) {
    const method = (s.metric[labels.method] ?? '-').toUpperCase();
    const path = s.metric[labels.path] ?? '-';
    methods.set(method, (methods.get(method) ?? 0) + s.value);
    const name = `${method} ${path}`;
    endpoints.set(name, (endpoints.get(name) ?? 0) + s.value);
  }
  for (const [name, n] of [...endpoints].sort((a, b) => b[1] - a[1])) {
    if (n / total < 0.0001) continue;
    add(['endpoint', name, 'share'], share(n, total), { unit: 'ratio', subject: name });
  }
  let writes = 0;
  for (const [method, n] of methods) {
    add(['method', method, 'share'], share(n, total), { unit: 'ratio' });
    if (isWriteMethod(method)) writes += n;
  }
  add(['mix', 'write-share'], share(writes, total), { unit: 'ratio' });
  const classes = new Map<string, number>();
  for (const s of data.byStatus) {
    const status = s.metric[labels.status] ?? '';
    if (!/^\d{3}$/.test(status) || s.value <= 0) continue;
    add(['status', status, 'share'], share(s.value, total), { unit: 'ratio' });
    classes.set(`${status[0]}xx`, (classes.get(`${status[0]}xx`) ?? 0) + s.value);
  }
  for (const [cls, n] of [...classes].sort())
    add(['status-class', cls, 'share'], share(n, total), { unit: 'ratio' });
  if (data.latencyP50 !== undefined && Number.isFinite(data.latencyP50)) {
    add(['latency', 'p50'], round3(data.latencyP50 * 1000), { compare: 'presence', unit: 'ms' });
  }
  if (data.latencyP99 !== undefined && Number.isFinite(data.latencyP99)) {
    add(['latency', 'p99'], round3(data.latencyP99 * 1000), { compare: 'presence', unit: 'ms' });
  }
  return facts;
}
