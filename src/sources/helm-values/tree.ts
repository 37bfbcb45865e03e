import { isMapping } from '../shape.js';
import type { LineLocator } from '../yaml-docs.js';

/** A scalar or a list (lists are atoms: Helm replaces them whole), with where it was written. */
export interface Leaf {
  kind: 'leaf';
  value: unknown;
  file: string;
  line: number;
  /** Lines inside a list leaf (an `env:` entry), from the document it came from. */
  lineOf?: LineLocator;
  /** The parsed mapping that holds this value, so a reader of a list element can mark it read. */
  holder?: object;
  key?: string;
}

/** A mapping, merged key by key across files. */
export interface Branch {
  kind: 'map';
  entries: Map<string, ValueNode>;
  file: string;
  line: number;
}

export type ValueNode = Leaf | Branch;

/** Deeper mappings than this become one leaf: no real values file nests so far. */
const MAX_DEPTH = 24;

export interface BuildState {
  file: string;
  lineOf: LineLocator;
  /** Mapping nodes left to visit: YAML aliases can make a small file a very large tree. */
  budget: number;
  /** Set when the budget ran out, so the caller reports it once. */
  exhausted?: boolean;
}

/** Turns a parsed mapping into a tree whose every node knows its file and line. */
export function toBranch(value: Record<string, unknown>, line: number, state: BuildState): Branch {
  return buildBranch(value, line, state, 0, new Set());
}

function buildBranch(
  value: Record<string, unknown>,
  line: number,
  state: BuildState,
  depth: number,
  ancestors: Set<object>,
): Branch {
  const entries = new Map<string, ValueNode>();
  const branch: Branch = { kind: 'map', entries, file: state.file, line };
  ancestors.add(value);
  for (const [key, child] of Object.entries(value)) {
    const childLine = state.lineOf(value, key) ?? line;
    if (isMapping(child) && depth < MAX_DEPTH && !ancestors.has(child) && state.budget > 0) {
      state.budget--;
      entries.set(key, buildBranch(child, childLine, state, depth + 1, ancestors));
    } else {
      if (isMapping(child) && state.budget <= 0) state.exhausted = true;
      entries.set(key, {
        kind: 'leaf',
        value: child,
        file: state.file,
        line: childLine,
        lineOf: state.lineOf,
        holder: value,
        key,
      });
    }
  }
  ancestors.delete(value);
  return branch;
}

/**
 * Helm's coalescing of a later values file over an earlier one: mappings merge key by key, any
 * other value (lists included) replaces, and a `null` in the later file deletes the key.
 */
export function mergeBranches(base: Branch, override: Branch): Branch {
  const entries = new Map(base.entries);
  for (const [key, node] of override.entries) {
    const previous = entries.get(key);
    if (node.kind === 'leaf' && node.value === null) {
      entries.delete(key);
    } else if (previous?.kind === 'map' && node.kind === 'map') {
      entries.set(key, mergeBranches(previous, node));
    } else {
      entries.set(key, node);
    }
  }
  return { kind: 'map', entries, file: base.file, line: base.line };
}

export function child(branch: Branch | undefined, key: string): ValueNode | undefined {
  return branch?.entries.get(key);
}

export function branchAt(branch: Branch | undefined, key: string): Branch | undefined {
  const node = branch?.entries.get(key);
  return node?.kind === 'map' ? node : undefined;
}

export function leafAt(branch: Branch | undefined, key: string): Leaf | undefined {
  const node = branch?.entries.get(key);
  return node?.kind === 'leaf' ? node : undefined;
}
