import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import { ALIAS_EXPANSION_LIMIT, MAX_YAML_DEPTH } from './yaml-expansion.js';

/**
 * A `yaml` document's node tree to plain JS, as `doc.toJS()` makes it (the differential corpus test
 * holds the two together), in one pass and with bounded work. `toJS` looks each alias's anchor up
 * by walking the document again and converts a merge key's source again each time, so many
 * aliases or merges cost quadratic or exponential time; here anchors are kept in a map as they
 * are met, an alias is the anchor's own object, and a merge copies the keys of a value already
 * built, with every copied key counted against the same budget as alias expansion.
 */
export class ConvertProblem extends Error {
  constructor(
    message: string,
    readonly node: YamlNode | undefined,
  ) {
    super(message);
  }
}

export function yamlToJs(doc: Document): unknown {
  const anchors = new Map<string, { value: unknown; done: boolean }>();
  let copied = 0;
  const convert = (node: unknown, depth: number): unknown => {
    if (depth > MAX_YAML_DEPTH)
      throw new ConvertProblem(`YAML nested deeper than ${MAX_YAML_DEPTH} levels`, node as YamlNode);
    if (isAlias(node)) {
      const anchor = anchors.get(node.source);
      if (!anchor)
        throw new ConvertProblem(
          `invalid YAML: alias *${node.source} names no anchor before it in this document`,
          node,
        );
      if (!anchor.done)
        throw new ConvertProblem(
          'a YAML alias refers to its own anchor (a recursive value cannot be read)',
          node,
        );
      return anchor.value;
    }
    const anchorName = (node as { anchor?: string } | null)?.anchor;
    const record = (value: unknown) => {
      if (anchorName) anchors.set(anchorName, { value, done: false });
      return value;
    };
    let value: unknown;
    if (isScalar(node)) {
      value = typeof node.value === 'bigint' ? Number(node.value) : node.value;
      record(value);
    } else if (isSeq(node)) {
      const list: unknown[] = [];
      record(list);
      for (const item of node.items) list.push(convert(item, depth + 1));
      value = list;
    } else if (isMap(node)) {
      const map: Record<string, unknown> = {};
      const own = new Set<string>();
      record(map);
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        if (isScalar(pair.key) && typeof pair.key.value === 'symbol') {
          // `<<`: keys not set yet come from each source in order (YAML 1.1 merge semantics).
          const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
          for (const source of sources) {
            const from = convert(source, depth + 1);
            if (from === null || typeof from !== 'object' || Array.isArray(from))
              throw new ConvertProblem('invalid YAML: merge sources must be mappings', source as YamlNode);
            for (const [key, v] of Object.entries(from)) {
              if (++copied > ALIAS_EXPANSION_LIMIT)
                throw new ConvertProblem(
                  `YAML merge keys copy more than ${ALIAS_EXPANSION_LIMIT.toLocaleString('en-US')} keys (a merge bomb?)`,
                  pair.value as YamlNode,
                );
              if (!Object.hasOwn(map, key)) put(map, key, v);
            }
          }
          continue;
        }
        const key = keyText(convert(pair.key, depth + 1));
        if (own.has(key))
          throw new ConvertProblem(
            `invalid YAML: Map keys must be unique ("${key.slice(0, 80)}")`,
            pair.key as YamlNode,
          );
        own.add(key);
        put(map, key, convert(pair.value, depth + 1));
      }
      value = map;
    } else {
      value = node === null || node === undefined ? null : node;
      record(value);
    }
    if (anchorName) anchors.set(anchorName, { value, done: true });
    return value;
  };
  return convert(doc.contents, 0);
}

/** A key as `toJS` writes it on a plain object. */
function keyText(key: unknown): string {
  if (key === null || key === undefined) return key === null ? 'null' : '';
  if (typeof key === 'object') return JSON.stringify(key);
  return String(key);
}

/** A key named `__proto__` stays data, as in `toJS`. */
function put(map: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
  else map[key] = value;
}
