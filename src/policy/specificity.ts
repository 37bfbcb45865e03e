import picomatch from 'picomatch';
import type { Decision } from '../config/policy.js';
import type { Divergence } from '../model/divergence.js';

/**
 * How a decision names what it matches, most specific first: an exact key (`config/env/api/LOG_LEVEL`),
 * a key glob (`config/env/*\/LOG_LEVEL`), or no key at all (rule-wide). Documented in README (Decisions).
 */
export type MatchClass = 'exact key' | 'key glob' | 'rule-wide';

const rank = (pattern: string | undefined): number =>
  pattern === undefined ? 0 : picomatch.scan(pattern).isGlob ? 1 : 2;

/** The characters of a pattern that are not glob syntax: `config/env/*` names more than `config/**`. */
const literal = (pattern: string | undefined): number =>
  pattern === undefined ? 0 : pattern.replace(/[*?[\]{}()!+@|]/g, '').length;

export function matchClass(decision: Decision): MatchClass {
  const key = rank(decision.key);
  return key === 2 ? 'exact key' : key === 1 ? 'key glob' : 'rule-wide';
}

/**
 * Orders two decisions that match the same divergence; positive when `a` is more specific. In turn:
 * the key (exact > glob > none), the rule (exact > glob > none), a named `environment` over none,
 * the longer literal text of the patterns. Equal decisions are ordered by the caller: the newest
 * (later in parity.yaml) wins.
 */
export function compareSpecificity(a: Decision, b: Decision): number {
  return (
    rank(a.key) - rank(b.key) ||
    rank(a.rule) - rank(b.rule) ||
    Number(a.environment !== undefined) - Number(b.environment !== undefined) ||
    literal(a.key) + literal(a.rule) - (literal(b.key) + literal(b.rule))
  );
}

export type DecisionMatcher = (d: Divergence, candidate: string) => boolean;

export function matcher(decision: Decision): DecisionMatcher {
  const rule = decision.rule ? picomatch(decision.rule, { dot: true }) : () => true;
  const key = decision.key ? picomatch(decision.key, { dot: true }) : () => true;
  return (d, candidate) =>
    (decision.environment === undefined || decision.environment === candidate) && rule(d.rule) && key(d.key);
}

/**
 * Indexes of every decision matching `d`, the winner first: the most specific, then the newest
 * (the later entry in the file). Empty when none matches.
 */
export function rankMatches(
  d: Divergence,
  candidate: string,
  decisions: readonly Decision[],
  matchers: readonly DecisionMatcher[],
): number[] {
  const hits: number[] = [];
  matchers.forEach((m, i) => {
    if (m(d, candidate)) hits.push(i);
  });
  return hits.sort((i, j) => compareSpecificity(decisions[j]!, decisions[i]!) || j - i);
}
