import { z } from 'zod';
import { Dimension, Severity } from './dimension.js';
import { FactValue, Origin } from './fact.js';

export const DivergenceKind = z.enum([
  'only-baseline',
  'only-candidate',
  'differs',
  'out-of-scale',
  'shared',
]);
export type DivergenceKind = z.infer<typeof DivergenceKind>;

/** One side of a divergence: the value (secrets stay fingerprints) and where it was read. */
export const Side = z.object({
  value: FactValue,
  unit: z.string().optional(),
  origin: Origin,
});
export type Side = z.infer<typeof Side>;

export const DecisionKind = z.enum(['accept', 'eliminate', 'test-elsewhere']);
export type DecisionKind = z.infer<typeof DecisionKind>;

/** A team decision as applied to one divergence. `expired` decisions no longer silence it. */
export const AppliedDecision = z.object({
  decision: DecisionKind,
  reason: z.string(),
  owner: z.string().optional(),
  expires: z.string().optional(),
  verify: z.string().optional(),
  control: z.string().optional(),
  expired: z.boolean(),
  /** `draft: true` in parity.yaml (written by `parity decide --write`): awaiting a reason, not a decision. */
  draft: z.boolean().optional(),
  /** How the winning decision names the divergence: exact key > key glob > rule-wide (README, Decisions). */
  match: z.enum(['exact key', 'key glob', 'rule-wide']).optional(),
  /** parity.yaml lines of other decisions that match too and lost: less specific, or older. */
  outranked: z.array(z.number().int().positive()).optional(),
  /** Where the decision is written (parity.yaml:line). */
  origin: Origin.optional(),
});
export type AppliedDecision = z.infer<typeof AppliedDecision>;

/**
 * Where a divergence stands: no decision, a decision past its expiry, a draft awaiting a reason, or
 * a live decision. Only `decided` releases the gate (`--fail-on`).
 */
export const DecisionState = z.enum(['undecided', 'expired', 'drafted', 'decided']);
export type DecisionState = z.infer<typeof DecisionState>;

/** One finding folded into a group: its own rule, key, message and sides. */
export const GroupMember = z.object({
  rule: z.string(),
  key: z.string(),
  /** The candidate's key when it is another than the baseline's (`PROD_HOST` / `STAGING_HOST`). */
  candidateKey: z.string().optional(),
  severity: Severity,
  message: z.string(),
  baseline: Side.optional(),
  candidate: Side.optional(),
});
export type GroupMember = z.infer<typeof GroupMember>;

/**
 * Findings reported as one: values that differ only by the environments' own names, or one rule's
 * same difference on many subjects. `members` lists every finding folded in.
 */
export const DivergenceGroup = z.object({
  /** What the members share, in words: `preprod for (none)`, `tag latest for a pinned tag`. */
  pattern: z.string(),
  members: z.array(GroupMember),
});
export type DivergenceGroup = z.infer<typeof DivergenceGroup>;

/** A difference between the baseline and a candidate environment that a rule judged to matter. */
export const Divergence = z.object({
  rule: z.string(),
  dimension: Dimension,
  key: z.string(),
  kind: DivergenceKind,
  severity: Severity,
  title: z.string(),
  /** One line naming what differs, with both values. */
  message: z.string(),
  risk: z.string(),
  baseline: Side.optional(),
  candidate: Side.optional(),
  /** Extra detail a rule wants to show (ratios, expected values); never a secret. */
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  decision: AppliedDecision.optional(),
  /** Set by the decide step (absent in audits written before drafts existed: derive it from `decision`). */
  state: DecisionState.optional(),
  /** Set on a grouped finding (added in v1): the findings it stands for. */
  group: DivergenceGroup.optional(),
});
export type Divergence = z.infer<typeof Divergence>;
