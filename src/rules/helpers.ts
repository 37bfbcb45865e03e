import { sameValue } from '../compare/values.js';
import type { DivergenceKind } from '../model/divergence.js';
import type { Fact } from '../model/fact.js';
import { isSecret } from '../model/fact.js';
import type { FactPair } from './types.js';

/** The side structure of a pair: which kind of divergence it would be, if any. */
export function pairKind(pair: FactPair): DivergenceKind | null {
  if (pair.baseline && !pair.candidate) return 'only-baseline';
  if (!pair.baseline && pair.candidate) return 'only-candidate';
  if (pair.baseline && pair.candidate && !sameValue(pair.baseline, pair.candidate)) return 'differs';
  return null;
}

export function anyFact(pair: FactPair): Fact {
  return (pair.baseline ?? pair.candidate)!;
}

/** `config/env/...` keys: environment variables, workload-scoped or not. */
export function isEnvKey(key: string): boolean {
  return key.startsWith('config/env/');
}

export function keyMatches(pair: FactPair, pattern: RegExp): boolean {
  return pattern.test(pair.key);
}

export function bothSides(pair: FactPair): pair is Required<FactPair> {
  return pair.baseline !== undefined && pair.candidate !== undefined;
}

export function isSecretPair(pair: FactPair): boolean {
  return isSecret(pair.baseline?.value) || isSecret(pair.candidate?.value);
}

/** A string or number value as text (secrets and lists give undefined). */
export function textOf(fact: Fact | undefined): string | undefined {
  if (!fact) return undefined;
  const v = fact.value;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** Parses a duration in an env value to milliseconds: `5000` (unit from the name), `5s`, `1m`, `250ms`. */
export function durationMs(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|secs|seconds|m|min|mins|minutes|h|hours?)?\s*$/i.exec(value);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? '').toLowerCase();
  if (unit === 'ms') return n;
  if (unit.startsWith('s')) return n * 1000;
  if (unit.startsWith('m')) return n * 60_000;
  if (unit.startsWith('h')) return n * 3_600_000;
  // No unit: trust the name (`_MS`, `_MILLIS`, `_SECONDS`, `_SEC`), else assume seconds for small numbers.
  if (/(_MS|MILLIS|MILLISECONDS)$/i.test(name)) return n;
  if (/(_S|_SEC|_SECS|_SECONDS)$/i.test(name)) return n * 1000;
  if (/(_MIN|_MINUTES)$/i.test(name)) return n * 60_000;
  return n >= 1000 ? n : n * 1000;
}

export function humanMs(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms >= 1000) return `${Number((ms / 1000).toPrecision(3))} s`;
  return `${ms} ms`;
}
