import { countDistinct } from './distinct.js';
import { percentiles, round } from './histogram.js';
import type { ProfileAccumulator } from './profile.js';
import type { TrafficProfile } from './schema.js';
import { finishUnknownUnit } from './unknown-unit.js';

/** Bumped when the stored profile's shape changes (here, not in the zod schema: workers skip zod). */
export const PROFILE_SCHEMA_VERSION = 1;

const MAX_SERIES_POINTS = 3600;

function share(part: number, whole: number): number {
  return whole === 0 ? 0 : round(part / whole, 4);
}

function iso(ms: number): string | null {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/** Turns the running state into the profile. Pure with respect to the accumulator. */
export function finishProfile(acc: ProfileAccumulator, files: readonly string[]): TrafficProfile {
  const n = acc.requests;
  const firstSecond = Math.floor(acc.minTime / 1000);
  const seconds = n === 0 ? 0 : Math.floor(acc.maxTime / 1000) - firstSecond + 1;
  const counts: number[] = [];
  for (let s = 0; s < seconds; s++) counts.push(acc.seconds.get(firstSecond + s)?.requests ?? 0);
  const rate = rateStats(counts, firstSecond);
  const step = Math.max(1, Math.ceil(seconds / MAX_SERIES_POINTS));
  const series: number[] = [];
  for (let i = 0; i < counts.length; i += step) {
    let sum = 0;
    for (let j = i; j < i + step && j < counts.length; j++) sum += counts[j]!;
    series.push(sum);
  }
  let peakBusy = 0;
  let busy = 0;
  for (const { busyMs: ms } of acc.seconds.values()) {
    busy += ms;
    if (ms > peakBusy) peakBusy = ms;
  }
  // Concurrency is only honest when most requests carry a time.
  const concurrency =
    acc.timed > 0 && acc.timed >= n / 2
      ? { mean: round(busy / 1000 / seconds), peak: round(peakBusy / 1000) }
      : null;
  const endpoints = [...acc.endpoints]
    .map(([k, v]) => {
      const sp = k.indexOf(' ');
      const where = { file: v.file, line: v.line };
      return {
        method: k.slice(0, sp),
        template: k.slice(sp + 1),
        requests: v.requests,
        share: share(v.requests, n),
        errors: v.errors,
        firstSeen: where,
      };
    })
    .sort((a, b) => b.requests - a.requests || (a.method + a.template).localeCompare(b.method + b.template));
  const uniqueClients = countDistinct(acc.clients);
  const unknownUnit = finishUnknownUnit(acc.unknownUnit);
  const parallel = countDistinct(acc.parallelClients);
  return {
    schemaVersion: PROFILE_SCHEMA_VERSION,
    files: [...files],
    lines: acc.lines,
    requests: n,
    unparsed: acc.unparsed,
    clockJumps: acc.clockJumps,
    start: n === 0 ? null : iso(acc.minTime),
    end: n === 0 ? null : iso(acc.maxTime),
    seconds,
    rate: { ...rate, series: { step, counts: series } },
    burstiness: {
      peakToMean: rate.meanRps === 0 ? 0 : round(rate.peakRps / rate.meanRps),
      dispersionIndex: dispersion(counts),
    },
    concurrency,
    endpoints,
    otherEndpoints: acc.otherEndpoints,
    methods: shares(acc.methods, n),
    statuses: shares(acc.statuses, n, true),
    writeShare: share(acc.writes, n),
    sizes: { response: percentiles(acc.responseSize) ?? null, request: percentiles(acc.requestSize) ?? null },
    latencyMs: percentiles(acc.latency) ?? null,
    ...(unknownUnit ? { durationUnitUnknown: unknownUnit } : {}),
    clients: {
      unique: uniqueClients,
      duplicateSubmits: acc.duplicates,
      duplicateSubmitShare: share(acc.duplicates, acc.writes),
      retries: acc.retries,
      retryShare: share(acc.retries, n),
      parallelSessions: parallel,
      parallelSessionShare: share(parallel, uniqueClients),
    },
  };
}

interface CountShare {
  requests: number;
  share: number;
  firstSeen?: { file: number; line: number };
}

function shares<K>(
  map: Map<K, { requests: number; file?: number; line?: number }>,
  n: number,
  withFirstSeen = false,
): Record<string, CountShare> {
  const out: Record<string, CountShare> = {};
  for (const [k, v] of [...map].sort((a, b) => b[1].requests - a[1].requests)) {
    const entry: CountShare = { requests: v.requests, share: share(v.requests, n) };
    if (withFirstSeen) entry.firstSeen = { file: v.file ?? 0, line: v.line ?? 0 };
    out[String(k)] = entry;
  }
  return out;
}

function rateStats(counts: number[], firstSecond: number) {
  if (counts.length === 0) return { meanRps: 0, p50Rps: 0, p99Rps: 0, peakRps: 0, peakAt: null };
  let total = 0;
  let peak = 0;
  let peakIndex = 0;
  counts.forEach((c, i) => {
    total += c;
    if (c > peak) {
      peak = c;
      peakIndex = i;
    }
  });
  const sorted = Float64Array.from(counts).sort();
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  return {
    meanRps: round(total / counts.length),
    p50Rps: at(0.5),
    p99Rps: at(0.99),
    peakRps: peak,
    peakAt: iso((firstSecond + peakIndex) * 1000),
  };
}

function dispersion(counts: number[]): number {
  if (counts.length === 0) return 0;
  const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
  if (mean === 0) return 0;
  const variance = counts.reduce((a, c) => a + (c - mean) ** 2, 0) / counts.length;
  return round(variance / mean);
}
