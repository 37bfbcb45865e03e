import type { Audit } from '../model/audit.js';
import type { Severity } from '../model/dimension.js';
import type { DecisionKind, Divergence } from '../model/divergence.js';
import { decisionState } from './decide.js';
import { type EntryFields, editDecisions } from './yaml-edit.js';

/** Severities never drafted as `accept` unless `--include` names them. */
export const HELD_SEVERITIES: readonly Severity[] = ['critical', 'high'];

export interface DraftOptions {
  decision: DecisionKind;
  now: Date;
  /** Drafts expire so that a baseline adopted today fires again unless someone decides for real. */
  expiresInDays: number;
  /** Severities of HELD_SEVERITIES that may be drafted as `accept` after all (`--include critical,high`). */
  include?: readonly Severity[];
}

export interface DraftDecision {
  rule: string;
  key: string;
  environment?: string;
  decision: DecisionKind;
  reason: string;
  expires: string;
  verify?: string;
  draft: true;
  /** parity.yaml line of the expired decision this draft renews in place (new expiry, all else kept). */
  renews?: number;
}

export interface DraftPlan {
  drafts: DraftDecision[];
  /** Undecided divergences not drafted because `accept` is not drafted for their severity. */
  held: Divergence[];
  /** Divergences with a draft already in parity.yaml: never offered twice. */
  alreadyDrafted: number;
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * One draft per undecided divergence (rule + key), so the team can adopt and then hold the line.
 * An expired decision is renewed in place rather than duplicated; a divergence that already has a
 * draft is not drafted again; CRITICAL and HIGH are not drafted as `accept` unless included.
 * A draft names the rule and the key, never a value. Pure.
 */
export function planDrafts(audit: Audit, options: DraftOptions): DraftPlan {
  const expires = isoDay(new Date(options.now.getTime() + options.expiresInDays * 86_400_000));
  const today = isoDay(options.now);
  const seen = new Set<string>();
  const plan: DraftPlan = { drafts: [], held: [], alreadyDrafted: 0 };
  const several = audit.comparisons.length > 1;
  for (const c of audit.comparisons) {
    for (const d of c.divergences) {
      const state = decisionState(d);
      if (state === 'decided') continue;
      if (state === 'drafted') {
        plan.alreadyDrafted++;
        continue;
      }
      const renews = state === 'expired' ? d.decision?.origin?.line : undefined;
      const id = renews !== undefined ? `line ${renews}` : `${several ? c.candidate : ''}|${d.rule}|${d.key}`;
      if (seen.has(id)) continue;
      const held =
        options.decision === 'accept' &&
        HELD_SEVERITIES.includes(d.severity) &&
        !(options.include ?? []).includes(d.severity);
      if (held && renews === undefined) {
        plan.held.push(d);
        continue;
      }
      seen.add(id);
      const draft: DraftDecision = {
        rule: d.rule,
        key: d.key,
        ...(several ? { environment: c.candidate } : {}),
        decision: options.decision,
        // Never d.message: it quotes both sides' values, and parity.yaml lives in git.
        reason: `DRAFT (parity decide, ${today}): ${d.title} (${d.kind}). Replace with the team's reason.`,
        expires,
        draft: true,
        ...(renews !== undefined ? { renews } : {}),
      };
      if (options.decision === 'test-elsewhere') draft.verify = 'TODO: the command that tests this elsewhere';
      plan.drafts.push(draft);
    }
  }
  return plan;
}

export function draftDecisions(audit: Audit, options: DraftOptions): DraftDecision[] {
  return planDrafts(audit, options).drafts;
}

/** A new draft's fields in the order a reader expects them. */
function entryOf(draft: DraftDecision): EntryFields {
  return {
    rule: draft.rule,
    key: draft.key,
    environment: draft.environment,
    decision: draft.decision,
    reason: draft.reason,
    verify: draft.verify,
    expires: draft.expires,
    draft: true,
  };
}

/**
 * Writes drafts into parity.yaml's text: new ones appended to `decisions:` as block entries, renewals
 * edited in place (a new `expires`, `draft: true`; reason, owner, control and comments kept). Every
 * other byte of the file is kept.
 */
export function appendDecisions(text: string, drafts: readonly DraftDecision[], file?: string): string {
  return editDecisions(
    text,
    {
      add: drafts.filter((d) => d.renews === undefined).map(entryOf),
      update: drafts.flatMap((d) =>
        d.renews === undefined ? [] : [{ line: d.renews, set: { expires: d.expires, draft: true } }],
      ),
    },
    file,
  );
}
