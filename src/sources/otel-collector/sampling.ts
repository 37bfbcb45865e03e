import { parseDurationMs } from '../../units/duration.js';
import { asObj, type Obj } from '../shape.js';

/** `${env:SAMPLING}` / `${SAMPLING}`: the collector resolves it at start, so the file cannot tell. */
export const ENV_REFERENCE = /^\s*\$\{(env:)?[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?\}\s*$/;

/** A number written as a number or a numeric string; a reason when it is something else. */
export function numberSetting(value: unknown, field: string): number | string {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && ENV_REFERENCE.test(value))
    return `\`${field}\` is ${value.trim()}, resolved when the collector starts: not known from the file`;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return `expected \`${field}\` as a number`;
}

/** Effective percentage of one probabilistic_sampler: the default is 0, 100 and above keep everything. */
export function samplerPercentage(config: Obj | undefined): number | string {
  const raw = config?.sampling_percentage;
  if (raw === undefined || raw === null) return 0;
  const value = numberSetting(raw, 'sampling_percentage');
  return typeof value === 'number' ? Math.min(Math.max(value, 0), 100) : value;
}

/** One tail-sampling policy as a short, comparable string: `probabilistic:10%`, `latency:>=500ms`. */
function policyLabel(policy: Obj): string {
  const type = typeof policy.type === 'string' ? policy.type : 'unknown';
  const params = asObj(policy[type]);
  switch (type) {
    case 'probabilistic':
      return `probabilistic:${String(params?.sampling_percentage ?? 0)}%`;
    case 'latency': {
      const ms = params?.threshold_ms;
      return ms === undefined ? type : `latency:>=${String(ms)}ms`;
    }
    case 'status_code': {
      const codes = Array.isArray(params?.status_codes) ? params.status_codes.map(String).sort() : [];
      return codes.length > 0 ? `status_code:${codes.join('|')}` : type;
    }
    case 'rate_limiting':
      return params?.spans_per_second === undefined
        ? type
        : `rate_limiting:${String(params.spans_per_second)}/s`;
    case 'string_attribute':
    case 'numeric_attribute':
    case 'boolean_attribute':
      return typeof params?.key === 'string' ? `${type}:${params.key}` : type;
    default:
      return type;
  }
}

export interface TailSampling {
  policies: string[];
  /** Only when the policies decide a single share of traces (one probabilistic policy, or always_sample). */
  percentage?: number;
  decisionWaitMs?: number;
}

/** The policies of a tail_sampling processor, and the share they keep when that is one number. */
export function tailSampling(config: Obj | undefined): TailSampling {
  const list = Array.isArray(config?.policies) ? config.policies : [];
  const policies = list.map(asObj).filter((p): p is Obj => p !== undefined);
  const out: TailSampling = { policies: [...new Set(policies.map(policyLabel))].sort() };
  // A drop policy or an inverted match can veto always_sample: then no single share is known.
  const vetoes = policies.some(
    (p) => p.type === 'drop' || asObj(p[typeof p.type === 'string' ? p.type : ''])?.invert_match === true,
  );
  if (policies.some((p) => p.type === 'always_sample')) {
    if (!vetoes) out.percentage = 100;
  } else if (policies.length === 1 && policies[0]!.type === 'probabilistic') {
    const pct = samplerPercentage(asObj(policies[0]!.probabilistic));
    if (typeof pct === 'number') out.percentage = pct;
  }
  const wait = config?.decision_wait === undefined ? 30_000 : parseDurationMs(config.decision_wait);
  if (wait !== undefined) out.decisionWaitMs = wait;
  return out;
}
