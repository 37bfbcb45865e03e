import type { Fact, FactValue, ScaleAxis } from '../model/fact.js';
import { isSecret } from '../model/secret.js';
import { plural } from '../units/plural.js';
import type { FactPair, Finding, RuleContext } from './types.js';

/** A value as people read it: units humanised, secrets shown only as "secret". Never a secret value. */
export function formatValue(value: FactValue | undefined, unit?: string): string {
  if (value === undefined) return '(absent)';
  if (value === null) return '(unset)';
  if (isSecret(value)) return value.redacted ? `${value.redacted} (secret)` : '(secret)';
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.join(', ');
  if (typeof value === 'number') return formatNumber(value, unit);
  if (value === '') return '""';
  return String(value);
}

function formatNumber(value: number, unit?: string): string {
  if (unit === 'bytes') {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let v = value;
    let i = 0;
    while (Math.abs(v) >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[i]}`;
  }
  if (unit === 'ratio') return `${Number((value * 100).toPrecision(3))}%`;
  if (unit === 'cores') return value < 1 ? `${Math.round(value * 1000)}m` : plural(value, 'core');
  if (unit === 'ms') return value >= 1000 && value % 1000 === 0 ? `${value / 1000}s` : `${value}ms`;
  const text = Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
  return unit ? `${text} ${unit}` : text;
}

/** Equality for the comparison kinds that are not scaled: exact, presence, version, set. */
export function sameValue(a: Fact, b: Fact): boolean {
  switch (a.compare) {
    case 'presence':
      return true;
    case 'set':
      return sameSet(toList(a.value), toList(b.value));
    case 'version':
      return normaliseVersion(a.value) === normaliseVersion(b.value);
    default:
      return sameExact(a.value, b.value);
  }
}

function sameExact(a: FactValue, b: FactValue): boolean {
  if (isSecret(a) || isSecret(b)) {
    if (!isSecret(a) || !isSecret(b)) return false;
    // Different secret values in two environments are the healthy case; compare what is not secret.
    return (a.redacted ?? '') === (b.redacted ?? '');
  }
  if (Array.isArray(a) || Array.isArray(b)) return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}

function toList(value: FactValue): string[] {
  if (Array.isArray(value)) return value;
  if (value === null) return [];
  return [formatValue(value)];
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}

function normaliseVersion(value: FactValue): string {
  return typeof value === 'string' ? value.trim().replace(/^v/i, '') : JSON.stringify(value);
}

/** Set difference helpers for messages: what one side has and the other lacks. */
export function setDelta(a: FactValue, b: FactValue): { onlyA: string[]; onlyB: string[] } {
  const la = toList(a);
  const lb = toList(b);
  return { onlyA: la.filter((x) => !lb.includes(x)), onlyB: lb.filter((x) => !la.includes(x)) };
}

/**
 * Judges a scaled pair: the candidate is expected at `baseline * ratio` within the tolerance.
 * Returns null when in scale, or when either side is not a number.
 */
export function judgeScaled(pair: FactPair, ctx: RuleContext): Finding | null {
  const { baseline, candidate } = pair;
  if (!baseline || !candidate) return null;
  if (typeof baseline.value !== 'number' || typeof candidate.value !== 'number') return null;
  const ratio = baseline.scale ? ctx.scale[baseline.scale] : 1;
  const expected = baseline.value * ratio;
  const actual = candidate.value;
  const { low, high } = scaledBounds(expected, ctx.tolerance, baseline.scale, baseline.value);
  if (actual >= low && actual <= high) return null;
  const unit = baseline.unit ?? candidate.unit;
  const axis = baseline.scale ?? 'exact';
  return {
    kind: 'out-of-scale',
    message: `${describeKey(pair.key)}: ${ctx.baselineName} ${formatValue(baseline.value, unit)}, ${ctx.candidateName} ${formatValue(actual, unit)} (expected ~${formatValue(roundExpected(expected), unit)} at ${axis} scale ${ratio})`,
    detail: {
      expected: roundExpected(expected),
      ratio: baseline.value === 0 ? null : Number((actual / baseline.value).toPrecision(3)),
      declaredRatio: ratio,
    },
  };
}

/**
 * The accepted range around `expected`: `expected / (1 + tolerance)` to `expected * (1 + tolerance)`,
 * for every axis. Replicas are whole, so where the expected count is below one, one replica is in
 * scale; nowhere else does the floor move (80 at 0.2 expects 16: 5 is out of scale).
 */
export function scaledBounds(
  expected: number,
  tolerance: number,
  axis: ScaleAxis | undefined,
  baseline: number,
): { low: number; high: number } {
  const low = expected / (1 + tolerance);
  const high = expected * (1 + tolerance);
  if (axis === 'replicas' && baseline >= 1 && expected < 1) return { low, high: Math.max(high, 1) };
  return { low, high };
}

function roundExpected(value: number): number {
  return Number.isInteger(value) ? value : Number(value.toPrecision(3));
}

/**
 * The readable tail of a key: `infra/workload/checkout/container/app/cpu-limit` ->
 * `checkout/app cpu-limit`, `config/env/checkout/TIMEOUT` -> `checkout TIMEOUT`.
 */
export function describeKey(key: string): string {
  const p = key.split('/');
  if (p[1] === 'workload') {
    const rest = p.slice(3);
    if (rest[0] === 'container') return `${p[2]}/${rest[1]} ${rest.slice(2).join(' ')}`;
    return `${p[2]} ${rest.join(' ')}`;
  }
  const drop = new Set(['env', 'configmap', 'secret', 'cronjob', 'service', 'ingress']);
  return p.slice(drop.has(p[1] ?? '') ? 2 : 1).join(' ');
}
