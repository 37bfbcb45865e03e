import yaml from 'js-yaml';

/** Finds the 1-based line of a parsed node, or of one of its keys, inside a YAML document. */
export type LineLocator = (node: unknown, key?: string) => number | undefined;

export interface YamlDocument {
  value: unknown;
  /** 1-based line where the document starts. */
  line: number;
  lineOf: LineLocator;
}

export interface YamlParseOptions {
  /** js-yaml schema; the default resolves timestamps and binary, MANIFEST_SCHEMA keeps them as text. */
  schema?: yaml.Schema;
}

/**
 * For configuration manifests (Kubernetes, Compose), whose values are plain strings, numbers and
 * booleans: YAML 1.2 core types plus `<<` merge keys. `2024-01-01` stays a string rather than
 * becoming a Date, and parsing is ~15% faster than with js-yaml's default schema.
 */
export const MANIFEST_SCHEMA = yaml.CORE_SCHEMA.extend({
  implicit: [
    new yaml.Type('tag:yaml.org,2002:merge', {
      kind: 'scalar',
      resolve: (data) => data === '<<' || data === null,
    }),
  ],
});

export interface YamlProblem {
  line: number;
  message: string;
}

const DOC_SEPARATOR = /^---(?:[ \t].*)?$/;
/** A line that is neither blank nor a comment: a document made only of those is no document. */
const CONTENT_LINE = /^[ \t]*[^\s#]/m;
/** A span packs its first and last line in one number: a Map of numbers costs the GC far less than a WeakMap of arrays. */
const SPAN_SHIFT = 2 ** 26;
const MAX_KEY_LINE = 512;
/** The key a line opens, and where: indentation, `- ` sequence markers, then a plain or quoted key and its colon. */
const KEY_LINE =
  /^([ \t]*(?:-[ \t]+)*)(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s#'"{[\]},&*!|>%@`-][^#]*?|-[^\s#][^#]*?))[ \t]*:(?:[ \t]|$)/;

/**
 * Parses a multi-document YAML text with js-yaml (9x faster than `yaml` on large estates, see
 * BENCHMARKS.md) and keeps each object's line span, so facts can name file:line. A malformed
 * document is reported and skipped; the documents around it are still read.
 */
export function parseYamlDocuments(
  text: string,
  options: YamlParseOptions = {},
): { documents: YamlDocument[]; problems: YamlProblem[] } {
  // A plain split is several times faster than a regex split on multi-megabyte estates.
  const lines = text.includes('\r') ? text.split(/\r?\n/) : text.split('\n');
  const documents: YamlDocument[] = [];
  const problems: YamlProblem[] = [];
  let start = 0;
  const flush = (end: number) => {
    const body = lines.slice(start, end).join('\n');
    if (CONTENT_LINE.test(body)) {
      parseOne(body, start, lines, documents, problems, options.schema);
    }
  };
  for (let i = 0; i < lines.length; i++) {
    if (DOC_SEPARATOR.test(lines[i] ?? '')) {
      flush(i);
      start = i + 1;
    }
  }
  flush(lines.length);
  return { documents, problems };
}

function parseOne(
  body: string,
  offset: number,
  allLines: readonly string[],
  documents: YamlDocument[],
  problems: YamlProblem[],
  schema: yaml.Schema | undefined,
): void {
  const spans = new Map<object, number>();
  const opens: number[] = [];
  const base = offset + 1;
  try {
    const value = yaml.load(body, {
      ...(schema ? { schema } : {}),
      listener(event, state) {
        if (event === 'open') {
          opens.push(state.line);
          return;
        }
        const opened = opens.pop() ?? state.line;
        const result: unknown = state.result;
        if (result !== null && typeof result === 'object' && !spans.has(result)) {
          spans.set(result, (opened + base) * SPAN_SHIFT + Math.min(state.line + base, SPAN_SHIFT - 1));
        }
      },
    });
    documents.push({ value, line: base, lineOf: locator(spans, allLines, base) });
  } catch (error) {
    const mark = (error as { mark?: { line?: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? (error as Error).message;
    // js-yaml places "end of stream" errors past the last line; keep the line inside the document.
    const lastLine = offset + body.split('\n').length;
    problems.push({ line: Math.min(base + (mark?.line ?? 0), lastLine), message: `invalid YAML: ${reason}` });
  }
}

function locator(spans: Map<object, number>, lines: readonly string[], docLine: number): LineLocator {
  // A node's key column, worked out once: facts often ask for several keys of one node.
  const columns = new Map<object, number | undefined>();
  return (node, key) => {
    if (node === null || typeof node !== 'object') return docLine;
    const span = spans.get(node);
    if (span === undefined) return docLine;
    const from = Math.floor(span / SPAN_SHIFT);
    const to = Math.min(span % SPAN_SHIFT, lines.length);
    if (key === undefined) return firstContentLine(lines, from, to);
    if (!columns.has(node)) columns.set(node, ownKeyColumn(lines, from, to, node));
    return keyLine(lines, from, to, columns.get(node), key) ?? firstContentLine(lines, from, to);
  };
}

/**
 * The line of `key` among the node's own keys. A span also covers nested mappings (which may
 * repeat the key deeper) and sometimes the parent's key line and the next sibling's line, so
 * only a key at the node's own key column counts; any line naming the key is the fallback.
 */
function keyLine(
  lines: readonly string[],
  from: number,
  to: number,
  column: number | undefined,
  key: string,
): number | undefined {
  if (column !== undefined) {
    for (let line = from; line <= to; line++) {
      const text = lines[line - 1] ?? '';
      if (indentOf(text) > column) continue; // nested deeper: cannot be one of the node's own keys
      const c = text.charCodeAt(column);
      if (c !== 34 && c !== 39 && !text.startsWith(key, column)) continue; // cheap test before the pattern
      const found = parseKeyLine(text);
      if (found?.key === key && found.column === column) return line;
    }
  }
  for (let line = from; line <= to; line++) {
    if (parseKeyLine(lines[line - 1] ?? '')?.key === key) return line;
  }
  return undefined;
}

/** Column of the node's keys: its first key's line is the span's first line, or the next one. */
function ownKeyColumn(lines: readonly string[], from: number, to: number, node: object): number | undefined {
  if (Array.isArray(node)) return undefined;
  const firstKey = Object.keys(node)[0];
  let seen = 0;
  for (let line = from; line <= to && seen < 2; line++) {
    const text = lines[line - 1] ?? '';
    const lead = text.charCodeAt(indentOf(text));
    if (Number.isNaN(lead) || lead === 35) continue; // blank or a comment
    seen++;
    const found = parseKeyLine(text);
    // The span's first line is either the node's own first key (`- name: app`) or the parent's key (`spec:`).
    if (seen === 1 && found && found.key !== firstKey) continue;
    return found?.column;
  }
  return undefined;
}

function parseKeyLine(text: string): { key: string; column: number } | undefined {
  // Keys are short; a bounded prefix keeps the lazy key pattern linear on pathological lines.
  const m = KEY_LINE.exec(text.length > MAX_KEY_LINE ? text.slice(0, MAX_KEY_LINE) : text);
  if (!m) return undefined;
  const key =
    m[2] !== undefined ? unescapeDouble(m[2]) : m[3] !== undefined ? m[3].replace(/''/g, "'") : (m[4] ?? '');
  return { key, column: (m[1] ?? '').length };
}

function unescapeDouble(text: string): string {
  if (!text.includes('\\')) return text;
  try {
    return JSON.parse(`"${text}"`) as string;
  } catch {
    return text;
  }
}

function indentOf(text: string): number {
  let i = 0;
  while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return i;
}

function firstContentLine(lines: readonly string[], from: number, to: number): number {
  for (let line = from; line <= to && line <= lines.length; line++) {
    const text = lines[line - 1] ?? '';
    const first = text.charCodeAt(indentOf(text));
    if (!Number.isNaN(first) && first !== 35 && first !== 13) return line; // not blank, not a `#` comment
  }
  return from;
}
