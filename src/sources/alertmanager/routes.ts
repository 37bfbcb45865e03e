import { asObj, type Obj } from '../shape.js';
import { type Matcher, matcherName, matches, parseMatcherText, parseMatchMap } from './matchers.js';

export type SkipAt = (node: unknown, reason: string, key?: string) => void;

export interface RouteNode {
  /** Key segments below `observability/route`, named by matchers: empty for the root. */
  path: string[];
  matchers: Matcher[];
  /** The route's own receiver, or the one it inherits. */
  receiver: string | undefined;
  continue: boolean;
  children: RouteNode[];
  node: Obj;
}

const MAX_DEPTH = 32;

/**
 * The routing tree of an Alertmanager configuration. A route whose matchers cannot be read is
 * left out with its subtree and a skip: Alertmanager itself would refuse to load it.
 */
export function readRouteTree(
  route: unknown,
  envLabels: ReadonlySet<string>,
  skip: SkipAt,
): RouteNode | undefined {
  const root = asObj(route);
  if (!root) return undefined;
  if (typeof root.receiver !== 'string') skip(root, 'the root route names no receiver', 'receiver');
  if (['matchers', 'match', 'match_re'].some((k) => k in root))
    skip(root, 'the root route has matchers; Alertmanager sends every alert to it, so they are ignored');
  return build(root, [], [], undefined, envLabels, skip, 0);
}

function build(
  obj: Obj,
  path: string[],
  matchers: Matcher[],
  parent: RouteNode | undefined,
  envLabels: ReadonlySet<string>,
  skip: SkipAt,
  depth: number,
): RouteNode {
  const node: RouteNode = {
    path,
    matchers,
    receiver: typeof obj.receiver === 'string' ? obj.receiver : parent?.receiver,
    continue: obj.continue === true,
    children: [],
    node: obj,
  };
  if (obj.routes === undefined || obj.routes === null) return node;
  if (!Array.isArray(obj.routes)) {
    skip(obj, 'expected `routes:` as a list of routes', 'routes');
    return node;
  }
  if (depth >= MAX_DEPTH) {
    skip(obj, `routes nested deeper than ${MAX_DEPTH} levels are not read`, 'routes');
    return node;
  }
  const taken = new Map<string, number>();
  for (const item of obj.routes) {
    const child = asObj(item);
    if (!child) {
      skip(obj, 'expected each of `routes:` to be a route (a mapping)', 'routes');
      continue;
    }
    const own = readMatchers(child, skip);
    if (!own) continue;
    const named = own
      .filter((m) => !envLabels.has(m.name))
      .map(matcherName)
      .sort()
      .join(',');
    const base = named === '' ? '*' : named;
    const n = (taken.get(base) ?? 0) + 1;
    taken.set(base, n);
    const segment = n > 1 ? `${base}#${n}` : base;
    node.children.push(build(child, [...path, segment], own, node, envLabels, skip, depth + 1));
  }
  return node;
}

function readMatchers(route: Obj, skip: SkipAt): Matcher[] | undefined {
  const out: Matcher[] = [];
  const fail = (reason: string, key: string) => {
    skip(route, `a route left out: ${reason}`, key);
    return undefined;
  };
  if (route.matchers !== undefined && route.matchers !== null) {
    const list = Array.isArray(route.matchers) ? route.matchers : [route.matchers];
    for (const text of list) {
      if (typeof text !== 'string') return fail('expected `matchers:` as a list of strings', 'matchers');
      const parsed = parseMatcherText(text);
      if (typeof parsed === 'string') return fail(parsed, 'matchers');
      out.push(...parsed);
    }
  }
  for (const [key, op] of [
    ['match', '='],
    ['match_re', '=~'],
  ] as const) {
    if (route[key] === undefined || route[key] === null) continue;
    const map = asObj(route[key]);
    if (!map) return fail(`expected \`${key}:\` as a map of labels`, key);
    const parsed = parseMatchMap(map, op);
    if (typeof parsed === 'string') return fail(parsed, key);
    out.push(...parsed);
  }
  return out;
}

/** Every route in the tree, root first. */
export function allRoutes(root: RouteNode): RouteNode[] {
  const out: RouteNode[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    out.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return out;
}

/**
 * Routes an alert of this environment can reach: those whose matchers (and their parents') on
 * the environment's own labels hold. Other labels vary from alert to alert, so they do not prune.
 */
export function reachableRoutes(root: RouteNode, alertLabels: Readonly<Record<string, string>>): RouteNode[] {
  const out: RouteNode[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!node.matchers.every((m) => !(m.name in alertLabels) || matches(m, alertLabels))) continue;
    out.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return out;
}

/**
 * Where Alertmanager delivers an alert with these labels: depth first, the first matching child
 * wins unless it says `continue: true`; a route none of whose children match keeps the alert.
 * Matchers on `assumed` labels hold: an environment's alerts carry its own env/namespace labels.
 */
export function routeAlert(
  node: RouteNode,
  labels: Readonly<Record<string, string>>,
  assumed: ReadonlySet<string>,
): RouteNode[] {
  const out: RouteNode[] = [];
  for (const child of node.children) {
    if (!child.matchers.every((m) => assumed.has(m.name) || matches(m, labels))) continue;
    out.push(...routeAlert(child, labels, assumed));
    if (!child.continue) break;
  }
  return out.length > 0 ? out : [node];
}
