import { cleanText, truncate } from '../units/clean.js';

/** Longest cell text kept: one odd value must not eat the comment's whole size budget. */
export const MAX_CELL = 1000;

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Evidence text made inert in a GitHub comment and a table cell: HTML is escaped (no tag, no
 * `<details>` closed early), markdown punctuation is backslash-escaped, `|` cannot end a cell.
 */
export function mdText(text: string): string {
  return truncate(cleanText(text), MAX_CELL)
    .replace(/[&<>]/g, (c) => HTML[c] ?? c)
    .replace(/[\\`*_[\]~|]/g, (c) => `\\${c}`);
}

/**
 * Text as inline code (rule ids, paths, commands): nothing inside a code span is interpreted, so
 * the fence is made longer than any run of backticks in the text. Tables still split cells on
 * `|`, even in code, hence `\|`, which GitHub turns back into `|`.
 */
export function mdCode(text: string): string {
  const clean = truncate(cleanText(text), MAX_CELL).replace(/\|/g, '\\|');
  if (clean.trim() === '') return '';
  const longestRun = Math.max(0, ...(clean.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}

/** One table row; cells are already escaped. */
export function tableRow(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}
