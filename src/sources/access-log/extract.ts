import type { Fact, FactValue, Origin } from '../../model/fact.js';
import { makeFact } from '../../model/make-fact.js';
import type { TrafficProfile } from '../../traffic/profile/schema.js';

export interface ExtractInput {
  source: string;
}

interface Emit {
  path: string[];
  value: FactValue;
  compare?: Fact['compare'];
  scaled?: boolean;
  unit?: string;
  subject?: string;
  where?: { file: number; line: number } | undefined;
}

/** Endpoints below this share are left out of the facts (kept in the profile): noise, not shape. */
const MIN_ENDPOINT_SHARE = 0.0001;

/**
 * Profile in, facts out. Pure. Rates, concurrency and client counts are `scaled` by the traffic
 * ratio; shapes (shares, burstiness, sizes) are judged by the traffic rules; totals and the window
 * are `presence` (kept for display: two samples of different length differ by design).
 */
export function extractProfileFacts(profile: TrafficProfile, input: ExtractInput): Fact[] {
  const facts: Fact[] = [];
  const fileLabel =
    profile.files.length <= 1
      ? profile.files[0]
      : `${profile.files[profile.files.length - 1]} (+${profile.files.length - 1} rotated)`;
  const origin = (where?: { file: number; line: number }): Origin => {
    const o: Origin = { source: input.source };
    if (where && profile.files[where.file] !== undefined && where.line > 0) {
      o.file = profile.files[where.file]!;
      o.line = where.line;
    } else if (fileLabel !== undefined) o.file = fileLabel;
    return o;
  };
  const add = (e: Emit) => {
    const init: Parameters<typeof makeFact>[0] = {
      dimension: 'traffic',
      path: e.path,
      value: e.value,
      compare: e.scaled ? 'scaled' : (e.compare ?? 'exact'),
      origin: origin(e.where),
    };
    if (e.scaled) init.scale = 'traffic';
    if (e.unit) init.unit = e.unit;
    if (e.subject) init.subject = e.subject;
    facts.push(makeFact(init));
  };
  add({ path: ['requests', 'total'], value: profile.requests, compare: 'presence', unit: 'requests' });
  if (profile.requests === 0) return facts;
  add({ path: ['window', 'seconds'], value: profile.seconds, compare: 'presence', unit: 's' });
  const { rate } = profile;
  add({ path: ['rate', 'mean-rps'], value: rate.meanRps, scaled: true, unit: 'rps' });
  add({ path: ['rate', 'p50-rps'], value: rate.p50Rps, scaled: true, unit: 'rps' });
  add({ path: ['rate', 'p99-rps'], value: rate.p99Rps, scaled: true, unit: 'rps' });
  add({ path: ['rate', 'peak-rps'], value: rate.peakRps, scaled: true, unit: 'rps' });
  add({ path: ['burstiness', 'peak-to-mean'], value: profile.burstiness.peakToMean });
  add({ path: ['burstiness', 'dispersion-index'], value: profile.burstiness.dispersionIndex });
  if (profile.concurrency) {
    add({ path: ['concurrency', 'mean'], value: profile.concurrency.mean, scaled: true, unit: 'requests' });
    add({ path: ['concurrency', 'peak'], value: profile.concurrency.peak, scaled: true, unit: 'requests' });
  }
  for (const e of profile.endpoints) {
    if (e.share < MIN_ENDPOINT_SHARE || e.method === '-') continue;
    const name = `${e.method} ${e.template}`;
    add({
      path: ['endpoint', name, 'share'],
      value: e.share,
      unit: 'ratio',
      subject: name,
      where: e.firstSeen,
    });
  }
  for (const [method, v] of Object.entries(profile.methods)) {
    if (method === '-') continue;
    add({ path: ['method', method, 'share'], value: v.share, unit: 'ratio' });
  }
  add({ path: ['mix', 'write-share'], value: profile.writeShare, unit: 'ratio' });
  const classes = new Map<string, number>();
  for (const [status, v] of Object.entries(profile.statuses)) {
    add({ path: ['status', status, 'share'], value: v.share, unit: 'ratio', where: v.firstSeen });
    const cls = `${status[0]}xx`;
    classes.set(cls, (classes.get(cls) ?? 0) + v.requests);
  }
  for (const [cls, n] of [...classes].sort()) {
    add({
      path: ['status-class', cls, 'share'],
      value: Number((n / profile.requests).toFixed(4)),
      unit: 'ratio',
    });
  }
  const { response, request } = profile.sizes;
  if (response) {
    add({ path: ['size', 'response-p50'], value: response.p50, unit: 'bytes' });
    add({ path: ['size', 'response-p99'], value: response.p99, unit: 'bytes' });
  }
  if (request) {
    add({ path: ['size', 'request-p50'], value: request.p50, unit: 'bytes' });
    add({ path: ['size', 'request-p99'], value: request.p99, unit: 'bytes' });
  }
  if (profile.latencyMs) {
    add({ path: ['latency', 'p50'], value: profile.latencyMs.p50, compare: 'presence', unit: 'ms' });
    add({ path: ['latency', 'p99'], value: profile.latencyMs.p99, compare: 'presence', unit: 'ms' });
  }
  const c = profile.clients;
  add({ path: ['clients', 'unique'], value: c.unique, scaled: true, unit: 'clients' });
  add({ path: ['behaviour', 'duplicate-submits', 'share'], value: c.duplicateSubmitShare, unit: 'ratio' });
  add({ path: ['behaviour', 'retries', 'share'], value: c.retryShare, unit: 'ratio' });
  add({ path: ['behaviour', 'parallel-sessions', 'share'], value: c.parallelSessionShare, unit: 'ratio' });
  return facts;
}
