import { asList, asObj, asString, type Obj } from '../shape.js';
import type { LineLocator } from '../yaml-docs.js';

/** One resource instance, whichever JSON it came from (state, plan or a raw state file). */
export interface TfResource {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  /** Module path as subject segments (`db`, `svc[api]`); count indexes of modules are dropped. */
  modules: string[];
  /** `count` index (number) or `for_each` key (string). */
  index?: string | number;
  values: Obj;
  /** Terraform's mirror of `values` where `true` marks a sensitive attribute. */
  sensitive: unknown;
  /** In a plan, the mirror of attributes known only after apply. */
  unknown?: unknown;
  line: number;
}

export type TfFormat = 'state' | 'plan' | 'raw-state';

export interface TfDocument {
  format: TfFormat;
  resources: TfResource[];
  /** Set when modules nest deeper than anyone writes them: the deeper ones were not read. */
  tooDeep?: boolean;
}

const MAX_MODULE_DEPTH = 64;

/**
 * Recognises `terraform show -json` of a state or a plan, or a raw state file (version 4), and
 * lists its resource instances. A plan's values are its planned values; data sources read while
 * planning come from its prior state.
 */
export function readTerraformJson(value: unknown, lineOf: LineLocator): TfDocument | { problem: string } {
  const root = asObj(value);
  if (!root) return { problem: 'expected a JSON object from `terraform show -json`' };
  if (root.planned_values !== undefined) return readPlan(root, lineOf);
  if (asObj(root.values)) {
    const resources: TfResource[] = [];
    const tooDeep = walkModule(asObj(asObj(root.values)?.root_module), [], lineOf, resources, 0);
    return { format: 'state', resources, ...(tooDeep ? { tooDeep } : {}) };
  }
  if (typeof root.version === 'number' && Array.isArray(root.resources)) {
    if (root.version !== 4) {
      return {
        problem: `state format version ${root.version} is not read: run \`terraform show -json\` on it`,
      };
    }
    return { format: 'raw-state', resources: readRawState(root.resources, lineOf) };
  }
  if (typeof root.format_version === 'string') return { format: 'state', resources: [] }; // an empty state
  return {
    problem: 'expected `terraform show -json` output (a state or a plan) or a state file (version 4)',
  };
}

function readPlan(root: Obj, lineOf: LineLocator): TfDocument {
  const resources: TfResource[] = [];
  const tooDeep = walkModule(asObj(asObj(root.planned_values)?.root_module), [], lineOf, resources, 0);
  const planned = new Set(resources.map((r) => r.address));
  const prior: TfResource[] = [];
  walkModule(asObj(asObj(asObj(root.prior_state)?.values)?.root_module), [], lineOf, prior, 0);
  for (const r of prior) if (r.mode === 'data' && !planned.has(r.address)) resources.push(r);
  const unknown = new Map<string, unknown>();
  for (const change of asList(root.resource_changes)) {
    const c = asObj(change);
    const address = asString(c?.address);
    const after = asObj(asObj(c?.change)?.after_unknown);
    if (address && after) unknown.set(address, after);
  }
  for (const r of resources) {
    const u = unknown.get(r.address);
    if (u) r.unknown = u;
  }
  return { format: 'plan', resources, ...(tooDeep ? { tooDeep } : {}) };
}

/** Reads a module and its children; true when some were nested too deep to read. */
function walkModule(
  module: Obj | undefined,
  parents: string[],
  lineOf: LineLocator,
  out: TfResource[],
  depth: number,
): boolean {
  if (!module) return false;
  if (depth > MAX_MODULE_DEPTH) return true;
  for (const item of asList(module.resources)) {
    const r = asObj(item);
    const type = asString(r?.type);
    const name = asString(r?.name);
    if (!r || !type || !name) continue;
    const index = r.index;
    out.push({
      address: asString(r.address) ?? `${type}.${name}`,
      mode: r.mode === 'data' ? 'data' : 'managed',
      type,
      name,
      modules: parents,
      ...(typeof index === 'string' || typeof index === 'number' ? { index } : {}),
      values: asObj(r.values) ?? {},
      sensitive: r.sensitive_values ?? {},
      line: lineOf(r) ?? 1,
    });
  }
  let tooDeep = false;
  for (const item of asList(module.child_modules)) {
    const child = asObj(item);
    const address = asString(child?.address);
    if (walkModule(child, address ? moduleSegments(address) : parents, lineOf, out, depth + 1))
      tooDeep = true;
  }
  return tooDeep;
}

