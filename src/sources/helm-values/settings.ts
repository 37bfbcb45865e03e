import type { FactValue } from '../../model/fact.js';
import { secretValue } from '../secrets.js';
import { isMapping } from '../shape.js';
import { type Emit, emitFact } from './emit.js';
import { containsSecret, protectScalar, protectSetting } from './protect.js';
import { type Branch, boundedJson, type Leaf } from './tree.js';

/** Per workload: beyond this many settings a values tree is data, not configuration. */
export const MAX_SETTINGS = 2000;
/** A list or a long text is kept as its JSON up to this size, else as its length and fingerprint. */
const MAX_TEXT = 1000;
const MAX_JSON_INPUT = 64 * 1024;
const MAX_JSON_DEPTH = 16;

interface Walk {
  out: Emit;
  workload: string;
  count: number;
  dropped: number;
  /** Where the first setting beyond the limit was, for the skip. */
  firstDropped?: Leaf;
}

/**
 * Every setting no convention read, as `config/helm/<w>/<dotted.path>` (exact). A string holding
 * a JSON object or array is flattened below its own key: `config/helm/<w>/<path>/<json.path>`.
 */
export function settingFacts(out: Emit, branch: Branch, workload: string): void {
  const walk: Walk = { out, workload, count: 0, dropped: 0 };
  visit(walk, branch, []);
  if (walk.dropped > 0 && walk.firstDropped) {
    out.skips.push({
      source: out.source,
      file: walk.firstDropped.file,
      line: walk.firstDropped.line,
      reason: `${walk.dropped} more settings of ${workload} not read: only the first ${MAX_SETTINGS} are compared`,
    });
  }
}

function visit(walk: Walk, branch: Branch, path: string[]): void {
  for (const [key, node] of branch.entries) {
    if (walk.out.consumed.has(node)) continue;
    if (node.kind === 'map') visit(walk, node, [...path, key]);
    else leafFacts(walk, node, [...path, key]);
  }
}

function leafFacts(walk: Walk, leaf: Leaf, path: string[]): void {
  if (full(walk, leaf)) return;
  const { value } = leaf;
  if (typeof value === 'string') {
    const embedded = parseEmbeddedJson(value);
    if (embedded !== undefined && (isMapping(embedded) || embedded.some(isMapping))) {
      jsonFacts(walk, leaf, path, [], embedded, 0);
      return;
    }
  }
  if (isMapping(value) && Object.keys(value).length === 0) return; // `podAnnotations: {}`
  add(walk, leaf, path, [], settingValue(walk.out, path, value));
}

/** Flattens parsed JSON; lists of scalars stay whole, as lists do in YAML. */
function jsonFacts(
  walk: Walk,
  leaf: Leaf,
  path: string[],
  inner: string[],
  value: unknown,
  depth: number,
): void {
  const entries: [string, unknown][] | undefined = isMapping(value)
    ? Object.entries(value)
    : Array.isArray(value) && value.some(isMapping)
      ? value.map((item, i) => [`[${i}]`, item])
      : undefined;
  if (!entries || depth >= MAX_JSON_DEPTH) {
    add(walk, leaf, path, inner, settingValue(walk.out, [...path, ...inner], value));
    return;
  }
  for (const [key, item] of entries) jsonFacts(walk, leaf, path, [...inner, key], item, depth + 1);
}

/** Counts what is beyond the limit, before any work is spent on it. */
function full(walk: Walk, leaf: Leaf): boolean {
  if (walk.count < MAX_SETTINGS) return false;
  walk.dropped++;
  walk.firstDropped ??= leaf;
  return true;
}

function add(walk: Walk, leaf: Leaf, path: string[], inner: string[], value: FactValue): void {
  if (full(walk, leaf)) return;
  walk.count++;
  const segments = ['helm', walk.workload, dotted(path)];
  if (inner.length > 0) segments.push(dotted(inner));
  emitFact(walk.out, { dimension: 'config', path: segments, value }, leaf);
}

function settingValue(out: Emit, path: readonly string[], value: unknown): FactValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return longText(out, protectSetting(path, value, out.fingerprint), value);
  if (typeof value === 'number' || typeof value === 'boolean') {
    return typeof value === 'number' && !Number.isFinite(value)
      ? String(value)
      : protectScalar(path, value, out.fingerprint);
  }
  // Lists (and mappings too deep to walk) are compared whole, as JSON.
  const json = boundedJson(value, MAX_JSON_INPUT);
  if (json === undefined) return `(too large or cyclic to compare: ${typeNameOf(value)})`;
  if (json === '[]' || json === '{}') return json; // `imagePullSecrets: []` names no secret
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
export function dotted(path: readonly string[]): string {
  let out = '';
  for (const segment of path) {
    if (/^\[\d+\]$/.test(segment)) out += segment;
    else if (segment !== '' && !/[./[\]%\s]/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${segment.replace(/%/g, '%25').replace(/\//g, '%2F').replace(/\]/g, '%5D')}]`;
  }
  return out;
}

function typeNameOf(value: unknown): string {
  return Array.isArray(value) ? 'a list' : 'a mapping';
}
