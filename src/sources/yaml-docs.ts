import yaml from 'js-yaml';
import { checkExpansion, expansionMessage } from './yaml-expansion.js';
import { parseWithYamlPackage, type YamlTag } from './yaml-package.js';

export type { YamlTag } from './yaml-package.js';

/** Finds the 1-based line of a parsed node, or of one of its keys, inside a YAML document. */
export type LineLocator = (node: unknown, key?: string) => number | undefined;

export interface YamlDocument {
  value: unknown;
  /** 1-based line where the document starts. */
  line: number;
  lineOf: LineLocator;
}

export interface YamlParseOptions {
  /** Local tags the source understands, such as GitLab's `!reference`. */
  tags?: readonly YamlTag[];
}

/** YAML 1.2 core types plus `<<` merge keys: `2024-01-01` stays a string rather than becoming a Date. */
const MANIFEST_SCHEMA = yaml.CORE_SCHEMA.extend({
  implicit: [
    new yaml.Type('tag:yaml.org,2002:merge', {
      kind: 'scalar',
      resolve: (data) => data === '<<' || data === null,
    }),
  ],
});
const schemas = new WeakMap<readonly YamlTag[], yaml.Schema>();

function schemaFor(tags: readonly YamlTag[] | undefined): yaml.Schema {
  if (!tags || tags.length === 0) return MANIFEST_SCHEMA;
  let schema = schemas.get(tags);
  if (!schema) {
    schema = MANIFEST_SCHEMA.extend(
      tags.map((t) => new yaml.Type(t.tag, { kind: t.kind, construct: t.construct })),
    );
    schemas.set(tags, schema);
  }
  return schema;
}

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
 * The one YAML loader of every source. Parses a multi-document text with js-yaml (9x faster than
 * `yaml` on large estates, see BENCHMARKS.md) and keeps each object's line span, so facts can name
 * file:line. A document js-yaml rejects is read again with `yaml` (the reference the ecosystem's
 * files are written against: `!!merge <<:` keys, unknown tags), and only when both reject it is it
 * a problem. A malformed document, a recursive alias or an alias bomb is reported and skipped;
 * the documents around it are still read.
 */
export function parseYamlDocuments(
  text: string,
  options: YamlParseOptions = {},
): { documents: YamlDocument[]; problems: YamlProblem[] } {
  // A plain split is several times faster than a regex split on multi-megabyte estates.
  const crlf = text.includes('\r');
  const lines = crlf ? text.split(/\r?\n/) : text.split('\n');
  const documents: YamlDocument[] = [];
  const problems: YamlProblem[] = [];
  let start = 0;
  // Without CRs a document's lines joined are the text between two offsets: cut, not rebuilt.
  let startOffset = 0;
  let offset = 0;
  const flush = (end: number, endOffset: number) => {
    const body = crlf
      ? lines.slice(start, end).join('\n')
      : text.slice(startOffset, Math.max(startOffset, endOffset - 1));
    if (CONTENT_LINE.test(body)) {
      parseOne(body, start, lines, documents, problems, options.tags);
    }
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    // `---` opens every separator line: the expression only runs on lines that may be one.
    if (line.startsWith('---') && DOC_SEPARATOR.test(line)) {
      flush(i, offset);
      start = i + 1;
      startOffset = offset + line.length + 1;
    }
    offset += line.length + 1;
  }
  flush(lines.length, offset);
  return { documents, problems };
}

