import type { z } from 'zod';
import type { Dimension } from '../model/dimension.js';
import type { Fact, FactValue } from '../model/fact.js';
import type { Skip } from '../model/snapshot.js';

/** What every source entry in parity.yaml has; the rest is the source's own `options` schema. */
export interface SourceSpec {
  kind: string;
  /** Stable id used in origins; defaults to `kind:path`. */
  id: string;
  /** Paths (files, directories or globs) relative to `baseDir`, when the source reads files. */
  paths: string[];
  /** Where parity.yaml lives; paths resolve against it. */
  baseDir: string;
  /** The remaining keys of the source entry, validated by the source's `options` schema. */
  options: Record<string, unknown>;
  /** parity.yaml line of this source entry, for errors. */
  line?: number;
  /** `optional: true`: a source that reads nothing is reported, but does not fail the audit. */
  optional?: boolean;
}

/** Turns a secret value into its keyed fingerprint. Injected so tests and snapshots control the key. */
export type Fingerprinter = (value: string) => string;

export interface CollectContext {
  environment: string;
  /** True for the baseline when it is production-like: sources must stay read-only and cautious. */
  production: boolean;
  fingerprint: Fingerprinter;
}

export interface SourceResult {
  facts: Fact[];
  skips: Skip[];
  /**
   * What this reading could have shown, when it is less than the kind's `produces` (Helm values
   * read without rendering their chart show no RBAC or Services): the reach coverage records.
   */
  produces?: readonly string[];
}

/** A source kind: one folder under src/sources, registered in src/sources/index.ts. */
export interface SourceModule<O = Record<string, unknown>> {
  kind: string;
  /** One line for the README and `parity sources`. */
  description: string;
  /** Link to the format's own documentation. */
  docs?: string;
  /** Dimensions this source can cover (coverage counts only those it produced facts for). */
  dimensions: readonly Dimension[];
  /**
   * Fact-key prefixes this kind produces (`infra/workload/`). When this source is not fully read on
   * one side, the other side's facts under these prefixes are unknown, not absent (docs/facts.md).
   */
  produces: readonly string[];
  /** Does it read files (`path:` required) or a live endpoint (`url:`)? */
  input: 'files' | 'url';
  /** zod schema of the source's own options (strict: unknown keys are config errors). */
  options: z.ZodType<O>;
  collect(spec: SourceSpec, options: O, ctx: CollectContext): Promise<SourceResult>;
}

export type { Fact, FactValue, Skip };
