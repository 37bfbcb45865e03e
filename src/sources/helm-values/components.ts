import { isMapping } from '../shape.js';
import { naturalKey } from '../structured.js';
import { AUTOSCALING_BLOCKS, conventionFacts, RESOURCES_KEY } from './conventions.js';
import { type Emit, emitFact, skipAt, typeName } from './emit.js';
import { type Branch, type BuildState, branchAt, leafAt, toBranch, type ValueNode } from './tree.js';

/**
 * Keys that hold a chart's own values inside an application's entry (govuk's
 * `govukApplications: [{name: frontend, helmValues: {...}}]`, Argo CD's `values`/`valuesObject`):
 * dropped from the component's name, and layered over the top-level defaults.
 */
const VALUES_WRAPPERS = new Set(['helmValues', 'values', 'valuesObject']);
/** Blocks a convention reads as a whole, and `global`, which is no component. */
const NOT_COMPONENTS = new Set(['global', 'image', 'persistence', 'env', ...AUTOSCALING_BLOCKS]);
/** Chart features switched by `<feature>.enabled` that are no workload of their own. */
const FEATURES = new Set([
  'ingress',
  'service',
  'serviceAccount',
  'serviceMonitor',
  'podMonitor',
  'prometheusRule',
  'metrics',
  'monitoring',
  'networkPolicy',
  'podDisruptionBudget',
  'pdb',
  'rbac',
  'tls',
]);
/** Keys whose value, inherited from the top level, is an application's default when it sets none. */
const DEFAULTED = /^(replicaCount|replicas|autoscaling|hpa|keda|resources|[a-z][A-Za-z0-9]*Resources)$/;
/** Mappings built from list elements, at most, per values tree. */
const ELEMENT_BUDGET = 20_000;

interface Walk {
  out: Emit;
  root: Branch;
  state: Pick<BuildState, 'budget' | 'exhausted'>;
}

/**
 * The semantic keys (replicas, resources, autoscaling, image, persistence, a component's `enabled`)
 * at any depth, keyed by the component's path alone, never by what else its mapping holds: the root
 * is the chart's workload, a mapping is its key (`worker`, `frontend.redis` below an application),
 * an element of a list of mappings is its natural key (`govukApplications[name=frontend]` is
 * `frontend`). Only the root and top-level mappings read `env` (as before: sub-charts' pods).
 */
export function componentFacts(out: Emit, root: Branch, workload: string): void {
  const walk: Walk = { out, root, state: { budget: ELEMENT_BUDGET, exhausted: false } };
  conventionFacts(out, root, workload);
  visit(walk, root, [], false);
  if (walk.state.exhausted) {
    out.skips.push({
      source: out.source,
      file: root.file,
      line: root.line,
      reason: `more than ${ELEMENT_BUDGET} mappings inside lists: the rest is compared as settings only`,
    });
  }
}

function visit(walk: Walk, branch: Branch, name: readonly string[], inElement: boolean): void {
  for (const [key, node] of branch.entries) {
    if (NOT_COMPONENTS.has(key) || RESOURCES_KEY.test(key) || key.includes('/')) continue;
    if (node.kind === 'map') {
      const wrapper = inElement && VALUES_WRAPPERS.has(key);
      const childName = wrapper ? name : [...name, key];
      const values = wrapper ? withDefaults(walk.root, node) : node;
      component(walk, values, childName, name.length === 0 && !wrapper);
      visit(walk, values, childName, false);
    } else if (Array.isArray(node.value)) {
      elements(walk, node.value, node, name);
    }
  }
}

/** One mapping's conventions, under its component name. */
function component(walk: Walk, branch: Branch, name: readonly string[], topLevel: boolean): void {
  if (name.length === 0) return;
  const workload = name.join('.');
  // A component switched off runs nothing: its replicas and resources (often defaults) are moot.
  if (enabledFact(walk.out, branch, workload, name[name.length - 1]!) === false) return;
  conventionFacts(walk.out, branch, workload, { env: topLevel });
}

