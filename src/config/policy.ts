import type { ScaleAxis } from '../model/fact.js';
import type { Skip } from '../model/snapshot.js';
import type { SourceSpec } from '../sources/types.js';
import type { UserRegex } from '../user-regex.js';
import type { DecisionEntry } from './schema.js';

/** A declared source that cannot run (an unset ${VAR} on an `optional: true` source). */
export interface UnavailableSource extends Skip {
  kind: string;
  optional: boolean;
}

/** One configuration mistake, with its parity.yaml line. */
export interface ConfigProblem {
  line?: number;
  message: string;
}

export interface EnvironmentPolicy {
  name: string;
  production: boolean;
  sources: SourceSpec[];
  /** Words that name this environment (`tokens:`), besides its name and the usual aliases. */
  tokens: string[];
  /** Optional sources that cannot run (an unset ${VAR}): reported as not read, never dropped. */
  unavailable: UnavailableSource[];
  /**
   * Mistakes that matter only when this environment is collected (an unset ${VAR} of a required
   * source): `parity snapshot staging` runs where production's variables are not set.
   */
  problems: ConfigProblem[];
}

export interface RenameRule {
  /** A RegExp, or a user's pattern compiled for the linear-time engine (src/user-regex.ts). */
  match: RegExp | UserRegex;
  replace: string;
}

export interface Decision extends DecisionEntry {
  /** parity.yaml line of the decision, for reports and `decide`. */
  line?: number;
}

/** parity.yaml after validation and interpolation: what the pipeline runs on. */
export interface Policy {
  file: string;
  baseDir: string;
  baseline: string;
  environments: Record<string, EnvironmentPolicy>;
  scale: Record<ScaleAxis, number>;
  tolerance: number;
  rename: RenameRule[];
  decisions: Decision[];
  /** `parity traffic replay` targets allowed, and hosts refused as production. */
  replay: { allow: string[]; production: string[] };
}

export const DEFAULT_TOLERANCE = 0.5;
