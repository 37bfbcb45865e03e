/**
 * YAML aliases share one parsed object between several places, so a few hundred bytes can stand
 * for billions of nodes (the "billion laughs" alias bomb). Parsing stays cheap; it is every reader
 * walking the value afterwards that explodes. This measures the value as a tree, once per shared
 * object, before anyone walks it.
 */

/** Aliases may add at most this many nodes, or as many again as the document holds, whichever is more. */
export const ALIAS_EXPANSION_LIMIT = 250_000;

/**
 * A string counts as one node per this many characters once expanded: an alias to a large scalar
 * costs its size wherever a reader copies it (a 1 MB string aliased 2,000 times is 2 GB of output).
 */
export const STRING_NODE_CHARS = 256;

/** Nodes a value adds where it is used: a string by its length, any other scalar one. */
function weight(value: unknown): number {
  return typeof value === 'string' ? 1 + Math.floor(value.length / STRING_NODE_CHARS) : 1;
}

/** As js-yaml's own `maxDepth`: values read by the second parser are held to the same depth. */
export const MAX_YAML_DEPTH = 100;

export type ExpansionProblem =
  | { kind: 'bomb'; node: object; expanded: number; allowed: number }
  | { kind: 'cycle'; node: object }
  | { kind: 'depth'; node: object };

/**
 * How far aliases expand `value` (strings weighed by length, see STRING_NODE_CHARS): a problem
 * when they add more nodes than allowed, or when an
 * alias points back into its own anchor (a recursive value no reader can walk to its end).
 * Linear in the number of distinct objects; iterative, so deep values cannot overflow the stack.
 */
export function checkExpansion(value: unknown, limit = ALIAS_EXPANSION_LIMIT): ExpansionProblem | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const size = new Map<object, number>();
  const active = new Set<object>();
  let own = 0;
  // Each frame: the object, its children, and the index of the next child to visit.
  const stack: { node: object; children: unknown[]; next: number; total: number }[] = [];
  const enter = (node: object): ExpansionProblem | undefined => {
    if (active.has(node)) return { kind: 'cycle', node };
    if (stack.length >= MAX_YAML_DEPTH) return { kind: 'depth', node };
    active.add(node);
    const children = childrenOf(node);
    own += 1 + children.length;
    stack.push({ node, children, next: 0, total: 1 });
    return undefined;
  };
  const cycle = enter(value);
  if (cycle) return cycle;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.next < frame.children.length) {
      const child = frame.children[frame.next++];
      if (child === null || typeof child !== 'object') {
        frame.total += weight(child);
        continue;
      }
      const known = size.get(child);
      if (known !== undefined) {
        frame.total += known;
        continue;
      }
      const problem = enter(child);
      if (problem) return problem;
      continue;
    }
    stack.pop();
    active.delete(frame.node);
    size.set(frame.node, frame.total);
    const parent = stack[stack.length - 1];
    if (parent) parent.total += frame.total;
  }
  const expanded = size.get(value) ?? 1;
  const allowed = own + Math.max(limit, own);
  if (expanded <= allowed) return undefined;
  // The innermost object that alone exceeds the allowance names the line.
  return { kind: 'bomb', node: smallestOver(size, allowed, value), expanded, allowed };
}

/** A reason written by expansionMessage: the whole document was left unread. */
export function isYamlDocumentProblem(reason: string): boolean {
  return /a YAML alias refers to its own anchor|YAML aliases expand this document|YAML nested deeper than/.test(
    reason,
  );
}

/** The message every reader shows for a problem, without the line (callers add file:line). */
export function expansionMessage(problem: ExpansionProblem): string {
  if (problem.kind === 'depth') return `YAML nested deeper than ${MAX_YAML_DEPTH} levels`;
  if (problem.kind === 'cycle')
    return 'a YAML alias refers to its own anchor (a recursive value cannot be read)';
  const expanded = Number.isFinite(problem.expanded)
    ? `${format(problem.expanded)} nodes`
    : 'an unbounded size';
  return `YAML aliases expand this document to ${expanded}, more than the ${format(problem.allowed)} allowed (an alias bomb?)`;
}

function childrenOf(node: object): unknown[] {
  if (Array.isArray(node)) return node;
  if (node instanceof Map) return [...node.values()];
  if (ArrayBuffer.isView(node) || node instanceof Date) return [];
  return Object.values(node);
}

function smallestOver(size: Map<object, number>, allowed: number, root: object): object {
  let best: object = root;
  let bestSize = Number.POSITIVE_INFINITY;
  for (const [node, s] of size) {
    if (s > allowed && s < bestSize) {
      best = node;
      bestSize = s;
    }
  }
  return best;
}

function format(n: number): string {
  return n >= 1e15 ? n.toExponential(1) : Math.round(n).toLocaleString('en-US');
}
