import type { Fact } from '../../model/fact.js';
import type { FactPair, Finding, Rule, RuleContext } from '../../rule-kit/types.js';
import { describeKey, formatValue, judgeScaled } from '../../rule-kit/values.js';

const ENDPOINT = /^traffic\/endpoint\/(.+)\/share$/;
const STATUS = /^traffic\/status\/(\d{3})\/share$/;

function num(f: Fact | undefined): number | undefined {
  return f && typeof f.value === 'number' ? f.value : undefined;
}

function pct(share: number): string {
  const v = share * 100;
  return `${v >= 10 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toPrecision(2)}%`;
}

/** Both sides measured traffic: without a traffic source on one side the dimension is unknown, not drifting. */
function bothProfiled(ctx: RuleContext): boolean {
  return ctx.baseline.has('traffic/requests/total') && ctx.candidate.has('traffic/requests/total');
}

const endpointsUnexercised: Rule = {
  id: 'traffic.endpoint-unexercised',
  dimension: 'traffic',
  severity: 'high',
  title: 'Endpoints production serves that staging never exercised',
  risk: 'Code paths that only production traffic reaches ship untested: a broken webhook, feed or account page is found by customers.',
  remedy:
    'Add these endpoints to the staging test suite, or replay production traffic with `parity traffic replay`.',
  // Per-endpoint pairs missing in staging are reported once, aggregated, by scan; this owns them.
  appliesTo: (pair) => ENDPOINT.test(pair.key) && !pair.candidate,
  judge: () => null,
  scan(ctx) {
    if (!bothProfiled(ctx)) return [];
    const missing: { name: string; share: number; fact: Fact }[] = [];
    for (const [key, fact] of ctx.baseline) {
      const m = ENDPOINT.exec(key);
      if (!m || ctx.candidate.has(key)) continue;
      missing.push({ name: m[1] ?? key, share: num(fact) ?? 0, fact });
    }
    if (missing.length === 0) return [];
    missing.sort((a, b) => b.share - a.share || a.name.localeCompare(b.name));
    const total = missing.reduce((a, m) => a + m.share, 0);
    const writes = missing.filter((m) => !/^(GET|HEAD|OPTIONS) /.test(m.name)).length;
    const detail: Record<string, string | number> = {
      endpoints: missing.length,
      share: Number(total.toFixed(4)),
      writeEndpoints: writes,
    };
    missing.slice(0, 15).forEach((m, i) => {
      detail[`endpoint${i + 1}`] = `${m.name} (${pct(m.share)})`;
    });
    if (missing.length > 15) detail.more = missing.length - 15;
    const severity = total >= 0.1 || writes > 0 ? 'high' : total >= 0.01 ? 'medium' : 'low';
    return [
      {
        kind: 'only-baseline',
        key: 'traffic/endpoint',
        message: `${missing.length} endpoint${missing.length === 1 ? '' : 's'}, ${pct(total)} of ${ctx.baselineName}'s requests, never called in ${ctx.candidateName} (largest: ${missing
          .slice(0, 3)
          .map((m) => `${m.name} ${pct(m.share)}`)
          .join(', ')})`,
        baseline: missing[0]!.fact,
        severity,
        detail,
      },
    ];
  },
};

const endpointShare: Rule = {
  id: 'traffic.endpoint-share-differs',
  dimension: 'traffic',
  severity: 'low',
  title: "An endpoint's share of traffic differs greatly",
  risk: 'Load tested in staging is not the load production puts on each endpoint: a hot path in production is cold in tests.',
  remedy: 'Weight staging load tests by production shares (`parity traffic k6`).',
  appliesTo: (pair) => ENDPOINT.test(pair.key),
  judge(pair, ctx) {
    const b = num(pair.baseline);
    const c = num(pair.candidate);
    if (b === undefined || c === undefined || b < 0.02) return null;
    const ratio = c / b;
    if (ratio >= 0.2 && ratio <= 5) return null;
    return {
      kind: 'differs',
      message: `${describeKey(pair.key)}: ${pct(b)} of ${ctx.baselineName}'s requests, ${pct(c)} of ${ctx.candidateName}'s`,
      detail: { ratio: Number(ratio.toPrecision(3)) },
    };
  },
};

