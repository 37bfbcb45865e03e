import { z } from 'zod';
import { Dimension, Severity } from './dimension.js';
import { Divergence } from './divergence.js';
import { OutsidePath, ReadStatus, Skip } from './snapshot.js';

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
  /** Drafts awaiting a reason (`draft: true`): neither undecided nor decided; they keep the dimension in drift. */
  drafted: z.number().int().nonnegative().optional(),
  /** Why the status is unknown or partial, in plain words. */
  note: z.string().optional(),
});
export type DimensionResult = z.infer<typeof DimensionResult>;

/**
 * Facts present on one side whose absence on the other cannot be claimed, because the other side's
 * sources that would have shown them were not (completely) read. One entry per key prefix and reason.
 */
export const UnknownSubjects = z.object({
  dimension: Dimension,
  /** The side that has the facts; the other side could not be looked at. */
  side: z.enum(['baseline', 'candidate']),
  /** Key prefix the facts share (`infra/workload/`). */
  prefix: z.string(),
  subjects: z.number().int().nonnegative(),
  facts: z.number().int().nonnegative(),
  /** A few subject names, for the report. */
  examples: z.array(z.string()),
  reason: z.string(),
});
export type UnknownSubjects = z.infer<typeof UnknownSubjects>;

/** Baseline against one candidate environment. */
export const Comparison = z.object({
  baseline: z.string(),
  candidate: z.string(),
  dimensions: z.array(DimensionResult),
  /** Undecided first (by severity, then key), then drafted, then decided ones. */
  divergences: z.array(Divergence),
  /** Divergences whose decision is a draft awaiting a reason (`state: drafted`); they hold the gate. */
  drafted: z.number().int().nonnegative().optional(),
  /** Subjects not judged because one side's sources that would show them were not read (added in v1). */
  unknown: z.array(UnknownSubjects).optional(),
});
export type Comparison = z.infer<typeof Comparison>;

export const EnvironmentSkip = Skip.extend({ environment: z.string() });
export type EnvironmentSkip = z.infer<typeof EnvironmentSkip>;

/** A declared source that read nothing (`none`) or only part of its files (`partial`). */
export const UnreadSource = z.object({
  environment: z.string(),
  source: z.string(),
  kind: z.string(),
  read: ReadStatus.exclude(['complete']),
  /** `optional: true` in parity.yaml: reading nothing does not make the audit fail. */
  optional: z.boolean(),
  /** The policy file and line of the source entry. */
  file: z.string().optional(),
  line: z.number().int().positive().optional(),
  reason: z.string(),
});
export type UnreadSource = z.infer<typeof UnreadSource>;

/** The result of an audit: one comparison per candidate environment, and every skip. */
export const Audit = z.object({
  schemaVersion: z.literal(AUDIT_SCHEMA_VERSION),
  generatedAt: z.string(),
  baseline: z.string(),
  comparisons: z.array(Comparison),
  skips: z.array(EnvironmentSkip),
  /**
   * Declared sources that read nothing or only part (added in v1). A required source that read
   * nothing, or a comparison with nothing compared, means the audit could not judge: exit 2 unless
   * `--allow-partial`.
   */
  unread: z.array(UnreadSource).optional(),
  /** Paths read from outside the project because parity.yaml names them literally (reports say so first). */
  outsideProject: z.array(OutsidePath.extend({ environment: z.string() })).optional(),
  /** Decisions in parity.yaml that matched nothing (stale decisions worth cleaning up). */
  unusedDecisions: z.array(
    z.object({ rule: z.string().optional(), key: z.string().optional(), line: z.number().optional() }),
  ),
  /** Counts over every comparison, as the reports' summary line gives them (added in v1, JSON reports). */
  summary: z
    .object({
      undecided: z.number().int().nonnegative(),
      bySeverity: z.record(Severity, z.number().int().nonnegative()),
      expired: z.number().int().nonnegative(),
      drafted: z.number().int().nonnegative(),
      decided: z.number().int().nonnegative(),
      unknownDimensions: z.number().int().nonnegative(),
    })
    .optional(),
  /** The exit status of the command that wrote this report (0 ok, 1 divergences at or above --fail-on, 2 could not judge). */
  exitCode: z.number().int().min(0).max(2).optional(),
  /** `--min-severity`: what the text and markdown reports left out; the JSON report keeps every finding. */
  minSeverity: z.object({ severity: Severity, notShown: z.number().int().nonnegative() }).optional(),
});
export type Audit = z.infer<typeof Audit>;
