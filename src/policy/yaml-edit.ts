import {
  isMap,
  isScalar,
  isSeq,
  type Pair,
  type ParsedNode,
  stringify,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import { ConfigError } from '../errors.js';
import { loadYamlConfig } from '../sources/yaml-package.js';

/** A decision's fields in parity.yaml order; `undefined` in an update removes the field. */
export type EntryFields = Record<string, string | boolean | undefined>;

export interface DecisionEdits {
  /** New entries, appended to `decisions:`. */
  add: EntryFields[];
  /** Changes to existing entries, found by their parity.yaml line (the line of their `-`). */
  update: { line: number; set: EntryFields }[];
}

interface Splice {
  start: number;
  end: number;
  text: string;
}

/**
 * Writes decisions into parity.yaml's text by splicing: every byte outside the entries added or
 * changed stays as the team wrote it (comments, their alignment, quoting, blank lines). New entries
 * are block mappings, one per `-`, indented like the file's own lists. Throws on a `decisions:`
 * written in flow style with entries (`[{...}]`): the caller says to rewrite it in block style.
 */
export function editDecisions(text: string, edits: DecisionEdits, file = 'parity.yaml'): string {
  const { doc, lineCounter } = loadYamlConfig(text);
  if (!isMap(doc.contents)) throw new ConfigError('expected a mapping (version:, environments:, …)', file, 1);
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  const root = doc.contents as YAMLMap<unknown, unknown>;
  const pair = root.items.find((p) => isScalar(p.key) && p.key.value === 'decisions') as
    | Pair<ParsedNode, ParsedNode | null>
    | undefined;
  const list = pair?.value;
  const splices: Splice[] = [];
  const style = listStyle(text, root);

  for (const { line, set } of edits.update) {
    const item = isSeq(list)
      ? (list as YAMLSeq<ParsedNode>).items.find(
          (it) => it.range && lineCounter.linePos(itemStart(text, it.range[0])).line === line,
        )
      : undefined;
    if (!item || !isMap(item) || item.flow)
      throw new ConfigError(
        'expected this decision as a block mapping (one `key: value` per line) to update it in place',
        file,
        line,
      );
    splices.push(...updateEntry(text, item as YAMLMap<ParsedNode, ParsedNode>, set, nl, file));
  }

  if (edits.add.length > 0) {
    if (isSeq(list) && !list.flow && list.items.length > 0) {
      const items = list.items as ParsedNode[];
      const first = items[0]!;
      // A block sequence starts at its first `-`.
      const dash = column(text, list.range[0]);
      // `-   rule:` keeps its spacing; a key on the line below its `-` gets the usual 2.
      const offset = Math.max(2, column(text, first.range[0]) - dash);
      const last = items[items.length - 1]!;
      const gap =
        items.length > 1 &&
        /\n[ \t]*\r?\n/.test(text.slice(items[items.length - 2]!.range[1], last.range[0]));
      const at = last.range[2];
      const lead = text[at - 1] === '\n' ? '' : nl;
      splices.push({ start: at, end: at, text: lead + renderEntries(edits.add, dash, offset, gap, nl) });
    } else if (pair && (list == null || isEmptyValue(list))) {
      // `decisions:` or `decisions: []`: the entries go under the key, in block style.
      const key = pair.key as ParsedNode;
      const dash = column(text, key.range[0]) + style.indent;
      const eol = lineEnd(text, key.range[0]);
      const colon = text.indexOf(':', key.range[1]) + 1;
      const entries = renderEntries(edits.add, dash, style.offset, false, nl).replace(/\r?\n$/, '');
      const token = list && list.range[1] > list.range[0] ? list.range : undefined;
      if (token && text.slice(token[1], eol).trim() !== '') {
        // `decisions: []  # a comment`: the comment stays on the key's line.
        splices.push({ start: token[0], end: token[1], text: '' });
        splices.push({ start: eol, end: eol, text: `${nl}${entries}` });
      } else {
        const start = token || text.slice(colon, eol).trim() === '' ? colon : eol;
        splices.push({ start, end: eol, text: `${nl}${entries}` });
      }
    } else if (!pair) {
      const lead = text.length === 0 || text.endsWith('\n') ? '' : nl;
      splices.push({
        start: text.length,
        end: text.length,
        text: `${lead}decisions:${nl}${renderEntries(edits.add, style.indent, style.offset, false, nl)}`,
      });
    } else {
      throw new ConfigError(
        '`decisions:` is written in flow style ([...]); expected a block list (one `- rule: ...` entry per decision) to add to it',
        file,
        lineCounter.linePos((pair.key as ParsedNode).range[0]).line,
      );
    }
  }
  return applySplices(text, splices);
}

function isEmptyValue(node: ParsedNode): boolean {
  return (isSeq(node) && node.items.length === 0) || (isScalar(node) && node.value === null);
}

/** The `-` of a block sequence item: the map's range starts at its first key. */
function itemStart(text: string, pos: number): number {
  const dash = text.lastIndexOf('-', pos);
  return dash >= lineStart(text, pos) ? dash : pos;
}

function lineStart(text: string, pos: number): number {
  return text.lastIndexOf('\n', pos - 1) + 1;
}

function column(text: string, pos: number): number {
  return pos - lineStart(text, pos);
}

/** Where the line holding `pos` ends, before its `\r\n` or `\n`. */
function lineEnd(text: string, pos: number): number {
  const end = text.indexOf('\n', pos);
  if (end === -1) return text.length;
  return text[end - 1] === '\r' ? end - 1 : end;
}

/** After the end of the line holding `pos` (its newline included). */
function afterLine(text: string, pos: number): number {
  const end = text.indexOf('\n', pos);
  return end === -1 ? text.length : end + 1;
}

/** The file's own list indentation (`rename:` items), else 2 and 2. */
function listStyle(text: string, root: YAMLMap<unknown, unknown>): { indent: number; offset: number } {
  for (const p of root.items) {
    const v = p.value as ParsedNode | null;
    if (!isSeq(v) || v.flow || v.items.length === 0) continue;
    const item = v.items[0] as ParsedNode;
    if (!item.range) continue;
    const dash = v.range[0];
    const keyCol = column(text, (p.key as ParsedNode).range[0]);
    return {
      indent: Math.max(0, column(text, dash) - keyCol),
      offset: Math.max(2, column(text, item.range![0]) - column(text, dash)),
    };
  }
  return { indent: 2, offset: 2 };
}

/** One scalar as YAML writes it on one line (quoted when it must be). */
export function scalarText(value: string | boolean): string {
  const oneLine = typeof value === 'string' ? value.replace(/\s*[\r\n]+\s*/g, ' ') : value;
  return stringify(oneLine, { lineWidth: 0 }).replace(/\r?\n$/, '');
}

function renderEntries(entries: EntryFields[], dash: number, offset: number, gap: boolean, nl: string) {
  const pad = ' '.repeat(dash);
  const inner = ' '.repeat(dash + offset);
  return entries
    .map((entry) =>
      Object.entries(entry)
        .filter(([, v]) => v !== undefined)
        .map(
          ([k, v], i) =>
            `${i === 0 ? `${pad}-${' '.repeat(offset - 1)}` : inner}${k}: ${scalarText(v!)}${nl}`,
        )
        .join(''),
    )
    .join(gap ? nl : '');
}

function updateEntry(
  text: string,
  item: YAMLMap<ParsedNode, ParsedNode>,
  set: EntryFields,
  nl: string,
  file: string,
): Splice[] {
  const out: Splice[] = [];
  const indent = ' '.repeat(column(text, item.range![0]));
  const added: string[] = [];
  for (const [key, value] of Object.entries(set)) {
    const p = item.items.find((it) => isScalar(it.key) && it.key.value === key);
    if (p && value === undefined) {
      const start = lineStart(text, p.key.range[0]);
      if (start !== p.key.range[0] - indent.length)
        throw new ConfigError(`expected \`${key}:\` on a line of its own to remove it`, file);
      out.push({ start, end: afterLine(text, (p.value ?? p.key).range[1]), text: '' });
    } else if (p?.value && isScalar(p.value)) {
      out.push({ start: p.value.range[0], end: p.value.range[1], text: scalarText(value!) });
    } else if (!p && value !== undefined) {
      added.push(`${indent}${key}: ${scalarText(value)}${nl}`);
    }
  }
  if (added.length > 0) {
    const at = item.range![2];
    const lead = text[at - 1] === '\n' ? '' : nl;
    out.push({ start: at, end: at, text: lead + added.join('') });
  }
  return out;
}

function applySplices(text: string, splices: Splice[]): string {
  let out = text;
  for (const s of [...splices].sort((a, b) => b.start - a.start || b.end - a.end)) {
    out = out.slice(0, s.start) + s.text + out.slice(s.end);
  }
  return out;
}
