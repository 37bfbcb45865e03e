import type { FactValue } from '../../model/fact.js';
import { secretValue } from '../secrets.js';
import { isMapping } from '../shape.js';
import { type At, type Flat, type FlatSink, walkStructured } from '../structured.js';
import { type Emit, emitFact } from './emit.js';
import { containsSecret, protectScalar, protectSetting } from './protect.js';
import type { Branch, Leaf } from './tree.js';

/**
 * Per workload: beyond this many settings a values tree is data, not configuration. What lies
 * beyond is named in a skip, never dropped in silence.
 */
export const MAX_SETTINGS = 5000;
/** A list or a long text is kept as its JSON up to this size, else as its length and fingerprint. */
const MAX_TEXT = 1000;
const MAX_JSON_INPUT = 64 * 1024;

interface Walk {
  out: Emit;
  workload: string;
  count: number;
  dropped: number;
  /** Where the first setting beyond the limit was, for the skip. */
  firstDropped?: { file: string; line: number };
  /** Lines by node and key: YAML aliases hand the same node over many times. */
  lines: Map<object, Map<string | undefined, number>>;
  /** Values inside lists a convention has read (an application's replicas), by holder and key. */
  read: Map<object, Set<string>>;
}

function readInLists(out: Emit): Map<object, Set<string>> {
  const read = new Map<object, Set<string>>();
  for (const node of out.consumed) {
    if (node.kind !== 'leaf' || !node.holder || node.key === undefined) continue;
    const keys = read.get(node.holder) ?? new Set<string>();
    keys.add(node.key);
    read.set(node.holder, keys);
  }
  return read;
}

/**
 * Every setting no convention read, as `config/helm/<w>/<dotted.path>` (exact). Lists of mappings
 * are compared element by element (`apps[name=api].replicas`, by index when no natural key names
 * them); a string holding a JSON object or array is flattened below its own key:
 * `config/helm/<w>/<path>/<json.path>`.
 */
export function settingFacts(out: Emit, branch: Branch, workload: string): void {
  const walk: Walk = { out, workload, count: 0, dropped: 0, lines: new Map(), read: readInLists(out) };
  visit(walk, branch, []);
  if (walk.dropped > 0 && walk.firstDropped) {
    out.skips.push({
      source: out.source,
      file: walk.firstDropped.file,
      line: walk.firstDropped.line,
      reason: `at least ${walk.dropped} more settings of ${workload} not read: only the first ${MAX_SETTINGS} are compared`,
      key: `config/helm/${workload}`,
    });
  }
}

function visit(walk: Walk, branch: Branch, path: string[]): void {
  for (const [key, node] of branch.entries) {
    if (walk.out.consumed.has(node)) continue;
    if (walk.count >= MAX_SETTINGS) {
      countDropped(walk, node);
      continue;
    }
    path.push(key);
    if (node.kind === 'map') visit(walk, node, path);
    else leafFacts(walk, node, [...path]);
    path.pop();
  }
}

/** Past the limit, the rest of the tree is only counted, for the skip. */
function countDropped(walk: Walk, node: Branch | Leaf): void {
  if (node.kind === 'leaf') full(walk, node);
  else
    for (const child of node.entries.values()) if (!walk.out.consumed.has(child)) countDropped(walk, child);
}

function leafFacts(walk: Walk, leaf: Leaf, path: string[]): void {
  if (full(walk, leaf)) return;
  const { value } = leaf;
  if (typeof value === 'string') {
    const embedded = parseEmbeddedJson(value);
    if (embedded !== undefined && (isMapping(embedded) || embedded.some(isMapping))) {
      walkStructured(embedded, [], sink(walk, leaf, path, true));
      return;
    }
  }
  if (isMapping(value) && Object.keys(value).length === 0) return; // `podAnnotations: {}`
  walkStructured(value, path, sink(walk, leaf, [], false));
}

/**
 * Leaves of one values leaf become facts. `inner` paths (JSON inside a string) get their own key
 * segment and the string's line; paths inside YAML get the line of their own key where known.
 */
