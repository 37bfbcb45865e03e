import { type Language, LINE_COMMENT, MATCHERS, TRIGGERS } from './languages.js';

/** A variable the code reads, where, and whether that read has a fallback. */
export interface EnvRef {
  name: string;
  line: number;
  optional: boolean;
}

export interface ScanResult {
  refs: EnvRef[];
  /** Lines of reads whose name is an expression (`process.env[key]`): counted, not resolved. */
  dynamic: number[];
}

/** Names that can be a key segment: what real environment variables are made of. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const AFTER_WINDOW = 120;
const BEFORE_WINDOW = 400;

/**
 * Finds environment reads in one source file by pattern, not by parsing: fast enough for large
 * trees, and wrong only in rare shapes. Reads inside line comments are ignored (best effort: a
 * comment marker counts when the quotes before it are balanced). Pure.
 */
export function scanSource(text: string, language: Language): ScanResult {
  const result: ScanResult = { refs: [], dynamic: [] };
  if (!TRIGGERS[language].some((t) => text.includes(t))) return result;
  let lineStarts: number[] | undefined;
  const lineOf = (index: number) => {
    lineStarts ??= indexLines(text);
    return lineNumber(lineStarts, index);
  };
  const found: Array<{ index: number; name?: string; optional: boolean }> = [];
  for (const matcher of MATCHERS[language]) {
    const pattern = matcher.pattern;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      if (m[0] === '') pattern.lastIndex++;
      const before = linePrefix(text, m.index);
      if (inComment(before, language)) continue;
      const end = m.index + m[0].length;
      found.push(...matcher.read(m, text.slice(end, end + AFTER_WINDOW), before));
    }
  }
  found.sort((a, b) => a.index - b.index);
  for (const hit of found) {
    if (hit.name === undefined) result.dynamic.push(lineOf(hit.index));
    else if (ENV_NAME.test(hit.name))
      result.refs.push({ name: hit.name, line: lineOf(hit.index), optional: hit.optional });
  }
  return result;
}

/** The line's text before a match, at most BEFORE_WINDOW characters: minified one-line files stay linear. */
function linePrefix(text: string, index: number): string {
  const window = text.slice(Math.max(0, index - BEFORE_WINDOW), index);
  return window.slice(window.lastIndexOf('\n') + 1);
}

/** Best effort: a line comment before the match, or a block-comment line (` * ...`, `/* ...`). */
function inComment(before: string, language: Language): boolean {
  const marker = LINE_COMMENT[language];
  if (marker === '//') {
    const trimmed = before.trimStart();
    if (
      trimmed.startsWith('*') ||
      (before.includes('/*') && !before.includes('*/', before.lastIndexOf('/*')))
    ) {
      return true;
    }
  }
  for (let at = before.indexOf(marker); at !== -1; at = before.indexOf(marker, at + 1)) {
    if (quotesBalanced(before, at)) return true;
  }
  return false;
}

function quotesBalanced(text: string, end: number): boolean {
  let open = '';
  for (let i = 0; i < end; i++) {
    const ch = text[i];
    if (ch === '\\') i++;
    else if (open) {
      if (ch === open) open = '';
    } else if (ch === '"' || ch === "'" || ch === '`') open = ch;
  }
  return open === '';
}

function indexLines(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineNumber(starts: readonly number[], index: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}
