import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFingerprinter } from '../secrets.js';
import { extractPrometheusFacts, type PrometheusData } from './extract.js';
import { PrometheusOptions, prometheusSource } from './index.js';

const ctx = { environment: 'production', production: true, fingerprint: createFingerprinter('k') };
const labels = { method: 'method', path: 'route', status: 'code' };
const fixture = JSON.parse(
  readFileSync(new URL('./__fixtures__/shop-query-results.json', import.meta.url), 'utf8'),
) as PrometheusData;

describe('prometheus extract', () => {
  it('turns query results into the access-log keys', () => {
    const facts = extractPrometheusFacts(fixture, labels, { source: 'prom', query: 'q' });
    const byKey = Object.fromEntries(facts.map((f) => [f.key, f.value]));
    expect(byKey).toMatchObject({
      'traffic/requests/total': 144000,
      'traffic/rate/mean-rps': 40,
      'traffic/rate/peak-rps': 100,
      'traffic/endpoint/GET /api/orders/:id/share': 0.7,
      'traffic/endpoint/POST /api/checkout/share': 0.2,
      'traffic/endpoint/GET //share': 0.1,
      'traffic/mix/write-share': 0.2,
      'traffic/status/429/share': 0.1,
      'traffic/status-class/4xx/share': 0.1,
      'traffic/latency/p99': 620,
      'traffic/concurrency/mean': 3.2,
    });
    expect(facts.find((f) => f.key === 'traffic/rate/peak-rps')).toMatchObject({
      compare: 'scaled',
      scale: 'traffic',
      origin: { source: 'prom', query: 'q' },
    });
    // Nothing Prometheus cannot see is claimed: no burstiness, no client behaviours.
    expect(
      facts.some((f) => f.key.startsWith('traffic/behaviour/') || f.key.startsWith('traffic/burstiness/')),
    ).toBe(false);
  });

  it('never throws on odd results', () => {
    const sample = fc.record({
      metric: fc.dictionary(fc.constantFrom('method', 'route', 'code'), fc.string()),
      value: fc.double(),
    });
    fc.assert(
      fc.property(
        fc.array(sample),
        fc.array(sample),
        fc.array(fc.double()),
        (byEndpoint, byStatus, rateSeries) => {
          extractPrometheusFacts(
            { windowSeconds: 60, stepSeconds: 15, byEndpoint, byStatus, rateSeries },
            labels,
            { source: 'p' },
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('validates options and reports an unreachable server as a skip', async () => {
    expect(PrometheusOptions.safeParse({ url: 'http://p:9090', window: 'an hour' }).success).toBe(false);
    expect(PrometheusOptions.safeParse({ url: 'http://p:9090', selector: '{job="x"}' }).success).toBe(false);
    const port = await new Promise<number>((r) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => r(p));
      });
    });
    const options = PrometheusOptions.parse({ url: `http://127.0.0.1:${port}` });
    const result = await prometheusSource.collect(
      { kind: 'prometheus', id: 'prom', paths: [], baseDir: '.', options: {} },
      options,
      ctx,
    );
    expect(result.facts).toEqual([]);
    expect(result.skips[0]?.reason).toMatch(
      /^requests by endpoint: cannot reach Prometheus at http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED$/,
    );
  });
});

// A real Prometheus (Debian's `prometheus` package) scraping a test server every second.
const binary = ['/usr/bin/prometheus', '/usr/local/bin/prometheus'].find(
  (p) => spawnSync(p, ['--version']).status === 0,
);
const reason = 'prometheus is not installed (apt-get install -y --no-install-recommends prometheus); skipped';
if (!binary) console.warn(`SKIPPED: ${reason}`);

describe.skipIf(!binary)(`against a real Prometheus${binary ? '' : ` (skipped: ${reason})`}`, () => {
  let prometheus: ChildProcess;
  let app: http.Server;
  let timer: NodeJS.Timeout;
  let promPort = 0;
  const counts = new Map<string, number>();

  beforeAll(async () => {
    // Each tick: 7 order reads, 2 checkouts (one rate-limited), 1 home page: shares 0.7 / 0.2 / 0.1.
    const bump = (k: string, n: number) => counts.set(k, (counts.get(k) ?? 0) + n);
    timer = setInterval(() => {
      bump('GET|/api/orders/:id|200', 7);
      bump('POST|/api/checkout|201', 1);
      bump('POST|/api/checkout|429', 1);
      bump('GET|/|200', 1);
    }, 100);
    app = http.createServer((_req, res) => {
      const lines = ['# TYPE shop_requests_total counter'];
      for (const [k, v] of counts) {
        const [method, route, code] = k.split('|');
        lines.push(`shop_requests_total{method="${method}",route="${route}",code="${code}"} ${v}`);
      }
      res.end(`${lines.join('\n')}\n`);
    });
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
    const appPort = (app.address() as AddressInfo).port;
    promPort = await new Promise<number>((r) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => r(p));
      });
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-prom-'));
    writeFileSync(
      path.join(dir, 'prometheus.yml'),
      `global: { scrape_interval: 1s }\nscrape_configs:\n  - job_name: shop\n    static_configs: [{ targets: ['127.0.0.1:${appPort}'] }]\n`,
    );
    prometheus = spawn(
      binary!,
      [
        `--config.file=${dir}/prometheus.yml`,
        `--storage.tsdb.path=${dir}/data`,
        `--web.listen-address=127.0.0.1:${promPort}`,
      ],
      { stdio: 'ignore' },
    );
    // Enough scrapes for increase() and rate() over the window.
    const until = Date.now() + 20_000;
    while (Date.now() < until) {
      const body = await fetch(
        `http://127.0.0.1:${promPort}/api/v1/query?query=count_over_time(shop_requests_total[1m])`,
      )
        .then((r) => r.json() as Promise<{ data?: { result?: { value: [number, string] }[] } }>)
        .catch(() => undefined);
      if (Number(body?.data?.result?.[0]?.value[1] ?? 0) >= 5) break;
      await new Promise((r) => setTimeout(r, 250));
    }
  }, 30_000);

  afterAll(() => {
    clearInterval(timer);
    prometheus?.kill('SIGTERM');
    app?.close();
  });

  it('reads shares, the 429 rate and the request rate from the counters', async () => {
    const options = PrometheusOptions.parse({
      url: `http://127.0.0.1:${promPort}`,
      selector: 'job="shop"',
      window: '1m',
      step: '2s',
      requests: 'shop_requests_total',
      labels: { method: 'method', path: 'route', status: 'code' },
    });
    const { facts, skips } = await prometheusSource.collect(
      { kind: 'prometheus', id: 'prom', paths: [], baseDir: '.', options: {} },
      options,
      ctx,
    );
    const byKey = Object.fromEntries(facts.map((f) => [f.key, f.value]));
    expect(byKey['traffic/endpoint/GET /api/orders/:id/share']).toBeCloseTo(0.7, 2);
    expect(byKey['traffic/endpoint/POST /api/checkout/share']).toBeCloseTo(0.2, 2);
    expect(byKey['traffic/status/429/share']).toBeCloseTo(0.1, 2);
    // 100 requests a second are generated; the scrape-based rate sees about that.
    expect(byKey['traffic/rate/peak-rps']).toBeGreaterThan(60);
    expect(byKey['traffic/rate/peak-rps']).toBeLessThan(140);
    // No duration histogram is exported: said so, not invented.
    expect(byKey['traffic/latency/p99']).toBeUndefined();
    expect(skips).toEqual([]);
  });
});
