import type { Dimension, Severity } from '../model/dimension.js';
import type { DivergenceKind } from '../model/divergence.js';
import type { Fact, ScaleAxis } from '../model/fact.js';

/** The same key in both environments (after name normalisation); one side may be missing. */
export interface FactPair {
  key: string;
  baseline?: Fact;
  candidate?: Fact;
}

/** Everything a rule may look at. All of it is values: rules are pure. */
export interface RuleContext {
  baselineName: string;
  candidateName: string;
  /** Declared ratio candidate/baseline per axis (1 when not declared). */
  scale: Record<ScaleAxis, number>;
  /** Accepted relative deviation from the declared ratio (0.5 = expected / 1.5 .. expected * 1.5). */
  tolerance: number;
  /** Normalised facts of each side, by key. */
  baseline: ReadonlyMap<string, Fact>;
  candidate: ReadonlyMap<string, Fact>;
  /** False when the two snapshots were fingerprinted with different keys: shared-secret checks are off. */
  fingerprintsComparable: boolean;
}

/** What a rule found; the engine turns it into a Divergence with the rule's id, risk and origins. */
export interface Finding {
  kind: DivergenceKind;
  /** One line naming what differs with both values, e.g. "PAYMENT_TIMEOUT_MS: production 5000, staging 30000". */
  message: string;
  /** Defaults to the pair's key. */
  key?: string;
  baseline?: Fact;
  candidate?: Fact;
  /** Overrides the rule's severity for this finding. */
  severity?: Severity;
  detail?: Record<string, string | number | boolean | null>;
}

/**
 * A named check. Pair rules (`appliesTo` + `judge`) own the pairs they apply to: the first rule in
 * catalogue order whose `appliesTo` is true judges the pair, so a specific rule (timeout differs)
 * wins over a general one (env value differs). Scan rules look across whole environments.
 */
export interface Rule {
  id: string;
  dimension: Dimension;
  severity: Severity;
  title: string;
  /** Which production incident this difference lets through, in plain words. */
  risk: string;
  /** The usual remedy. */
  remedy: string;
  /** Only pairs of the rule's own dimension are offered to it. */
  appliesTo?(pair: FactPair, ctx: RuleContext): boolean;
  judge?(pair: FactPair, ctx: RuleContext): Finding | null;
  scan?(ctx: RuleContext): Finding[];
  /**
   * Scan rules run only when both sides cover the rule's dimension; `anyCoverage` rules run
   * whatever the coverage, because their evidence can come from any source (a shared secret).
   */
  anyCoverage?: boolean;
}
