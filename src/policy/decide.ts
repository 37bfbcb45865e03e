import picomatch from 'picomatch';
import { byRisk } from '../compare/engine.js';
import type { Decision } from '../config/policy.js';
import type { AppliedDecision, Divergence } from '../model/divergence.js';

export interface DecideOptions {
  candidate: string;
  /** Injected clock: decisions expire at the end of their `expires` day (UTC). */
  now: Date;
  /** parity.yaml path for decision origins. */
  file?: string;
}

function matcher(decision: Decision): (d: Divergence, candidate: string) => boolean {
  const rule = decision.rule ? picomatch(decision.rule, { dot: true }) : () => true;
  const key = decision.key ? picomatch(decision.key, { dot: true }) : () => true;
  return (d, candidate) =>
    (decision.environment === undefined || decision.environment === candidate) && rule(d.rule) && key(d.key);
}

export function isExpired(decision: Decision, now: Date): boolean {
  if (!decision.expires) return false;
  return now.getTime() > Date.parse(`${decision.expires}T23:59:59.999Z`);
}

/** True when a divergence still needs a team decision (none, or an expired one). */
export function isUndecided(d: Divergence): boolean {
  return !d.decision || d.decision.expired;
}

/**
 * Step 3 of the pipeline: attach the first matching decision to each divergence. Decided
 * divergences stay in the list, marked; expired decisions no longer silence theirs. Pure.
 */
export function applyDecisions(
  divergences: readonly Divergence[],
  decisions: readonly Decision[],
  options: DecideOptions,
): { divergences: Divergence[]; used: Set<number> } {
  const matchers = decisions.map(matcher);
  const used = new Set<number>();
  const out = divergences.map((d) => {
    const index = matchers.findIndex((m) => m(d, options.candidate));
    if (index === -1) return d;
    used.add(index);
    const decision = decisions[index]!;
    const applied: AppliedDecision = {
      decision: decision.decision,
      reason: decision.reason,
      expired: isExpired(decision, options.now),
    };
    if (decision.owner) applied.owner = decision.owner;
    if (decision.expires) applied.expires = decision.expires;
    if (decision.verify) applied.verify = decision.verify;
    if (decision.control) applied.control = decision.control;
    if (options.file)
      applied.origin = {
        source: 'parity.yaml',
        file: options.file,
        ...(decision.line ? { line: decision.line } : {}),
      };
    return { ...d, decision: applied };
  });
  return { divergences: out.sort(undecidedFirst), used };
}

function undecidedFirst(a: Divergence, b: Divergence): number {
  return Number(isUndecided(b)) - Number(isUndecided(a)) || byRisk(a, b);
}