/** A list of mappings named by a natural key: each element is a component of that name. */
function elements(
  walk: Walk,
  list: readonly unknown[],
  leaf: ValueNode & { kind: 'leaf' },
  parent: readonly string[],
): void {
  const keyed = naturalKey(list);
  if (!keyed || !leaf.lineOf) return;
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    const name = keyed.keys[i]!;
    if (!isMapping(item) || name.includes('/')) continue;
    if (walk.state.budget <= 0) {
      walk.state.exhausted = true;
      return;
    }
    const state: BuildState = {
      file: leaf.file,
      lineOf: leaf.lineOf,
      budget: walk.state.budget,
      exhausted: false,
    };
    const branch = toBranch(item, leaf.lineOf(item, keyed.field) ?? leaf.line, state);
    walk.state.budget = state.budget;
    if (state.exhausted) walk.state.exhausted = true;
    if (autoscalerElement(walk.out, branch)) continue;
    component(walk, branch, [...parent, name], false);
    visit(walk, branch, [...parent, name], true);
  }
}

/**
 * A list element shaped like a HorizontalPodAutoscaler (`{name, enabled, spec: {scaleTargetRef,
 * minReplicas, maxReplicas}}`, govuk's `podAutoscaling:`): its bounds as
 * `infra/autoscaling/<target>/min-replicas|max-replicas`, as the kubernetes source reads an HPA.
 * Its metrics stay settings. True when the element is one, switched on or not.
 */
function autoscalerElement(out: Emit, branch: Branch): boolean {
  const spec = branchAt(branch, 'spec');
  const target = leafAt(branchAt(spec, 'scaleTargetRef'), 'name');
  if (!spec || typeof target?.value !== 'string' || target.value === '' || target.value.includes('/'))
    return false;
  const enabled = leafAt(branch, 'enabled');
  if (enabled?.value === false || enabled?.value === 'false') return true;
  for (const [key, attribute, fallback] of [
    ['minReplicas', 'min-replicas', 1],
    ['maxReplicas', 'max-replicas', undefined],
  ] as const) {
    const leaf = leafAt(spec, key);
    const value = leaf?.value;
    if (leaf && !(typeof value === 'number' && Number.isInteger(value) && value >= 0)) {
      skipAt(out, leaf, `${key}: expected a whole number, got ${typeName(value)}`);
      continue;
    }
    const count = leaf ? (value as number) : fallback;
    if (count === undefined) continue;
    if (leaf) out.consumed.add(leaf);
    const path = ['autoscaling', target.value, attribute];
    emitFact(
      out,
      { dimension: 'infra', path, value: count, compare: 'scaled', scale: 'replicas' },
      leaf ?? target,
    );
  }
  return true;
}

/**
 * An application's values over the top-level defaults, for the semantic keys only: govuk's
 * `replicaCount: 2` at the top of values-staging.yaml is every application's count unless it sets
 * its own. A mapping the application has (`workers:`) takes the top level's defaults one level down.
 */
function withDefaults(root: Branch, values: Branch): Branch {
  const entries = new Map(values.entries);
  for (const [key, node] of root.entries) {
    const own = values.entries.get(key);
    if (DEFAULTED.test(key) && own === undefined) entries.set(key, node);
    else if (own?.kind === 'map' && node.kind === 'map' && !NOT_COMPONENTS.has(key)) {
      const nested = new Map(own.entries);
      for (const [inner, value] of node.entries)
        if (DEFAULTED.test(inner) && !nested.has(inner)) nested.set(inner, value);
      entries.set(key, { ...own, entries: nested });
    }
  }
  return { ...values, entries };
}

/**
 * `<component>.enabled`: whether a whole component runs, as `infra/workload/<c>/enabled`. Chart
 * features switched the same way (`ingress.enabled`) stay settings. Returns the switch, if read.
 */
function enabledFact(out: Emit, branch: Branch, workload: string, last: string): boolean | undefined {
  if (FEATURES.has(last)) return undefined;
  const leaf = leafAt(branch, 'enabled');
  if (!leaf || leaf.value === null) return undefined;
  const value = leaf.value === 'true' ? true : leaf.value === 'false' ? false : leaf.value;
  if (typeof value !== 'boolean') {
    skipAt(out, leaf, `${workload}.enabled: expected true or false, got ${typeName(leaf.value)}`);
    return undefined;
  }
  out.consumed.add(leaf);
  emitFact(out, { dimension: 'infra', path: ['workload', workload, 'enabled'], value }, leaf);
  return value;
}
