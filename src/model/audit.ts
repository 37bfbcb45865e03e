import { z } from 'zod';
import { Dimension } from './dimension.js';
import { Divergence } from './divergence.js';
import { OutsidePath, Skip } from './snapshot.js';

export const AUDIT_SCHEMA_VERSION = 1;

export const DimensionStatus = z.enum(['parity', 'drift', 'unknown']);
export type DimensionStatus = z.infer<typeof DimensionStatus>;

/** Per-dimension result: unknown when no source covered it on either side. */
export const DimensionResult = z.object({
  dimension: Dimension,
  status: DimensionStatus,
  /** Sources that covered this dimension, per side. */
  baselineSources: z.array(z.string()),
  candidateSources: z.array(z.string()),
  facts: z.number().int().nonnegative(),
  undecided: z.number().int().nonnegative(),
  decided: z.number().int().nonnegative(),
  /** Why the status is unknown or partial, in plain words. */
  note: z.string().optional(),
});
export type DimensionResult = z.infer<typeof DimensionResult>;

/** Baseline against one candidate environment. */
export const Comparison = z.object({
  baseline: z.string(),
  candidate: z.string(),
  dimensions: z.array(DimensionResult),
  /** Undecided first (by severity, then key), then decided ones. */
  divergences: z.array(Divergence),
});
export type Comparison = z.infer<typeof Comparison>;

export const EnvironmentSkip = Skip.extend({ environment: z.string() });
export type EnvironmentSkip = z.infer<typeof EnvironmentSkip>;

/** The result of an audit: one comparison per candidate environment, and every skip. */
export const Audit = z.object({
  schemaVersion: z.literal(AUDIT_SCHEMA_VERSION),
  generatedAt: z.string(),
  baseline: z.string(),
  comparisons: z.array(Comparison),
  skips: z.array(EnvironmentSkip),
  /** Paths read from outside the project because parity.yaml names them literally (reports say so first). */
  outsideProject: z.array(OutsidePath.extend({ environment: z.string() })).optional(),
  /** Decisions in parity.yaml that matched nothing (stale decisions worth cleaning up). */
  unusedDecisions: z.array(
    z.object({ rule: z.string().optional(), key: z.string().optional(), line: z.number().optional() }),
  ),
});
export type Audit = z.infer<typeof Audit>;
