import { plural } from '../units/plural.js';

/**
 * A markdown document as lines that know whether they open or close a `<details>` block, so it
 * can be cut to a size limit and still be well formed.
 */
export interface MdLine {
  text: string;
  opens?: boolean;
  closes?: boolean;
  /** A finding's table row, in the block of this id: counted when the document is cut. */
  row?: string;
  /** A block's summary that counts its rows: rewritten with the rows really kept when cut. */
  counts?: { block: string; text: (rows: number) => string };
}

/** GitHub rejects issue and pull-request comments longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/** A collapsed block: the summary stays visible, the lines show on a click. */
export function details(summary: string, lines: MdLine[], counts?: MdLine['counts']): MdLine[] {
  // Blank lines around the content make GitHub render it as markdown, not as raw HTML text.
  return [
    { text: '<details>', opens: true },
    { text: `<summary>${summary}</summary>`, ...(counts ? { counts } : {}) },
    { text: '' },
    ...lines,
    { text: '' },
    { text: '</details>', closes: true },
  ];
}

const CLOSE = '\n\n</details>';
/** Room kept per open block for its summary's count to grow when rewritten. */
const SUMMARY_SLACK = 40;

/**
 * Joins the lines; when the result would pass `limit` characters, keeps whole lines (so tables
 * keep whole rows), closes the `<details>` blocks left open and ends with `notice`, told how many
 * findings were left out. A block summary that counts its rows then counts the rows it kept.
 */
export function finishDocument(lines: MdLine[], limit: number, notice: (cut: number) => string): string {
  const full = `${lines.map((l) => l.text).join('\n')}\n`;
  if (full.length <= limit) return full;
  const rows = lines.filter((l) => l.row !== undefined).length;
  const tail = notice(rows);
  const kept: MdLine[] = [];
  let size = 0;
  let depth = 0;
  for (const line of lines) {
    const nextDepth = depth + (line.opens ? 1 : 0) - (line.closes ? 1 : 0);
    // Room for this line, the closing tags it would leave owed, and the notice after a blank line.
    const reserve = nextDepth * (CLOSE.length + SUMMARY_SLACK) + tail.length + 4;
    if (size + line.text.length + 1 + reserve > limit) break;
    kept.push(line);
    size += line.text.length + 1;
    depth = nextDepth;
  }
  const keptRows = new Map<string, number>();
  for (const l of kept) if (l.row !== undefined) keptRows.set(l.row, (keptRows.get(l.row) ?? 0) + 1);
  const cut = rows - [...keptRows.values()].reduce((a, b) => a + b, 0);
  const text = kept.map((l) =>
    l.counts ? `<summary>${l.counts.text(keptRows.get(l.counts.block) ?? 0)}</summary>` : l.text,
  );
  // A blank line first: text right under a table would otherwise become one of its rows.
  return `${text.join('\n')}${CLOSE.repeat(depth)}\n\n${notice(cut)}\n`;
}

/** `**Truncated** to fit a GitHub comment: 12 findings not shown. …` */
export function truncatedNotice(cut: number): string {
  const what = cut > 0 ? `: ${plural(cut, 'finding')} not shown` : '';
  return `**Truncated** to fit a GitHub comment${what}. Run \`parity audit\` (or \`--format json\`) for the full report.`;
}
