/** One Dockerfile instruction after line continuations are joined and heredoc bodies set aside. */
export interface Instruction {
  /** Upper-cased keyword: FROM, ARG, ENV... */
  keyword: string;
  /** The text after the keyword, continuations joined the way BuildKit joins them (no separator). */
  args: string;
  /** 1-based line of the keyword. */
  line: number;
  /** 1-based physical line of a character offset inside `args`. */
  lineAt(offset: number): number;
}

export interface ParseProblem {
  line: number;
  reason: string;
}

export interface ParsedDockerfile {
  instructions: Instruction[];
  /** The escape character: `\` unless a `# escape=` directive says `` ` `` (Windows images). */
  escapeChar: string;
  problems: ParseProblem[];
}

const DIRECTIVE = /^\s*#\s*([a-zA-Z][a-zA-Z0-9_-]*)\s*=(.*)$/;
const KEYWORD = /^\s*(\S+)/;
const KNOWN = new Set([
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
]);
/** BuildKit reads heredocs only in these instructions; elsewhere `<<` is plain text. */
const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);
const HEREDOC = /(?:^|[\s;&|(])\d*<<(-?)(["']?)([A-Za-z0-9_.-]+)\2(?=$|[\s;&|)>])/g;

/**
 * Splits a Dockerfile into instructions the way BuildKit does: parser directives at the top,
 * `\` (or the `# escape=` character) continuations with comment and blank lines inside them
 * dropped, and heredoc bodies (`RUN <<EOF ... EOF`) consumed so their lines are never read as
 * instructions. Never throws: a malformed line is a problem with its line number.
 * https://docs.docker.com/reference/dockerfile/
 */
export function parseDockerfile(text: string): ParsedDockerfile {
  const lines = text.split(/\r\n|\r|\n/);
  const instructions: Instruction[] = [];
  const problems: ParseProblem[] = [];
  let escapeChar = '\\';
  let i = 0;
  // Directives count only before the first comment, blank line or instruction.
  for (; i < lines.length; i++) {
    const m = DIRECTIVE.exec(lines[i] ?? '');
    if (!m) break;
    if (m[1]?.toLowerCase() !== 'escape') continue;
    const value = (m[2] ?? '').trim();
    if (value === '\\' || value === '`') escapeChar = value;
    else problems.push({ line: i + 1, reason: 'the escape directive expects \\ or `' });
  }
  const continuation = new RegExp(`${escapeRegExp(escapeChar)}[ \\t]*$`);
  while (i < lines.length) {
    const first = lines[i] ?? '';
    if (isBlankOrComment(first)) {
      i++;
      continue;
    }
    const startLine = i + 1;
    const segments: Array<{ offset: number; line: number }> = [];
    let logical = '';
    let current = first;
    for (;;) {
      segments.push({ offset: logical.length, line: i + 1 });
      i++;
      if (!continuation.test(current)) {
        logical += current;
        break;
      }
      logical += current.replace(continuation, '');
      while (i < lines.length && isBlankOrComment(lines[i] ?? '')) i++;
      if (i >= lines.length) break;
      current = lines[i] ?? '';
    }
    const keywordMatch = KEYWORD.exec(logical);
    const word = keywordMatch?.[1] ?? '';
    const keyword = word.toUpperCase();
    const argsStart =
      (keywordMatch?.[0].length ?? 0) +
      (/^\s*/.exec(logical.slice(keywordMatch?.[0].length ?? 0))?.[0].length ?? 0);
    const args = logical.slice(argsStart);
    const lineAt = (offset: number) => lineOfOffset(segments, offset + argsStart);
    if (!KNOWN.has(keyword)) {
      const shown = /^[A-Za-z]{1,12}$/.test(word) ? ` ${word}` : '';
      problems.push({
        line: startLine,
        reason: `unknown instruction${shown} (expected FROM, ARG, ENV, RUN, COPY, EXPOSE, USER, ...)`,
      });
    } else {
      instructions.push({ keyword, args, line: startLine, lineAt });
    }
    const heredocOwner = keyword === 'ONBUILD' ? (KEYWORD.exec(args)?.[1] ?? '').toUpperCase() : keyword;
    if (HEREDOC_KEYWORDS.has(heredocOwner) && !isJsonArray(args)) {
      i = skipHeredocs(args, lines, i, startLine, problems);
    }
  }
  return { instructions, escapeChar, problems };
}

/** Consumes the bodies of the heredocs an instruction opens, in order; returns the next line index. */
function skipHeredocs(
  args: string,
  lines: readonly string[],
  from: number,
  line: number,
  problems: ParseProblem[],
) {
  let i = from;
  for (const m of args.matchAll(HEREDOC)) {
    const stripTabs = m[1] === '-';
    const name = m[3] ?? '';
    let closed = false;
    while (i < lines.length) {
      const body = lines[i] ?? '';
      i++;
      if ((stripTabs ? body.replace(/^\t+/, '') : body) === name) {
        closed = true;
        break;
      }
    }
    if (!closed) {
      problems.push({
        line,
        reason: `the heredoc <<${name} opened here is never closed (expected a line ${name})`,
      });
      return lines.length;
    }
  }
  return i;
}

/** Binary search: long continuation chains (thousands of lines) must stay linear overall. */
function lineOfOffset(segments: ReadonlyArray<{ offset: number; line: number }>, offset: number): number {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((segments[mid]?.offset ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return segments[lo]?.line ?? 1;
}

function isBlankOrComment(line: string): boolean {
  const t = line.trimStart();
  return t === '' || t.startsWith('#');
}

/** Exec form (`RUN ["sh", "-c", "..."]`) holds no heredocs. */
function isJsonArray(args: string): boolean {
  const t = args.trim();
  if (!t.startsWith('[')) return false;
  try {
    return Array.isArray(JSON.parse(t));
  } catch {
    return false;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
