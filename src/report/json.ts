import type { Audit } from '../model/audit.js';
import { SEVERITIES, type Severity } from '../model/dimension.js';
import { countComparison, dimensionRows, splitDivergences } from './summary.js';

export interface JsonOptions {
  /** The exit status the command returns (computed by the same function as the process exit). */
  exitCode?: number;
  /** `--min-severity`: recorded, with how many findings the other formats left out; nothing is dropped here. */
  minSeverity?: Severity;
}

type Summary = NonNullable<Audit['summary']>;

/** The summary line's counts, over every comparison. */
export function auditSummary(audit: Audit): Summary {
  const bySeverity = Object.fromEntries([...SEVERITIES].reverse().map((s) => [s, 0])) as Record<
    Severity,
    number
  >;
  const summary: Summary = {
    undecided: 0,
    bySeverity,
    expired: 0,
    drafted: 0,
    decided: 0,
    unknownDimensions: 0,
  };
  for (const comparison of audit.comparisons) {
    const counts = countComparison(comparison);
    summary.undecided += counts.undecided;
    for (const { severity, count } of counts.bySeverity) bySeverity[severity] += count;
    summary.expired += counts.expired;
    summary.drafted += counts.drafted;
    summary.decided += counts.decided;
    summary.unknownDimensions += dimensionRows(comparison).filter((d) => d.status === 'unknown').length;
  }
  return summary;
}

/**
 * The Audit as is, pretty-printed, with the summary counts and the exit status: it carries its
 * `schemaVersion`, so scripts can rely on its shape (schema/audit.schema.json). Divergences in
 * the reports' order: undecided largest first, then drafted, then decided.
 * Values are already safe: secrets travel as keyed fingerprints, never as values.
 */
export function renderJson(audit: Audit, options: JsonOptions = {}): string {
  let notShown = 0;
  const comparisons = audit.comparisons.map((c) => {
    const all = splitDivergences(c);
    if (options.minSeverity) notShown += splitDivergences(c, options.minSeverity).hidden;
    return { ...c, divergences: [...all.undecided, ...all.drafted, ...all.decided] };
  });
  const out: Audit = { ...audit, comparisons, summary: auditSummary(audit) };
  if (options.exitCode !== undefined) out.exitCode = options.exitCode;
  if (options.minSeverity) out.minSeverity = { severity: options.minSeverity, notShown };
  return `${JSON.stringify(out, null, 2)}\n`;
}
