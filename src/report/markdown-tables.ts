import type { Audit, Comparison, DimensionStatus } from '../model/audit.js';
import type { Severity } from '../model/dimension.js';
import type { Divergence, DivergenceGroup, Side } from '../model/divergence.js';
import { formatValue } from '../rule-kit/values.js';
import type { MdLine } from './markdown-doc.js';
import { mdCode, mdText, tableRow } from './markdown-escape.js';
import {
  decisionTerms,
  dimensionRows,
  expiredNote,
  formatOrigin,
  formatSkipLocation,
  NO_SOURCE_NOTE,
  sourceSides,
} from './summary.js';

const SEVERITY_MARK: Record<Severity, string> = {
  critical: '🔴',
  high: '🟠',
  medium: '🟡',
  low: '🔵',
  info: '⚪',
};

const STATUS_MARK: Record<DimensionStatus, string> = { parity: '✅', drift: '⚠️', unknown: '❓' };

/** A table; with `block`, its rows are findings of that block (counted when the comment is cut). */
function table(header: string[], align: string[], rows: string[][], block?: string): MdLine[] {
  const body = rows.map((r) => ({ text: tableRow(r), ...(block === undefined ? {} : { row: block }) }));
  return [{ text: tableRow(header) }, { text: tableRow(align) }, ...body];
}

/** The eight-dimension map as a table; unknown is bold and says why. */
export function dimensionTable(comparison: Comparison): MdLine[] {
  const rows = dimensionRows(comparison).map((row) => {
    const sources = sourceSides(row, comparison.baseline, comparison.candidate, false)
      .map(mdText)
      .join('<br>');
    if (row.status === 'unknown') {
      const status = `${STATUS_MARK.unknown} **unknown**: ${mdText(row.note ?? NO_SOURCE_NOTE)}`;
      return [row.dimension, status, '', '', sources];
    }
    const status = `${STATUS_MARK[row.status]} ${row.status}${row.note ? `: ${mdText(row.note)}` : ''}`;
    const undecided = row.drafted ? `${row.undecided} (+${row.drafted} drafted)` : String(row.undecided);
    return [row.dimension, status, undecided, String(row.decided), sources];
  });
  return table(
    ['dimension', 'status', 'undecided', 'decided', 'sources'],
    ['---', '---', '--:', '--:', '---'],
    rows,
  );
}

function where(label: string, side: Side | undefined): string {
  return `${label}: ${side ? mdCode(formatOrigin(side.origin)) : '(absent)'}`;
}

const UNDECIDED_HEADER = ['severity', 'rule', 'what', 'where'];
const UNDECIDED_ALIGN = ['---', '---', '---', '---'];

function undecidedRow(d: Divergence): string[] {
  // The risk is the rule's: stated once per rule under the register (riskLegend), not per row.
  let what = mdText(d.message);
  if (d.decision?.expired) what += `<br>⏰ ${mdText(expiredNote(d.decision))}`;
  if (d.group) what += groupList(d.group);
  const places =
    d.baseline || d.candidate ? [where('baseline', d.baseline), where('candidate', d.candidate)] : [];
  return [`${SEVERITY_MARK[d.severity]} ${d.severity}`, mdCode(d.rule), what, places.join('<br>')];
}

const MEMBER_VALUE_CHARS = 80;

/** A grouped finding's members, collapsed inside its cell: key, then both values. */
function groupList(group: DivergenceGroup): string {
  const value = (side: Side | undefined) => {
    const text = side ? formatValue(side.value, side.unit) : '(absent)';
    return mdText(text.length > MEMBER_VALUE_CHARS ? `${text.slice(0, MEMBER_VALUE_CHARS)}…` : text);
  };
  const items = group.members.map(
    (m) =>
      `${mdCode(m.candidateKey ? `${m.key} / ${m.candidateKey}` : m.key)}: ${value(m.baseline)} → ${value(m.candidate)}`,
  );
  return `<details><summary>all ${group.members.length}</summary>${items.join('<br>')}</details>`;
}

/** Undecided divergences, most severe first; a table of its own per chunk (first rows, the rest). */
export function undecidedTable(divergences: Divergence[], block: string): MdLine[] {
  return table(UNDECIDED_HEADER, UNDECIDED_ALIGN, divergences.map(undecidedRow), block);
}

/** Each rule's risk, once: `- \`rule\`: risk` (a rule whose findings name different risks lists each). */
export function riskLegend(divergences: Divergence[]): MdLine[] {
  const risks = new Map<string, Set<string>>();
  for (const d of divergences) risks.set(d.rule, (risks.get(d.rule) ?? new Set()).add(d.risk));
  if (risks.size === 0) return [];
  const items = [...risks].map(([rule, set]) => ({
    text: `- ${mdCode(rule)}: ${[...set].map(mdText).join(' / ')}`,
  }));
  return [{ text: '**Risk, per rule:**' }, { text: '' }, ...items];
}

/** Decided divergences: the decision, what it covers, why, and its terms (owner, expiry, verify). */
export function decidedTable(divergences: Divergence[], block: string): MdLine[] {
  const rows = divergences.map((d) => {
    const decision = d.decision;
    const terms = decision
      ? decisionTerms(decision).map((t) =>
          t.startsWith('verify: ') ? `verify: ${mdCode(t.slice(8))}` : mdText(t),
        )
      : [];
    return [
      decision?.decision ?? '',
      mdCode(d.rule),
      mdText(d.message),
      mdText(decision?.reason ?? ''),
      terms.join('<br>'),
    ];
  });
  return table(
    ['decision', 'rule', 'what', 'reason', 'terms'],
    ['---', '---', '---', '---', '---'],
    rows,
    block,
  );
}

/** What could not be read, per environment, with file:line and the reason. */
export function skipsTable(audit: Audit): MdLine[] {
  const rows = audit.skips.map((s) => [
    mdText(s.environment),
    mdCode(s.source),
    mdCode(formatSkipLocation(s)),
    mdText(s.reason),
  ]);
  return table(['environment', 'source', 'where', 'reason'], ['---', '---', '---', '---'], rows);
}

/** Decisions in parity.yaml that matched nothing. */
export function unusedDecisionsTable(audit: Audit): MdLine[] {
  const rows = audit.unusedDecisions.map((d) => [
    d.rule ? mdCode(d.rule) : '(any)',
    d.key ? mdCode(d.key) : '(any)',
    d.line ? String(d.line) : '',
  ]);
  return table(['rule', 'key', 'line'], ['---', '---', '--:'], rows);
}
