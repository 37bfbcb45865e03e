import type { PlanComparison } from '../../data/plans/plans.js';
import type { PlanNames } from '../../data/plans/render.js';
import type { RehearseResult } from '../../data/rehearse/rehearse.js';
import type { Audit } from '../../model/audit.js';
import type { Skip } from '../../model/snapshot.js';
import type { TrafficProfile } from '../../traffic/profile/schema.js';
import type { ReplayResult } from '../../traffic/replay/run.js';
import type { JsonOptions } from '../json.js';
import type { MarkdownOptions } from '../markdown.js';
import type { TextOptions } from '../text.js';

/** Options of every format in one bag; each format reads its own. */
export interface ReportOptions extends Partial<TextOptions>, MarkdownOptions, JsonOptions {}

/** `parity data plans`: both databases' plans of each query. */
export interface PlansReport {
  comparisons: readonly PlanComparison[];
  names: PlanNames;
  /** Statements of the query file that were not planned, and why. */
  skips: readonly Skip[];
}

/** `parity data rehearse`: the queries planned and run on a scratch database at production volume. */
export interface RehearsalReport {
  result: RehearseResult;
  skips: readonly Skip[];
  stagingName: string;
}

/** `parity traffic replay`: what the replay sent and measured. */
export interface ReplayReport {
  result: ReplayResult;
  /** Requests left out because their method is not allowed, by method (Workload.skippedMethods). */
  skippedMethods: Record<string, number>;
  /** Requests left out because their target is not a path (Workload.notOriginForm). */
  notOriginForm: number;
}

/**
 * One report format: how it writes every report a command prints. A format is one entry in
 * REPORT_FORMATS (src/model/constants.ts), one file in this folder exporting its writer, and its
 * line in REPORT_WRITERS (index.ts); TypeScript refuses the build until all three agree, and
 * src/report/formats/index.test.ts fails when a command renders past the writers.
 */
export interface ReportWriter {
  /**
   * What the text is: `terminal` (the CLI colours it on one, the demo frames it with its banner),
   * `document` (a file or a comment), or `data` (for scripts: redacted value by value before it is
   * written, never as text, where a mask could cut through its quoting and leave it invalid).
   */
  readonly medium: 'terminal' | 'document' | 'data';
  /** The audit, already redacted (renderAudit redacts prose again after, see `medium`). */
  audit(audit: Audit, options: ReportOptions): string;
  plans(report: PlansReport): string;
  rehearsal(report: RehearsalReport): string;
  /** `parity traffic profile`; `top` is how many endpoints to list (the format's default when absent). */
  profile(profile: TrafficProfile, top?: number): string;
  replay(report: ReplayReport): string;
}

/** The reports every writer writes: the functions of ReportWriter. */
export type ReportKind = Exclude<keyof ReportWriter, 'medium'>;
