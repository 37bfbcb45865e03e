import type { GitlabFile } from './parse.js';

/**
 * The line of each item of a YAML sequence (a job's `script:`), from where the sequence starts:
 * block items are the `-` lines at the first item's indentation; a flow sequence is one line.
 * Lines it cannot place are undefined (the caller falls back to the job's line).
 */
export function itemLines(file: GitlabFile, sequence: unknown, count: number): (number | undefined)[] {
  const start = file.doc.lineOf(sequence);
  if (start === undefined || count === 0) return [];
  const lines = file.lines;
  const out: number[] = [];
  let indent = -1;
  let keyLineSeen = false;
  for (let i = start - 1; i < lines.length && out.length < count; i++) {
    const text = lines[i] ?? '';
    const trimmed = text.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const column = text.length - trimmed.length;
    if (indent === -1) {
      const flow = /^[^#]*:\s*\[/.test(trimmed) || trimmed.startsWith('[');
      if (flow) return Array.from({ length: count }, () => i + 1);
      if (!trimmed.startsWith('-')) {
        // The span may open on the `script:` key line; one such line, no more.
        if (keyLineSeen) return out;
        keyLineSeen = true;
        continue;
      }
      indent = column;
    }
    if (column < indent) break;
    if (column === indent) {
      if (!trimmed.startsWith('-')) break;
      out.push(i + 1);
    }
  }
  return out;
}