function sink(walk: Walk, leaf: Leaf, outer: string[], inner: boolean): FlatSink {
  const lineOf = (at: At): number => {
    if (inner || !leaf.lineOf || at.node === undefined) return leaf.line;
    const byKey = walk.lines.get(at.node) ?? new Map<string | undefined, number>();
    walk.lines.set(at.node, byKey);
    const known = byKey.get(at.key);
    if (known !== undefined) return known;
    const line = leaf.lineOf(at.node, at.key) ?? leaf.line;
    byKey.set(at.key, line);
    return line;
  };
  return {
    leaf(path, flat, at) {
      if (!inner && at.node && at.key !== undefined && walk.read.get(at.node)?.has(at.key)) return true;
      const line = lineOf(at);
      if (full(walk, { file: leaf.file, line })) return false;
      const settingPath = inner ? [...outer, ...path] : [...path];
      const segments = inner
        ? ['helm', walk.workload, dotted(outer), dotted(path)]
        : ['helm', walk.workload, dotted(path)];
      if (inner && path.length === 0) segments.pop();
      walk.count++;
      const value = flatValue(walk.out, secretPath(settingPath), flat);
      emitFact(walk.out, { dimension: 'config', path: segments, value }, leaf, line);
      return true;
    },
    problem(path, reason, at) {
      const where = (inner ? [dotted(outer), dotted(path)] : [dotted(path)]).filter((w) => w !== '');
      walk.out.skips.push({
        source: walk.out.source,
        file: leaf.file,
        line: lineOf(at),
        reason: `${walk.workload} ${where.join('/')} ${reason}`,
        key: ['config', 'helm', walk.workload, ...where].join('/'),
      });
    },
  };
}

/** Counts what is beyond the limit, before any work is spent on it. */
function full(walk: Walk, where: { file: string; line: number }): boolean {
  if (walk.count < MAX_SETTINGS) return false;
  walk.dropped++;
  walk.firstDropped ??= { file: where.file, line: where.line };
  return true;
}

/**
 * The path protectSetting judges: a list element's name is the name of its `value` (`env: [{name:
 * DB_PASSWORD, value: ...}]`), but no parent of its other fields (`[name=external-secrets].path`
 * is a path, not a secret).
 */
function secretPath(path: readonly string[]): string[] {
  const last = path.length - 1;
  const named = last > 0 && path[last] === 'value' ? ELEMENT.exec(path[last - 1]!) : null;
  if (named) return [...withoutElements(path.slice(0, last - 1)), named[1]!];
  return withoutElements(path);
}

function withoutElements(path: readonly string[]): string[] {
  return path.filter((segment) => !ELEMENT.test(segment) && !/^\[\d+\]$/.test(segment));
}

function flatValue(out: Emit, path: readonly string[], flat: Flat): FactValue {
  switch (flat.kind) {
    case 'empty':
      return '{}';
    case 'keys':
      return flat.value;
    case 'list':
      return listValue(out, path, flat.value);
    default:
      return settingValue(out, path, flat.value);
  }
}

function settingValue(
  out: Emit,
  path: readonly string[],
  value: string | number | boolean | null,
): FactValue {
  if (value === null) return null;
  if (typeof value === 'string') return longText(out, protectSetting(path, value, out.fingerprint), value);
  return protectScalar(path, value, out.fingerprint);
}

/** A list of scalars is compared whole, as JSON: Helm replaces lists whole, and order counts. */
function listValue(out: Emit, path: readonly string[], value: unknown[]): FactValue {
  const json = JSON.stringify(
    value.map((v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)),
  );
  if (json === '[]') return json; // `imagePullSecrets: []` names no secret
  if (containsSecret(value)) return secretValue(json, out.fingerprint);
  return longText(out, protectSetting(path, json, out.fingerprint), json);
}

/** A long text (an inline config file) is compared by a keyed fingerprint rather than shown whole. */
function longText(out: Emit, value: FactValue, text: string): FactValue {
  if (typeof value !== 'string' || value.length <= MAX_TEXT) return value;
  return `(${text.length} characters, fingerprint ${out.fingerprint(text).slice(0, 12)})`;
}

function parseEmbeddedJson(text: string): unknown[] | Record<string, unknown> | undefined {
  const trimmed = text.trim();
  const first = trimmed.charAt(0);
  if ((first !== '{' && first !== '[') || trimmed.length > MAX_JSON_INPUT) return undefined;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return isMapping(parsed) || Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A path as one key segment: `a.b.c`, with a name holding `.`, `/` or brackets written as
 * `[name]` and `/` escaped, since `/` separates key segments.
 */
/** A list element by index (`[3]`) or natural key (`[name=api]`, escaped by elementSegment). */
const ELEMENT = /^\[[A-Za-z]\w*=([^\]/]*)\]$/;

export function dotted(path: readonly string[]): string {
  let out = '';
  for (const segment of path) {
    if (/^\[\d+\]$/.test(segment) || ELEMENT.test(segment)) out += segment;
    else if (segment !== '' && !/[./[\]%\s]/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${segment.replace(/%/g, '%25').replace(/\//g, '%2F').replace(/\]/g, '%5D')}]`;
  }
  return out;
}
