// Prometheus' HTTP API: request counters and latency histograms read as a traffic profile.
import { z } from 'zod';
import type { Skip } from '../../model/snapshot.js';
import { parseDurationMs } from '../../units/duration.js';
import type { SourceModule } from '../types.js';
import type { PrometheusData } from './extract.js';

const Duration = z
  .string()
  .regex(/^\d+(ms|s|m|h|d)$/, 'expected a Prometheus duration such as 1h, 30m or 15s');
const Name = z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, 'expected a metric or label name');

export const PrometheusOptions = z
  .object({
    url: z.string().url(),
    /** Label matchers without braces, e.g. `job="shop",namespace="prod"`. */
    selector: z
      .string()
      .regex(/^[^{}]*$/, 'expected label matchers without braces')
      .default(''),
    window: Duration.default('1h'),
    step: Duration.default('15s'),
    /** Counter of requests (http_requests_total-style). */
    requests: Name.default('http_requests_total'),
    /** Histogram of request durations in seconds (without _bucket). */
    duration: Name.default('http_request_duration_seconds'),
    labels: z
      .object({ method: Name.default('method'), path: Name.default('path'), status: Name.default('status') })
      .strict()
      .default({ method: 'method', path: 'path', status: 'status' }),
    /** Evaluate at this time (ISO 8601) instead of now, for reproducible audits. */
    at: z.string().datetime({ offset: true }).optional(),
    timeoutMs: z.number().int().positive().default(10_000),
  })
  .strict();
export type PrometheusOptions = z.infer<typeof PrometheusOptions>;

/** The options schema admits only `<n><unit>`, which always parses. */
function seconds(duration: string): number {
  return (parseDurationMs(duration) ?? 0) / 1000;
}

export const prometheusSource: SourceModule<PrometheusOptions> = {
  kind: 'prometheus',
  description: 'Request counters and latency histograms from Prometheus, as a traffic profile.',
  docs: 'https://prometheus.io/docs/prometheus/latest/querying/api/',
  dimensions: ['traffic'],
  produces: ['traffic/'],
  input: 'url',
  options: PrometheusOptions,
  async collect(spec, o) {
    const { extractPrometheusFacts } = await import('./extract.js');
    const { instant, range } = await import('./query.js');
    const skips: Skip[] = [];
    const sel = o.selector ? `{${o.selector}}` : '';
    const end = o.at ? Date.parse(o.at) / 1000 : Date.now() / 1000;
    const windowS = seconds(o.window);
    const stepS = Math.max(1, seconds(o.step));
    const { method, path, status } = o.labels;
    const origin = { source: spec.id, query: `${o.requests}${sel}[${o.window}]` };
    const optional = async <T>(what: string, run: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await run();
      } catch (error) {
        skips.push({ source: spec.id, reason: `${what}: ${(error as Error).message}` });
        return undefined;
      }
    };
    const byEndpoint = await optional('requests by endpoint', () =>
      instant(
        o.url,
        `sum by (${method}, ${path}) (increase(${o.requests}${sel}[${o.window}]))`,
        end,
        o.timeoutMs,
      ),
    );
    if (!byEndpoint) return { facts: [], skips };
    if (byEndpoint.length === 0) {
      skips.push({
        source: spec.id,
        reason: `no samples of ${o.requests}${sel} in the last ${o.window}; expected a request counter with ${method} and ${path} labels`,
      });
      return { facts: [], skips };
    }
    const data: PrometheusData = {
      windowSeconds: windowS,
      stepSeconds: stepS,
      byEndpoint,
      byStatus:
        (await optional('requests by status', () =>
          instant(o.url, `sum by (${status}) (increase(${o.requests}${sel}[${o.window}]))`, end, o.timeoutMs),
        )) ?? [],
      rateSeries:
        (await optional('request rate', () =>
          range(
            o.url,
            `sum(rate(${o.requests}${sel}[${2 * stepS}s]))`,
            end - windowS,
            end,
            stepS,
            o.timeoutMs,
          ),
        )) ?? [],
    };
    const quantile = async (q: number) =>
      (
        await optional(`latency p${q * 100}`, () =>
          instant(
            o.url,
            `histogram_quantile(${q}, sum by (le) (rate(${o.duration}_bucket${sel}[${o.window}])))`,
            end,
            o.timeoutMs,
          ),
        )
      )?.[0]?.value;
    data.latencyP50 = await quantile(0.5);
    data.latencyP99 = await quantile(0.99);
    data.busyPerSecond = (
      await optional('concurrency', () =>
        instant(o.url, `sum(rate(${o.duration}_sum${sel}[${o.window}]))`, end, o.timeoutMs),
      )
    )?.[0]?.value;
    return { facts: extractPrometheusFacts(data, { method, path, status }, origin), skips };
  },
};
