import type { Audit, Comparison } from '../model/audit.js';
import type { Severity } from '../model/dimension.js';
import {
  details,
  finishDocument,
  GITHUB_COMMENT_LIMIT,
  type MdLine,
  truncatedNotice,
} from './markdown-doc.js';
import { mdCode, mdText } from './markdown-escape.js';
import {
  decidedTable,
  dimensionTable,
  riskLegend,
  skipsTable,
  undecidedTable,
  unusedDecisionsTable,
} from './markdown-tables.js';
import {
  countComparison,
  dimensionRows,
  hiddenNote,
  plural,
  splitDivergences,
  summaryLine,
} from './summary.js';

export interface MarkdownOptions {
  /** Undecided rows shown before the rest collapse into `<details>`; 20 by default. */
  maxRows?: number;
  /** Size cap of the whole comment; GitHub's 65,536 characters by default, at least 1,000. */
  maxChars?: number;
  /** `--min-severity`: findings below it are not shown (the comment says how many). */
  minSeverity?: Severity;
}

export const DEFAULT_MAX_ROWS = 20;
/** Below this a truncated comment would be little more than its notice. */
const MIN_CHARS = 1000;

/** Lets a bot find and update its previous comment instead of adding one per run. */
export const MARKDOWN_MARKER = '<!-- parity-audit -->';

/** First in the comment: declared sources that read nothing or only part. */
function unreadLines(audit: Audit): MdLine[] {
  const unread = audit.unread ?? [];
  if (unread.length === 0) return [];
  const items = unread.map((u) => {
    const where = u.line ? ` (${mdCode(`${u.file ?? 'parity.yaml'}:${u.line}`)})` : '';
    const what = u.read === 'none' ? 'read nothing' : 'read in part';
    return {
      text: `- ${mdText(u.environment)}: ${mdCode(u.source)}${where} ${what}${u.optional ? ' (optional)' : ''}: ${mdText(u.reason)}`,
    };
  });
  return [
    { text: `> [!WARNING]` },
    {
      text: `> **Could not read ${plural(unread.length, 'source', 'sources')}**; what they would show is not compared.`,
    },
    { text: '' },
    ...items,
    { text: '' },
  ];
}

/** Subjects seen on one side only whose absence on the other is unknown. */
function notComparedLines(comparison: Comparison): MdLine[] {
  const groups = comparison.unknown ?? [];
  if (groups.length === 0) return [];
  const subjects = groups.reduce((n, g) => n + g.subjects, 0);
  const rows = groups.map((g) => ({
    text: `- ${mdCode(g.prefix)} ${g.subjects} in ${mdText(g.side === 'baseline' ? comparison.baseline : comparison.candidate)} (${mdText(g.examples.join(', '))}): ${mdText(g.reason)}`,
  }));
  return [
    ...details(
      `Not compared: ${plural(subjects, 'subject', 'subjects')} seen on one side only, where the other side was not read`,
      rows,
    ),
    { text: '' },
  ];
}

function comparisonLines(comparison: Comparison, maxRows: number, minSeverity?: Severity): MdLine[] {
  const { undecided, drafted, decided, hidden } = splitDivergences(comparison, minSeverity);
  const note = hiddenNote(hidden, minSeverity);
  const id = `${comparison.baseline}/${comparison.candidate}`;
  const lines: MdLine[] = [
    { text: `## Parity audit: ${mdText(comparison.candidate)} against ${mdText(comparison.baseline)}` },
    { text: '' },
    { text: `**${mdText(summaryLine(countComparison(comparison)))}**` },
    { text: '' },
    ...(note ? [{ text: `_${mdText(note)}_` }, { text: '' }] : []),
    ...notComparedLines(comparison),
    ...dimensionTable(comparison),
    { text: '' },
    { text: `### Risk register: ${undecided.length} undecided` },
    { text: '' },
  ];
  if (undecided.length === 0) {
    const allUnknown = dimensionRows(comparison).every((d) => d.status === 'unknown');
    lines.push({
      text: allUnknown
        ? 'Nothing was compared: no dimension has evidence.'
        : minSeverity && splitDivergences(comparison).undecided.length > 0
          ? `No undecided divergences at or above ${minSeverity}.`
          : 'No undecided divergences in the dimensions that have evidence.',
    });
  } else {
    lines.push(...undecidedTable(undecided.slice(0, maxRows), `${id}:first`));
    const rest = undecided.slice(maxRows);
    if (rest.length > 0) {
      const more = (n: number) =>
        n === rest.length
          ? plural(n, 'more undecided divergence')
          : `${plural(rest.length, 'more undecided divergence')} (${n} here, the rest cut to fit)`;
      lines.push(
        { text: '' },
        ...details(more(rest.length), undecidedTable(rest, `${id}:rest`), {
          block: `${id}:rest`,
          text: more,
        }),
      );
    }
  }
  const legend = riskLegend([...undecided, ...drafted]);
  if (legend.length > 0) lines.push({ text: '' }, ...legend);
  if (drafted.length > 0) {
    // Not decisions: each holds the gate until its reason is written and `draft: true` removed.
    const summary = `${drafted.length} drafted, awaiting a reason (not decisions: they hold the gate)`;
    lines.push({ text: '' }, ...details(summary, undecidedTable(drafted, `${id}:drafted`)));
  }
  if (decided.length > 0) {
    lines.push({ text: '' }, ...details(`${decided.length} decided`, decidedTable(decided, `${id}:decided`)));
  }
  return lines;
}

/** A pull-request comment: per comparison a summary, the dimension map and the risk register; long parts collapsed. */
export function renderMarkdown(audit: Audit, options: MarkdownOptions = {}): string {
  const maxRows = Number.isFinite(options.maxRows)
    ? Math.max(0, Math.floor(options.maxRows ?? 0))
    : DEFAULT_MAX_ROWS;
  const lines: MdLine[] = [{ text: MARKDOWN_MARKER }, ...unreadLines(audit)];
  // First: what was read from outside the project, named literally in parity.yaml.
  if (audit.outsideProject?.length) {
    lines.push({ text: '**Read from outside the project** (named in parity.yaml):' });
    for (const o of audit.outsideProject)
      lines.push({ text: `- ${mdText(o.environment)} · ${mdText(o.source)} · ${mdText(o.file)}` });
    lines.push({ text: '' });
  }
  for (const comparison of audit.comparisons)
    lines.push(...comparisonLines(comparison, maxRows, options.minSeverity), { text: '' });
  if (audit.comparisons.length === 0) {
    lines.push(
      { text: `Parity audit: nothing compared: no environment besides ${mdText(audit.baseline)}.` },
      { text: '' },
    );
  }
  if (audit.skips.length > 0) {
    lines.push(
      ...details(`Could not read: ${plural(audit.skips.length, 'skip', 'skips')}`, skipsTable(audit)),
      { text: '' },
    );
  }
  if (audit.unusedDecisions.length > 0) {
    const summary = `${plural(audit.unusedDecisions.length, 'unused decision', 'unused decisions')} (they match nothing)`;
    lines.push(...details(summary, unusedDecisionsTable(audit)), { text: '' });
  }
  lines.push({ text: `<sub>Parity, ${mdText(audit.generatedAt)}</sub>` });
  const maxChars = Number.isFinite(options.maxChars)
    ? Math.max(MIN_CHARS, options.maxChars ?? 0)
    : GITHUB_COMMENT_LIMIT;
  return finishDocument(lines, maxChars, truncatedNotice);
}
