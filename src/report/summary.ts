import type { Comparison, DimensionResult } from '../model/audit.js';
import { DIMENSIONS, type Dimension, SEVERITIES, type Severity, severityRank } from '../model/dimension.js';
import type { AppliedDecision, Divergence } from '../model/divergence.js';
import type { Origin } from '../model/fact.js';
import type { Skip } from '../model/snapshot.js';
import { decisionState, isUndecided } from '../policy/decide.js';
import { plural } from '../units/plural.js';
import { largestFirst } from './order.js';

export interface SplitDivergences {
  /** Largest first (order.ts): severity, then the size of the difference where known. */
  undecided: Divergence[];
  /** Drafts awaiting a reason (`draft: true`): not decisions, shown as their own state. */
  drafted: Divergence[];
  decided: Divergence[];
  /** Findings left out by `--min-severity` (shown nowhere but counted). */
  hidden: number;
}

/**
 * The divergences in their three states, largest first; with `minSeverity`, only those at or above
 * it (`--min-severity` filters what is shown, never what fails: the exit code reads the audit).
 */
export function splitDivergences(comparison: Comparison, minSeverity?: Severity): SplitDivergences {
  const floor = minSeverity ? severityRank(minSeverity) : Number.NEGATIVE_INFINITY;
  const shown = comparison.divergences.filter((d) => severityRank(d.severity) >= floor);
  const undecided = shown.filter(isUndecided);
  const drafted = shown.filter((d) => decisionState(d) === 'drafted');
  // Array.prototype.sort is stable, so the engine's key order survives among equals.
  undecided.sort(largestFirst);
  drafted.sort(largestFirst);
  return {
    undecided,
    drafted,
    decided: shown.filter((d) => decisionState(d) === 'decided'),
    hidden: comparison.divergences.length - shown.length,
  };
}

/** `3 findings below high not shown (--min-severity high)`, or nothing. */
export function hiddenNote(hidden: number, minSeverity: Severity | undefined): string {
  if (hidden === 0 || !minSeverity) return '';
  return `${plural(hidden, 'finding')} below ${minSeverity} not shown (--min-severity ${minSeverity})`;
}

/** Every dimension in report order; one the engine did not report is unknown, never silently absent. */
export function dimensionRows(comparison: Comparison): DimensionResult[] {
  return DIMENSIONS.map(
    (dimension: Dimension) =>
      comparison.dimensions.find((d) => d.dimension === dimension) ?? {
        dimension,
        status: 'unknown',
        baselineSources: [],
        candidateSources: [],
        facts: 0,
        undecided: 0,
        decided: 0,
      },
  );
}

export const NO_SOURCE_NOTE = 'no source covers it';

export interface AuditCounts {
  undecided: number;
  /** Per severity, most severe first, zero counts left out. */
  bySeverity: { severity: Severity; count: number }[];
  expired: number;
  /** Drafts awaiting a reason: they hold the gate like undecided ones. */
  drafted: number;
  decided: number;
  unknown: number;
}

export function countComparison(comparison: Comparison): AuditCounts {
  const { undecided, drafted, decided } = splitDivergences(comparison);
  const bySeverity = [...SEVERITIES]
    .reverse()
    .map((severity) => ({ severity, count: undecided.filter((d) => d.severity === severity).length }))
    .filter((s) => s.count > 0);
  return {
    undecided: undecided.length,
    bySeverity,
    expired: undecided.filter((d) => d.decision?.expired).length,
    drafted: drafted.length,
    decided: decided.length,
    unknown: dimensionRows(comparison).filter((d) => d.status === 'unknown').length,
  };
}

export { plural };

/** `5 undecided: 1 critical, 2 high (1 decision expired); 12 drafted, awaiting a reason; 2 decided; 3 dimensions unknown` */
export function summaryLine(counts: AuditCounts): string {
  let undecided = `${counts.undecided} undecided`;
  if (counts.bySeverity.length > 0) {
    undecided += `: ${counts.bySeverity.map((s) => `${s.count} ${s.severity}`).join(', ')}`;
  }
  if (counts.expired > 0) undecided += ` (${plural(counts.expired, 'decision', 'decisions')} expired)`;
  const drafted = counts.drafted > 0 ? ` ${counts.drafted} drafted, awaiting a reason;` : '';
  return `${undecided};${drafted} ${counts.decided} decided; ${plural(counts.unknown, 'dimension', 'dimensions')} unknown`;
}

/** `file:line`, else the query, else the source id: where a value was read. */
export function formatOrigin(origin: Origin | undefined): string {
  if (!origin) return '(absent)';
  if (origin.file) return origin.line ? `${origin.file}:${origin.line}` : origin.file;
  if (origin.query) return origin.query;
  return origin.source;
}

/** `file:line` of a skip, or an empty string when the source read no file. */
export function formatSkipLocation(skip: Skip): string {
  if (!skip.file) return '';
  return skip.line ? `${skip.file}:${skip.line}` : skip.file;
}

/** The decision's terms after its kind: `owner platform, expires 2027-03-31, verify: parity data rehearse`. */
export function decisionTerms(decision: AppliedDecision): string[] {
  const terms: string[] = [];
  if (decision.owner) terms.push(`owner ${decision.owner}`);
  if (decision.expires) terms.push(`${decision.expired ? 'expired' : 'expires'} ${decision.expires}`);
  if (decision.verify) terms.push(`verify: ${decision.verify}`);
  if (decision.outranked?.length) {
    // Several decisions match: say which one won and why (the most specific, then the newest).
    const at = decision.origin?.line ? `line ${decision.origin.line} ` : '';
    const others = decision.outranked.length === 1 ? 'line' : 'lines';
    terms.push(`${at}(${decision.match ?? 'most specific'}) over ${others} ${decision.outranked.join(', ')}`);
  }
  return terms;
}

/** `decision expired 2026-01-31 (accept, owner payments)`: why an undecided divergence has a decision. */
export function expiredNote(decision: AppliedDecision): string {
  const terms = [decision.decision, ...(decision.owner ? [`owner ${decision.owner}`] : [])];
  return `decision expired ${decision.expires ?? '(no date)'} (${terms.join(', ')})`;
}

/** A source id is `kind:path` unless the user named it; the kind is what a compact view needs. */
function sourceKind(id: string): string {
  const colon = id.indexOf(':');
  return colon > 0 ? id.slice(0, colon) : id;
}

function distinct(values: string[]): string[] {
  return [...new Set(values)];
}

/**
 * Which sources fed a dimension. Compact: their kinds (`kubernetes, dotenv`) when both sides had
 * the same kinds, else one entry per side (`production: kubernetes`); full: ids per side. Empty
 * when neither side had a source.
 */
export function sourceSides(
  row: DimensionResult,
  baseline: string,
  candidate: string,
  full: boolean,
): string[] {
  if (row.baselineSources.length === 0 && row.candidateSources.length === 0) return [];
  const pick = (ids: string[]) => (full ? ids : distinct(ids.map(sourceKind)));
  const base = pick(row.baselineSources);
  const cand = pick(row.candidateSources);
  if (!full && base.join('\n') === cand.join('\n')) return [base.join(', ')];
  const side = (name: string, sources: string[]) =>
    `${name}: ${sources.length ? sources.join(', ') : 'none'}`;
  return [side(baseline, base), side(candidate, cand)];
}
