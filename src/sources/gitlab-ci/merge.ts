import { put } from '../../lookup.js';
import type { Skip } from '../../model/snapshot.js';
import { asObj, type Obj, textList } from '../shape.js';
import { type GitlabFile, isReference, REFERENCE } from './parse.js';

/** A CI file with the files it includes, in include order (what collect() read). */
export interface IncludeTree {
  parsed: GitlabFile;
  includes: IncludeTree[];
}

/** Where a node of the merged configuration was written, to give facts a file and line. */
export interface Registry {
  fileOf(node: unknown): GitlabFile | undefined;
  /** The file that last defined a top-level key (a job): its definition wins the merge. */
  definer(key: string): { file: GitlabFile; node: unknown } | undefined;
}

const MAX_EXTENDS = 11;
const MAX_REFERENCE_DEPTH = 10;

/**
 * The configuration GitLab sees: included files merged first (in order, each after its own
 * includes), the including file over them; mappings merge deeply, everything else is replaced.
 */
export function mergeTree(tree: IncludeTree): { config: Obj; registry: Registry } {
  const owners = new WeakMap<object, GitlabFile>();
  const definers = new Map<string, { file: GitlabFile; node: unknown }>();
  const visit = (node: IncludeTree, seen: Set<IncludeTree>): Obj => {
    if (seen.has(node)) return {};
    seen.add(node);
    register(node.parsed.value, node.parsed, owners, 0);
    let merged: Obj = {};
    for (const child of node.includes) merged = deepMerge(merged, visit(child, seen));
    for (const [key, value] of Object.entries(node.parsed.value)) {
      if (key !== 'include') definers.set(key, { file: node.parsed, node: value });
    }
    const { include: _ignored, ...own } = node.parsed.value;
    return deepMerge(merged, own);
  };
  const config = visit(tree, new Set());
  return {
    config,
    registry: {
      fileOf: (node) => (node !== null && typeof node === 'object' ? owners.get(node) : undefined),
      definer: (key) => definers.get(key),
    },
  };
}

function register(node: unknown, file: GitlabFile, owners: WeakMap<object, GitlabFile>, depth: number): void {
  if (node === null || typeof node !== 'object' || depth > 64 || owners.has(node)) return;
  owners.set(node, file);
  for (const child of Array.isArray(node) ? node : Object.values(node))
    register(child, file, owners, depth + 1);
}

export function deepMerge(base: Obj, over: Obj): Obj {
  const out: Obj = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const a = asObj(out[key]);
    const b = asObj(value);
    put(out, key, a && b && !isReference(a) && !isReference(b) ? deepMerge(a, b) : value);
  }
  return out;
}

/**
 * Replaces every `!reference [.job, key, ...]` by the value it names. Unchanged arrays and
 * mappings stay the same objects, so their lines are still known.
 */
export function resolveReferences(config: Obj, file: string, source: string, skips: Skip[]): Obj {
  // YAML aliases share nodes: without a memo, a file of nested aliases takes exponential time.
  const done = new Map<object, unknown>();
  const resolve = (value: unknown, depth: number): unknown => {
    if (depth > MAX_REFERENCE_DEPTH * 8) return value;
    if (value !== null && typeof value === 'object' && done.has(value)) return done.get(value);
    const out = resolveOnce(value, depth);
    if (value !== null && typeof value === 'object') done.set(value, out);
    return out;
  };
  const resolveOnce = (value: unknown, depth: number): unknown => {
    if (isReference(value)) {
      const path = value[REFERENCE].map(String);
      let target: unknown = config;
      for (const key of path) target = asObj(target)?.[key];
      if (target === undefined || depth > MAX_REFERENCE_DEPTH) {
        skips.push({
          source,
          file,
          reason: `!reference [${path.join(', ')}] names nothing in the files read, or nests too deep`,
        });
        return undefined;
      }
      return resolve(target, depth + 1);
    }
    if (Array.isArray(value)) {
      const items = value.map((v) => resolve(v, depth + 1));
      return items.every((v, i) => v === value[i]) ? value : items;
    }
    const obj = asObj(value);
    if (!obj) return value;
    let changed = false;
    const out: Obj = {};
    for (const [k, v] of Object.entries(obj)) {
      put(out, k, resolve(v, depth + 1));
      if (out[k] !== v) changed = true;
    }
    return changed ? out : obj;
  };
  return resolve(config, 0) as Obj;
}

/** A job with its `extends:` parents merged under it (in order, the job's own keys last). */
export function resolveExtends(
  config: Obj,
  name: string,
  problems: (reason: string) => void,
  chain: readonly string[] = [],
): Obj | undefined {
  const raw = asObj(config[name]);
  if (!raw) return undefined;
  const parents = textList(raw.extends);
  if (parents.length === 0) return raw;
  let merged: Obj = {};
  for (const parent of parents) {
    if (chain.includes(parent) || chain.length >= MAX_EXTENDS) {
      problems(
        `extends: ${[...chain, name, parent].join(' -> ')} loops or nests more than ${MAX_EXTENDS} deep`,
      );
      continue;
    }
    const resolved = resolveExtends(config, parent, problems, [...chain, name]);
    if (!resolved) {
      problems(`extends: ${parent} names no job or template in the files read`);
      continue;
    }
    merged = deepMerge(merged, resolved);
  }
  const { extends: _done, ...own } = raw;
  return deepMerge(merged, own);
}
