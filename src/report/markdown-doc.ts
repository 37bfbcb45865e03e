/**
 * A markdown document as lines that know whether they open or close a `<details>` block, so it
 * can be cut to a size limit and still be well formed.
 */
export interface MdLine {
  text: string;
  opens?: boolean;
  closes?: boolean;
}

/** GitHub rejects issue and pull-request comments longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/** A collapsed block: the summary stays visible, the lines show on a click. */
export function details(summary: string, lines: MdLine[]): MdLine[] {
  // Blank lines around the content make GitHub render it as markdown, not as raw HTML text.
  return [
    { text: '<details>', opens: true },
    { text: `<summary>${summary}</summary>` },
    { text: '' },
    ...lines,
    { text: '' },
    { text: '</details>', closes: true },
  ];
}

const CLOSE = '\n\n</details>';

/**
 * Joins the lines; when the result would pass `limit` characters, keeps whole lines (so tables
 * keep whole rows), closes the `<details>` blocks left open and ends with `notice`.
 */
export function finishDocument(lines: MdLine[], limit: number, notice: string): string {
  const full = `${lines.map((l) => l.text).join('\n')}\n`;
  if (full.length <= limit) return full;
  const kept: string[] = [];
  let size = 0;
  let depth = 0;
  for (const line of lines) {
    const nextDepth = depth + (line.opens ? 1 : 0) - (line.closes ? 1 : 0);
    // Room for this line, the closing tags it would leave owed, and the notice after a blank line.
    const reserve = nextDepth * CLOSE.length + notice.length + 4;
    if (size + line.text.length + 1 + reserve > limit) break;
    kept.push(line.text);
    size += line.text.length + 1;
    depth = nextDepth;
  }
  // A blank line first: text right under a table would otherwise become one of its rows.
  return `${kept.join('\n')}${CLOSE.repeat(depth)}\n\n${notice}\n`;
}