/** Status codes whose absence in staging hides a production behaviour, not just noise. */
const TELLING = new Set([408, 409, 413, 429, 499, 502, 503, 504]);

const errorMix: Rule = {
  id: 'traffic.error-mix-differs',
  dimension: 'traffic',
  severity: 'medium',
  title: 'Error responses production gives that staging never sees',
  risk: 'Rate limiting, timeouts and upstream failures happen only in production: clients and retries are never tested against them.',
  remedy:
    'Exercise these statuses in staging (rate limits at staging scale, fault injection), or accept with the compensating control.',
  appliesTo: (pair) => STATUS.test(pair.key),
  judge(pair, ctx) {
    const code = Number(STATUS.exec(pair.key)?.[1]);
    const b = num(pair.baseline) ?? 0;
    const c = num(pair.candidate) ?? 0;
    if (code < 400 || b < 0.0005 || !bothProfiled(ctx)) return null;
    const severity = code === 429 || code === 503 ? 'high' : TELLING.has(code) ? 'medium' : 'low';
    if (!pair.candidate) {
      return {
        kind: 'only-baseline',
        message: `HTTP ${code}: ${pct(b)} of ${ctx.baselineName}'s responses, never seen in ${ctx.candidateName}`,
        severity,
      };
    }
    if (c * 10 >= b) return null;
    return {
      kind: 'differs',
      message: `HTTP ${code}: ${pct(b)} of ${ctx.baselineName}'s responses, ${pct(c)} of ${ctx.candidateName}'s`,
      severity: severity === 'high' ? 'medium' : 'low',
    };
  },
};

function below(
  rule: Omit<Rule, 'appliesTo' | 'judge'>,
  keys: readonly string[],
  factor: number,
  floor: number,
): Rule {
  return {
    ...rule,
    appliesTo: (pair) => keys.includes(pair.key),
    judge(pair, ctx) {
      const b = num(pair.baseline);
      const c = num(pair.candidate);
      if (b === undefined || c === undefined || b < floor || c * factor > b) return null;
      return {
        kind: 'differs',
        message: `${describeKey(pair.key)}: ${ctx.baselineName} ${formatValue(b, pair.baseline?.unit)}, ${ctx.candidateName} ${formatValue(c, pair.candidate?.unit)} ${c === 0 ? ` — never seen in ${ctx.candidateName}` : ` (${(b / c).toPrecision(2)}x lower)`}`,
        detail: { ratio: b === 0 ? null : Number((c / b).toPrecision(3)) },
      };
    },
  };
}

const burstiness = below(
  {
    id: 'traffic.burstiness-below',
    dimension: 'traffic',
    severity: 'medium',
    title: "Staging traffic is far smoother than production's",
    risk: 'Bursts (flash sales, retries in lockstep, cron-aligned clients) exhaust pools, queues and rate limits that an even trickle never touches.',
    remedy:
      'Replay production bursts against staging (`parity traffic replay --rate 10%` keeps their shape).',
  },
  ['traffic/burstiness/dispersion-index', 'traffic/burstiness/peak-to-mean'],
  3,
  2,
);

const payload = below(
  {
    id: 'traffic.payload-smaller',
    dimension: 'traffic',
    severity: 'medium',
    title: "Staging's request or response payloads are far smaller",
    risk: 'Large bodies (big carts, long lists, feeds) hit body limits, timeouts and memory that small staging payloads never reach.',
    remedy:
      'Seed staging with production-sized data (`parity data rehearse`) and replay production requests.',
  },
  [
    'traffic/size/response-p50',
    'traffic/size/response-p99',
    'traffic/size/request-p50',
    'traffic/size/request-p99',
  ],
  4,
  1024,
);

const behaviours = below(
  {
    id: 'traffic.client-behaviour-absent',
    dimension: 'traffic',
    severity: 'medium',
    title: 'Client behaviours production sees are absent in staging',
    risk: 'Double submits, retries after errors and many parallel tabs expose missing idempotency keys and race conditions: charged twice, two orders.',
    remedy:
      'Test idempotency and concurrency explicitly (double-submit and retry tests), or replay production traffic with its unsafe methods on a disposable staging.',
  },
  [
    'traffic/behaviour/duplicate-submits/share',
    'traffic/behaviour/retries/share',
    'traffic/behaviour/parallel-sessions/share',
  ],
  10,
  0.001,
);

