import type { DivergenceKind } from '../model/divergence.js';
import type { Fact } from '../model/fact.js';
import { isSecret } from '../model/secret.js';
import type { FactPair, RuleContext } from './types.js';
import { sameValue } from './values.js';

/** The side structure of a pair: which kind of divergence it would be, if any. */
export function pairKind(pair: FactPair): DivergenceKind | null {
  if (pair.baseline && !pair.candidate) return 'only-baseline';
  if (!pair.baseline && pair.candidate) return 'only-candidate';
  if (pair.baseline && pair.candidate && !sameValue(pair.baseline, pair.candidate)) return 'differs';
  return null;
}

/** The environment that has a one-sided pair's fact (`present`) and the one that lacks it (`absent`). */
export function sidesOf(kind: DivergenceKind, ctx: RuleContext): { present: string; absent: string } {
  return kind === 'only-baseline'
    ? { present: ctx.baselineName, absent: ctx.candidateName }
    : { present: ctx.candidateName, absent: ctx.baselineName };
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