function parseOne(
  body: string,
  offset: number,
  allLines: readonly string[],
  documents: YamlDocument[],
  problems: YamlProblem[],
  tags: readonly YamlTag[] | undefined,
): void {
  const spans = new Map<object, number>();
  const opens: number[] = [];
  const base = offset + 1;
  // js-yaml copies a merge source's keys for every `<<`, with no bound: a wide mapping merged
  // thousands of times is quadratic. Such documents go to the reader that counts what it copies.
  if (mergeKeys(body) > MAX_JS_YAML_MERGES) {
    if (body.length > MAX_SECOND_READING_BYTES)
      problems.push({
        line: offset + 1,
        message: `YAML document of ${body.length} bytes with more than ${MAX_JS_YAML_MERGES} merge keys: too large to read safely`,
      });
    else readWithYamlPackage(body, offset, documents, problems, tags, true);
    return;
  }
  let value: unknown;
  try {
    value = yaml.load(body, {
      schema: schemaFor(tags),
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
  } catch (error) {
    const depth = /maxDepth/.test((error as Error).message);
    // The second reader keeps a node tree (about 2 KB a line): only for documents of a size people
    // write by hand. A 5 MB document js-yaml rejects took 2.6 GB there (found by the attack run).
    const small = body.length <= MAX_SECOND_READING_BYTES;
    if (!depth && small && readWithYamlPackage(body, offset, documents, problems, tags)) return;
    const mark = (error as { mark?: { line?: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? (error as Error).message;
    // js-yaml places "end of stream" errors past the last line; keep the line inside the document.
    const lastLine = offset + body.split('\n').length;
    problems.push({ line: Math.min(base + (mark?.line ?? 0), lastLine), message: `invalid YAML: ${reason}` });
    return;
  }
  // Without a `*` there is no alias, and without a `&` no anchor an alias could name (js-yaml
  // rejects an unknown alias): nothing can expand (and js-yaml's maxDepth bounds nesting).
  const expansion = body.includes('*') && body.includes('&') ? checkExpansion(value) : undefined;
  if (expansion) {
    const span = spans.get(expansion.node);
    const line =
      span === undefined
        ? base
        : firstContentLine(allLines, Math.floor(span / SPAN_SHIFT), span % SPAN_SHIFT);
    problems.push({ line, message: expansionMessage(expansion) });
    return;
  }
  documents.push({ value, line: base, lineOf: locator(spans, allLines, base) });
}

/** Documents js-yaml rejects are read again by `yaml` up to this size (see parseOne). */
const MAX_SECOND_READING_BYTES = 1024 * 1024;

/** Documents with more merge keys than this are read by `yaml` alone (see parseOne). */
const MAX_JS_YAML_MERGES = 200;

function mergeKeys(body: string): number {
  let count = 0;
  for (let i = body.indexOf('<<'); i !== -1 && count <= MAX_JS_YAML_MERGES; i = body.indexOf('<<', i + 2))
    count++;
  return count;
}

/** The second reading, with `yaml`; false when it rejects the text too (js-yaml's message is kept). */
function readWithYamlPackage(
  body: string,
  offset: number,
  documents: YamlDocument[],
  problems: YamlProblem[],
  tags: readonly YamlTag[] | undefined,
  only = false,
): boolean {
  const read = parseWithYamlPackage(body, offset, tags ?? []);
  // A syntax error both parsers see keeps js-yaml's wording; yaml's own findings (aliases) are kept.
  const own = only ? read.problems : read.problems.filter((p) => !p.message.startsWith('invalid YAML'));
  if (read.problems.length > own.length) return false;
  for (const p of own) problems.push({ line: p.line, message: p.message });
  for (const d of read.documents) {
    documents.push({
      value: d.value,
      line: d.line,
      lineOf: (node, key) => {
        if (node === null || typeof node !== 'object') return d.line;
        return (key === undefined ? undefined : d.keys.get(node)?.get(key)) ?? d.spans.get(node) ?? d.line;
      },
    });
  }
  return true;
}

function locator(spans: Map<object, number>, lines: readonly string[], docLine: number): LineLocator {
  // Each node's key lines are indexed once, on first use: one pass over its span, not one per key.
  const indexes = new Map<object, KeyIndex>();
  return (node, key) => {
    if (node === null || typeof node !== 'object') return docLine;
    const span = spans.get(node);
    if (span === undefined) return docLine;
    let index = indexes.get(node);
    if (!index) {
      const from = Math.floor(span / SPAN_SHIFT);
      const to = Math.min(span % SPAN_SHIFT, lines.length);
      // A node asked only for its own line (an env entry, a list item) needs no index of its keys.
      if (key === undefined) return firstContentLine(lines, from, to);
      index = { from, to, first: firstContentLine(lines, from, to) };
      indexes.set(node, index);
    }
    if (key === undefined) return index.first;
    return keyLine(lines, index, node, key) ?? index.first;
  };
}

interface KeyIndex {
  from: number;
  to: number;
  first: number;
  /** The node's own keys (at its key column), first occurrence. */
  own?: Map<string, number>;
  /** Any key line in the span, first occurrence: the fallback. */
  any?: Map<string, number>;
}

/**
 * The line of `key` among the node's own keys. A span also covers nested mappings (which may
 * repeat the key deeper) and sometimes the parent's key line and the next sibling's line, so
 * only a key at the node's own key column counts; any line naming the key is the fallback.
 * Both are indexed in one pass over the span, so a 100k-key mapping costs 100k line reads.
 */
function keyLine(lines: readonly string[], index: KeyIndex, node: object, key: string): number | undefined {
  if (!index.own) {
    index.own = new Map();
    const column = ownKeyColumn(lines, index.from, index.to, node);
    if (column !== undefined) {
      for (let line = index.from; line <= index.to; line++) {
        const text = lines[line - 1] ?? '';
        if (indentOf(text) > column) continue; // nested deeper: cannot be one of the node's own keys
        const found = parseKeyLine(text);
        if (found && found.column === column && !index.own.has(found.key)) index.own.set(found.key, line);
      }
    }
  }
  const own = index.own.get(key);
  if (own !== undefined) return own;
  if (!index.any) {
    index.any = new Map();
    for (let line = index.from; line <= index.to; line++) {
      const found = parseKeyLine(lines[line - 1] ?? '');
      if (found && !index.any.has(found.key)) index.any.set(found.key, line);
    }
  }
  return index.any.get(key);
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