const concurrency: Rule = {
  id: 'traffic.concurrency-below',
  dimension: 'traffic',
  severity: 'medium',
  title: 'Staging runs far fewer requests at once than production (after scale)',
  risk: 'Lock contention, pool exhaustion and thread starvation only appear under concurrency staging never reaches.',
  remedy: 'Load staging at production concurrency scaled by `scale.traffic` (`parity traffic replay`).',
  appliesTo: (pair) => pair.key.startsWith('traffic/concurrency/'),
  judge(pair, ctx) {
    const finding = judgeScaled(pair, ctx);
    if (!finding || (num(pair.candidate) ?? 0) > (num(pair.baseline) ?? 0) * ctx.scale.traffic) return null;
    return finding;
  },
};

const rates: Rule = {
  id: 'traffic.rate-out-of-scale',
  dimension: 'traffic',
  severity: 'low',
  title: 'Request rate out of the declared traffic scale',
  risk: 'Capacity, autoscaling and rate limits tuned on staging load do not hold at production load.',
  remedy: 'Set `scale.traffic` to the real ratio, or load staging to it.',
  appliesTo: (pair) => pair.key.startsWith('traffic/rate/') || pair.key === 'traffic/clients/unique',
  judge: (pair, ctx) => judgeScaled(pair, ctx),
};

const methodUnexercised: Rule = {
  id: 'traffic.method-unexercised',
  dimension: 'traffic',
  severity: 'low',
  title: 'An HTTP method production receives that staging never sends',
  risk: 'Handlers for PATCH, DELETE or PUT run in production only: their validation, authorisation and locking go untested.',
  remedy: 'Cover these methods in staging tests.',
  appliesTo: (pair) => /^traffic\/method\/[^/]+\/share$/.test(pair.key),
  judge(pair, ctx) {
    const b = num(pair.baseline);
    if (b === undefined || pair.candidate || b < 0.001 || !bothProfiled(ctx)) return null;
    return {
      kind: 'only-baseline',
      message: `${describeKey(pair.key)}: ${pct(b)} of ${ctx.baselineName}'s requests, never sent in ${ctx.candidateName}`,
    };
  },
};

const writeMix: Rule = {
  id: 'traffic.write-mix-differs',
  dimension: 'traffic',
  severity: 'medium',
  title: 'The write/read mix differs',
  risk: 'Write-heavy production load (locks, replication lag, cache invalidation) is not what staging tests under.',
  remedy: 'Shape staging tests on production method shares.',
  appliesTo: (pair) => pair.key === 'traffic/mix/write-share',
  judge(pair, ctx) {
    const b = num(pair.baseline);
    const c = num(pair.candidate);
    if (b === undefined || c === undefined) return null;
    if (Math.abs(b - c) < 0.1 && (Math.max(b, c) < 0.05 || Math.min(b, c) * 2 >= Math.max(b, c))) return null;
    return {
      kind: 'differs',
      message: `writes: ${pct(b)} of ${ctx.baselineName}'s requests, ${pct(c)} of ${ctx.candidateName}'s`,
    };
  },
};

/**
 * Informational traffic facts (totals, window, latency, status classes): shown, never judged on their
 * own. Only these: a traffic fact no rule knows goes on to the fallback, reported rather than dropped.
 */
const OBSERVED = /^traffic\/(requests|window|latency|status-class)\//;

const observed: Rule = {
  id: 'traffic.observed',
  dimension: 'traffic',
  severity: 'info',
  title: 'Traffic measurements kept for context',
  risk: 'None by itself: sample totals, windows and latencies differ by design between two logs.',
  remedy: 'Nothing to do.',
  appliesTo: (pair: FactPair) => OBSERVED.test(pair.key),
  judge: (): Finding | null => null,
};

/** The traffic rule catalogue, most specific first. */
export const trafficRules: Rule[] = [
  endpointsUnexercised,
  endpointShare,
  errorMix,
  burstiness,
  concurrency,
  payload,
  behaviours,
  methodUnexercised,
  writeMix,
  rates,
  observed,
];