/** Raw state (`terraform.tfstate`, `terraform state pull`): resources with instances. */
function readRawState(list: unknown[], lineOf: LineLocator): TfResource[] {
  const out: TfResource[] = [];
  for (const item of list) {
    const r = asObj(item);
    const type = asString(r?.type);
    const name = asString(r?.name);
    if (!r || !type || !name) continue;
    const module = asString(r.module) ?? '';
    const modules = module ? moduleSegments(module) : [];
    const mode = r.mode === 'data' ? 'data' : 'managed';
    for (const entry of asList(r.instances)) {
      const instance = asObj(entry);
      if (!instance) continue;
      const index = instance.index_key;
      const suffix =
        typeof index === 'number'
          ? `[${index}]`
          : typeof index === 'string'
            ? `[${JSON.stringify(index)}]`
            : '';
      out.push({
        address: `${module ? `${module}.` : ''}${mode === 'data' ? 'data.' : ''}${type}.${name}${suffix}`,
        mode,
        type,
        name,
        modules,
        ...(typeof index === 'string' || typeof index === 'number' ? { index } : {}),
        values: asObj(instance.attributes) ?? {},
        sensitive: sensitiveMirror(instance.sensitive_attributes),
        line: lineOf(instance) ?? 1,
      });
    }
  }
  return out;
}

/** A raw state's sensitive paths (`[[{type: get_attr, value: password}]]`) as a mirror object. */
function sensitiveMirror(paths: unknown): unknown {
  const mirror: Obj = {};
  for (const path of asList(paths)) {
    const steps = asList(path)
      .map((step) => asObj(step)?.value)
      .filter((v): v is string | number => typeof v === 'string' || typeof v === 'number');
    if (steps.length === 0) continue;
    let node: Obj = mirror;
    steps.forEach((step, i) => {
      const key = String(step);
      if (i === steps.length - 1) node[key] = true;
      else {
        const next = asObj(node[key]) ?? {};
        node[key] = next;
        node = next;
      }
    });
  }
  return mirror;
}

const MODULE_STEP = /module\.([A-Za-z0-9_-]+)(?:\[(\d+|"(?:[^"\\]|\\.)*")\])?/g;

/** `module.a.module.b["eu"]` -> ['a', 'b[eu]']: count indexes dropped so instances pool together. */
export function moduleSegments(address: string): string[] {
  const out: string[] = [];
  for (const m of address.matchAll(MODULE_STEP)) {
    const key = m[2];
    if (key === undefined || /^\d+$/.test(key)) out.push(m[1] ?? '');
    else out.push(`${m[1]}[${unquote(key)}]`);
  }
  return out;
}

function unquote(text: string): string {
  try {
    return String(JSON.parse(text));
  } catch {
    return text.slice(1, -1);
  }
}

/**
 * The instance's name in keys: module path and resource name, with its `for_each` key but not
 * its `count` index (count instances are alike and counted instead). `/` is escaped.
 */
export function subjectOf(r: TfResource, withKey = true): string {
  const own = withKey && typeof r.index === 'string' ? `${r.name}[${r.index}]` : r.name;
  return [...r.modules, own].join('.').replace(/%/g, '%25').replace(/\//g, '%2F');
}

/** True when Terraform marks the attribute at `path` (or a parent of it) sensitive. */
export function isSensitive(mirror: unknown, path: readonly (string | number)[]): boolean {
  let node = mirror;
  for (const step of path) {
    if (node === true) return true;
    if (node === null || typeof node !== 'object') return false;
    node = (node as Record<string, unknown>)[String(step)];
  }
  return node === true;
}

/** Follows a path through values; a one-element list of blocks (`settings: [{...}]`) is stepped into. */
export function valueAt(values: unknown, path: readonly string[]): unknown {
  let node = values;
  for (const step of path) {
    if (Array.isArray(node) && node.length === 1) node = node[0];
    const obj = asObj(node);
    if (!obj) return undefined;
    node = obj[step];
  }
  return node;
}

/** The same path through a mirror (sensitive or unknown), where blocks keep their list index. */
export function mirrorPath(values: unknown, path: readonly string[]): (string | number)[] {
  const out: (string | number)[] = [];
  let node = values;
  for (const step of path) {
    if (Array.isArray(node) && node.length === 1) {
      out.push(0);
      node = node[0];
    }
    out.push(step);
    node = asObj(node)?.[step];
  }
  return out;
}
