import { byRisk } from '../compare/engine.js';
import type { Decision } from '../config/policy.js';
import type { AppliedDecision, DecisionState, Divergence } from '../model/divergence.js';
import { matchClass, matcher, rankMatches } from './specificity.js';

export interface DecideOptions {
  candidate: string;
  /** Injected clock: decisions expire at the end of their `expires` day (UTC). */
  now: Date;
  /** parity.yaml path for decision origins. */
  file?: string;
}

export function isExpired(decision: Pick<Decision, 'expires'>, now: Date): boolean {
  if (!decision.expires) return false;
  return now.getTime() > Date.parse(`${decision.expires}T23:59:59.999Z`);
}

/** Where a divergence stands; an expired draft is expired (it fires again, like any decision). */
export function decisionState(d: Divergence): DecisionState {
  if (!d.decision) return 'undecided';
  if (d.decision.expired) return 'expired';
  return d.decision.draft ? 'drafted' : 'decided';
}

/** True when a divergence still needs a team decision (none, or an expired one). Drafts are not undecided. */
export function isUndecided(d: Divergence): boolean {
  const state = decisionState(d);
  return state === 'undecided' || state === 'expired';
}

/** True when a live, reasoned decision covers the divergence: only then does it stop holding the gate. */
export function isSettled(d: Divergence): boolean {
  return decisionState(d) === 'decided';
}

/**
 * Step 3 of the pipeline: attach the matching decision to each divergence: the most specific, then
 * the newest (src/policy/specificity.ts). Decided divergences stay in the list, marked; expired
 * decisions and drafts do not settle theirs. `used` holds the decisions that matched something. Pure.
 */
export function applyDecisions(
  divergences: readonly Divergence[],
  decisions: readonly Decision[],
  options: DecideOptions,
): { divergences: Divergence[]; used: Set<number> } {
  const matchers = decisions.map(matcher);
  const used = new Set<number>();
  const out = divergences.map((d): Divergence => {
    const [index, ...others] = rankMatches(d, options.candidate, decisions, matchers);
    if (index === undefined) return { ...d, state: 'undecided' };
    // Used means matched: one that loses here is named in the winner's `outranked`, not "unused".
    used.add(index);
    for (const i of others) used.add(i);
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
    if (decision.draft) applied.draft = true;
    if (others.length > 0) {
      applied.match = matchClass(decision);
      const lines = others.flatMap((i) => (decisions[i]!.line ? [decisions[i]!.line!] : []));
      if (lines.length > 0) applied.outranked = lines;
    }
    if (options.file)
      applied.origin = {
        source: 'parity.yaml',
        file: options.file,
        ...(decision.line ? { line: decision.line } : {}),
      };
    const decided = { ...d, decision: applied };
    return { ...decided, state: decisionState(decided) };
  });
  return { divergences: out.sort(openFirst), used };
}

const order: Record<DecisionState, number> = { undecided: 0, expired: 0, drafted: 1, decided: 2 };

function openFirst(a: Divergence, b: Divergence): number {
  return order[decisionState(a)] - order[decisionState(b)] || byRisk(a, b);
}
