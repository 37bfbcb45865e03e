import { asObj, type Obj } from '../shape.js';
import { type Places, placeOf, setKeyPlace, setNodePlace } from './places.js';
import { BuildFailure } from './resource.js';

/**
 * Lists Kubernetes merges item by item, by this key (its `patchMergeKey`); every other list is
 * replaced whole. Only for built-in kinds: kustomize knows no merge keys of custom resources
 * without an `openapi:` schema, and replaces their lists too.
 */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  resourceClaims: 'name',
  schedulingGates: 'name',
  secrets: 'name',
};

export interface MergeOptions {
  places: Places;
  /** Built-in kinds merge lists by key; custom resources replace them. */
  builtIn: boolean;
  kind: string;
  /** Where the patch is, for failures. */
  at: { file: string; line?: number };
}

/**
 * Applies a strategic-merge patch to `target` in place, as `kubectl patch --type strategic` and
 * kustomize do: mappings merge, `null` deletes a key, keyed lists merge by key with
 * `$patch: delete` removing an item, other lists are replaced; `$patch: replace` and
 * `$retainKeys` replace a mapping, `$deleteFromPrimitiveList` removes values. Every value the patch
 * sets keeps the patch's line.
 */
export function strategicMerge(target: Obj, patch: Obj, options: MergeOptions): void {
  mergeMap(target, patch, [], options);
}

function mergeMap(target: Obj, patch: Obj, path: string[], o: MergeOptions): void {
  const directive = patch.$patch;
  if (directive === 'replace') {
    for (const key of Object.keys(target)) delete target[key];
  } else if (directive !== undefined && directive !== 'merge') {
    throw new BuildFailure(
      `${where(path)}: $patch: ${String(directive)} is not understood here`,
      o.at.file,
      line(o, patch, '$patch'),
    );
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key.startsWith('$setElementOrder/')) continue; // order only
    if (key === '$retainKeys') continue; // applied below, after the merge
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      deleteFromPrimitiveList(target, key.slice('$deleteFromPrimitiveList/'.length), value);
      continue;
    }
    if (key.startsWith('$')) {
      throw new BuildFailure(
        `${where(path)}: strategic-merge directive ${key} is not supported by the built-in renderer`,
        o.at.file,
        line(o, patch, key),
      );
    }
    mergeKey(target, patch, key, value, path, o);
  }
  if (Array.isArray(patch.$retainKeys)) {
    const keep = new Set(patch.$retainKeys.map(String));
    for (const key of Object.keys(target)) if (!keep.has(key)) delete target[key];
  }
}

function mergeKey(
  target: Obj,
  patch: Obj,
  key: string,
  value: unknown,
  path: string[],
  o: MergeOptions,
): void {
  const place = placeOf(o.places, patch, key);
  if (value === null) {
    delete target[key];
    return;
  }
  const patchObj = asObj(value);
  if (patchObj) {
    if (patchObj.$patch === 'delete') {
      delete target[key];
      return;
    }
    const existing = asObj(target[key]);
    if (existing && patchObj.$patch !== 'replace') {
      mergeMap(existing, patchObj, [...path, key], o);
      return;
    }
    target[key] = clean(patchObj);
    setKeyPlace(o.places, target, key, place);
    return;
  }
  if (Array.isArray(value)) {
    const mergeOn = o.builtIn ? mergeKeyOf(path, key, o.kind) : undefined;
    const existing = target[key];
    if (mergeOn && Array.isArray(existing)) {
      target[key] = mergeList(existing, value, mergeOn, [...path, key], o);
    } else {
      target[key] = value.filter((item) => asObj(item)?.$patch === undefined).map(clean);
    }
    setKeyPlace(o.places, target, key, place);
    return;
  }
  target[key] = value;
  setKeyPlace(o.places, target, key, place);
}

/** Container ports merge on containerPort, Service ports on port; the rest by field name. */
function mergeKeyOf(path: readonly string[], key: string, kind: string): string | undefined {
  if (key === 'ports') {
    if (path.some((p) => p === 'containers' || p === 'initContainers' || p === 'ephemeralContainers'))
      return 'containerPort';
    return kind === 'Service' && path.length === 1 && path[0] === 'spec' ? 'port' : undefined;
  }
  return MERGE_KEYS[key];
}

/**
 * Patch items first, in the patch's order (each merged into the item with its key), then the
 * items the patch did not name, in their order: what kustomize writes.
 */
function mergeList(
  existing: unknown[],
  patch: unknown[],
  mergeOn: string,
  path: string[],
  o: MergeOptions,
): unknown[] {
  if (patch.some((item) => asObj(item)?.$patch === 'replace')) {
    return patch.filter((item) => asObj(item)?.$patch !== 'replace').map(clean);
  }
  const out: unknown[] = [];
  const used = new Set<number>();
  for (const item of patch) {
    const patchItem = asObj(item);
    const id = patchItem?.[mergeOn];
    if (!patchItem || id === undefined || id === null) {
      throw new BuildFailure(
        `${where(path)}: every item of this list needs its ${mergeOn}`,
        o.at.file,
        line(o, item) ?? o.at.line,
      );
    }
    const index = existing.findIndex((e, i) => !used.has(i) && String(asObj(e)?.[mergeOn]) === String(id));
    if (patchItem.$patch === 'delete') {
      if (index !== -1) used.add(index);
      continue;
    }
    if (index === -1) {
      out.push(clean(patchItem));
      continue;
    }
    used.add(index);
    const original = asObj(existing[index])!;
    mergeMap(original, patchItem, path, o);
    // The item now says what the patch says: its origin is the patch's item.
    if (Object.keys(patchItem).some((k) => k !== mergeOn))
      setNodePlace(o.places, original, placeOf(o.places, patchItem));
    out.push(original);
  }
  existing.forEach((item, i) => {
    if (!used.has(i)) out.push(item);
  });
  return out;
}

function deleteFromPrimitiveList(target: Obj, field: string, values: unknown): void {
  const list = target[field];
  if (!Array.isArray(list) || !Array.isArray(values)) return;
  const drop = new Set(values.map(String));
  target[field] = list.filter((v) => !drop.has(String(v)));
}

/** A patch node placed into the target: its directives are instructions, not content. */
function clean<T>(value: T): T {
  const obj = asObj(value);
  if (obj) {
    for (const key of Object.keys(obj)) {
      if (
        key === '$patch' ||
        key === '$retainKeys' ||
        key.startsWith('$setElementOrder/') ||
        key.startsWith('$deleteFromPrimitiveList/')
      ) {
        delete obj[key];
      } else {
        obj[key] = clean(obj[key]);
      }
    }
    return value;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = clean(value[i]);
  }
  return value;
}

function where(path: readonly string[]): string {
  return path.length === 0 ? 'patch' : path.join('.');
}

function line(o: MergeOptions, node: unknown, key?: string): number | undefined {
  return placeOf(o.places, node, key)?.line;
}
