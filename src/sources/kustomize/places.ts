import type { Place } from '../kubernetes/context.js';
import type { LineLocator } from '../yaml-docs.js';

export type { Place };

/** The parsed document a node came from, so its line can be asked of that document's locator. */
interface DocRef {
  file: string;
  lineOf: LineLocator;
  /** Lines before the document's text in its file (an inline patch inside a kustomization). */
  offset: number;
}

/**
 * Where every node of a render was written. Documents are parsed with line spans keyed by node
 * identity; patches, images, replicas and generators then move values around, so a key can carry
 * its own place (the patch line that set it), a node can carry one (a generated ConfigMap), and a
 * clone points back to the node it copies.
 */
export interface Places {
  docs: WeakMap<object, DocRef>;
  keys: WeakMap<object, Map<string, Place>>;
  nodes: WeakMap<object, Place>;
  alias: WeakMap<object, object>;
}

export function createPlaces(): Places {
  return { docs: new WeakMap(), keys: new WeakMap(), nodes: new WeakMap(), alias: new WeakMap() };
}

/** Registers every mapping and list of a parsed document under that document. */
export function registerDocument(
  places: Places,
  value: unknown,
  file: string,
  lineOf: LineLocator,
  offset = 0,
): void {
  const ref: DocRef = { file, lineOf, offset };
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object' || places.docs.has(node)) continue;
    places.docs.set(node, ref);
    for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push(child);
  }
}

/** The file and line of a node, or of one of its keys; undefined when nothing is known. */
export function placeOf(places: Places, node: unknown, key?: string): Place | undefined {
  let current: unknown = node;
  // Aliases chain clone to original; the bound only guards against a cycle no code path creates.
  for (let depth = 0; depth < 32 && current !== null && typeof current === 'object'; depth++) {
    const n = current as object;
    if (key !== undefined) {
      const own = places.keys.get(n)?.get(key);
      if (own) return own;
    } else {
      const own = places.nodes.get(n);
      if (own) return own;
    }
    const doc = places.docs.get(n);
    if (doc) {
      const line = key === undefined ? doc.lineOf(n) : doc.lineOf(n, key);
      if (line !== undefined) return { file: doc.file, line: line + doc.offset };
    }
    if (key !== undefined) {
      const own = places.nodes.get(n);
      if (own) return own;
    }
    current = places.alias.get(n);
  }
  return undefined;
}

/** Records that `key` of `node` was set at `place` (by a patch, an image override, ...). */
export function setKeyPlace(places: Places, node: object, key: string, place: Place | undefined): void {
  if (!place) return;
  let map = places.keys.get(node);
  if (!map) {
    map = new Map();
    places.keys.set(node, map);
  }
  map.set(key, place);
}

export function setNodePlace(places: Places, node: object, place: Place | undefined): void {
  if (place) places.nodes.set(node, place);
}

/**
 * A deep copy whose nodes still answer with the original's places: a patch applied to several
 * targets must not share nodes between them, yet each copy names the patch's lines.
 */
export function cloneTracked<T>(places: Places, value: T): T {
  if (value === null || typeof value !== 'object') return value;
  const copy = (
    Array.isArray(value)
      ? value.map((item) => cloneTracked(places, item))
      : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cloneTracked(places, v)]))
  ) as T & object;
  places.alias.set(copy, value as object);
  return copy;
}
