/**
 * Structured values (a values file's lists of mappings, a JSON document inside a string) as flat
 * leaves, so that every part of them is compared and none is summarised. Lists of mappings are
 * walked element by element, each element named by a natural key (`[name=api]`) or, as a last
 * resort, by its index (`[3]`). What cannot be walked (a cycle, nesting past MAX_DEPTH) is a
 * problem the caller records as a skip; it never becomes a placeholder value.
 */
import { isSecretName, looksLikeSecret } from './secrets.js';
import { isMapping } from './shape.js';

/** Nesting deeper than this is no configuration anyone wrote: named, not walked. */
export const MAX_DEPTH = 64;

/** Fields that name a list element, in the order they are tried. */
const KEY_FIELDS = ['name', 'id', 'key', 'uid', 'slug', 'host', 'hostname', 'path', 'mountPath'];
/**
 * A natural key goes into a fact's key: short text only (a number `1` and a string `"1"` would
 * name the same element), never under a secret-named list or field, never shaped like a credential.
 */
const KEY_TEXT = /^[\w.:@+/-]{1,80}$/;

/** One leaf: a scalar, a list of scalars (compared whole), an element with nothing in it, or a keyed list's order. */
export type Flat =
  | { kind: 'scalar'; value: string | number | boolean | null }
  | { kind: 'list'; value: unknown[] }
  | { kind: 'empty' }
  | { kind: 'keys'; value: string[] };

/** Where a leaf was written: its container and key, for a line. */
export interface At {
  node: object | undefined;
  key: string | undefined;
}

export interface FlatSink {
  /** Returns false once the caller wants no more leaves (its budget is spent). */
  leaf(path: readonly string[], flat: Flat, at: At): boolean;
  problem(path: readonly string[], reason: string, at: At): void;
}

/**
 * Walks `value` below `path`, handing every leaf to the sink. Mappings go key by key; an empty
 * mapping is as good as absent, except as a list element, where it is a leaf of its own.
 * Returns false when the sink stopped the walk.
 */
export function walkStructured(value: unknown, path: readonly string[], sink: FlatSink, at?: At): boolean {
  return walk(value, [...path], sink, at ?? { node: undefined, key: undefined }, new Set(), 0);
}

function walk(
  value: unknown,
  path: string[],
  sink: FlatSink,
  at: At,
  open: Set<object>,
  depth: number,
): boolean {
  if (value === null || typeof value !== 'object')
    return sink.leaf(path, { kind: 'scalar', value: scalar(value) }, at);
  if (open.has(value)) {
    sink.problem(path, 'refers to itself (a YAML alias cycle): not compared', at);
    return true;
  }
  if (depth >= MAX_DEPTH) {
    sink.problem(path, `nested deeper than ${MAX_DEPTH} levels: not compared`, at);
    return true;
  }
  if (Array.isArray(value) && !value.some((v) => v !== null && typeof v === 'object')) {
    return sink.leaf(path, { kind: 'list', value }, at);
  }
  open.add(value);
  try {
    if (Array.isArray(value)) return walkList(value, path, sink, at, open, depth);
    for (const [key, child] of Object.entries(value)) {
      path.push(key);
      const ok = walk(child, path, sink, { node: value, key }, open, depth + 1);
      path.pop();
      if (!ok) return false;
    }
    return true;
  } finally {
    open.delete(value);
  }
}

function walkList(
  list: unknown[],
  path: string[],
  sink: FlatSink,
  at: At,
  open: Set<object>,
  depth: number,
): boolean {
  const keyed = path.some(isSecretName) ? undefined : naturalKey(list);
  if (keyed && !sink.leaf(path, { kind: 'keys', value: keyed.keys }, at)) return false;
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    const itemAt: At = { node: isMapping(item) ? item : list, key: isMapping(item) ? undefined : String(i) };
    path.push(keyed ? elementSegment(keyed.field, keyed.keys[i]!) : `[${i}]`);
    let ok: boolean;
    if (isMapping(item) && Object.keys(item).length === 0) ok = sink.leaf(path, { kind: 'empty' }, itemAt);
    else if (keyed && isMapping(item)) ok = walkFields(item, keyed.field, path, sink, open, depth + 1);
    else ok = walk(item, path, sink, itemAt, open, depth + 1);
    path.pop();
    if (!ok) return false;
  }
  return true;
}

/** An element named by its key field: its other fields (the list's `keys` leaf says it is there). */
function walkFields(
  item: Record<string, unknown>,
  field: string,
  path: string[],
  sink: FlatSink,
  open: Set<object>,
  depth: number,
): boolean {
  if (open.has(item)) {
    sink.problem(path, 'refers to itself (a YAML alias cycle): not compared', { node: item, key: undefined });
    return true;
  }
  const rest = Object.entries(item).filter(([k]) => k !== field);
  open.add(item);
  try {
    for (const [key, child] of rest) {
      path.push(key);
      const ok = walk(child, path, sink, { node: item, key }, open, depth + 1);
      path.pop();
      if (!ok) return false;
    }
    return true;
  } finally {
    open.delete(item);
  }
}

/**
 * The field that names every element of a list of mappings, with each element's key: the first of
 * KEY_FIELDS that every element holds as a distinct short scalar, else the only string field every
 * element has (`- image: a`, `- image: b`). Undefined when none does: elements go by index then.
 */
export function naturalKey(list: readonly unknown[]): { field: string; keys: string[] } | undefined {
  if (list.length === 0 || !list.every(isMapping)) return undefined;
  const items = list as Record<string, unknown>[];
  for (const field of [...KEY_FIELDS, onlyStringField(items)]) {
    if (field === undefined || isSecretName(field)) continue;
    const keys = items.map((item) => keyText(item[field]));
    if (keys.every((k): k is string => k !== undefined) && new Set(keys).size === keys.length)
      return { field, keys };
  }
  return undefined;
}

function onlyStringField(items: readonly Record<string, unknown>[]): string | undefined {
  let found: string | undefined;
  for (const item of items) {
    const strings = Object.keys(item).filter((k) => typeof item[k] === 'string');
    if (strings.length !== 1 || (found !== undefined && strings[0] !== found)) return undefined;
    found = strings[0];
  }
  return found;
}

function keyText(value: unknown): string | undefined {
  return typeof value === 'string' && KEY_TEXT.test(value) && !looksLikeSecret(value) ? value : undefined;
}

/** `[name=api]`: a list element by its natural key, with `%`, `/` and `]` escaped. */
export function elementSegment(field: string, key: string): string {
  return `[${field}=${key.replace(/%/g, '%25').replace(/\//g, '%2F').replace(/\]/g, '%5D')}]`;
}

function scalar(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  return String(value); // bigint, symbol: no YAML or JSON parser hands these over
}
