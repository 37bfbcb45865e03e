import { isDeepStrictEqual } from 'node:util';
import { asObj, asString, type Obj } from '../shape.js';
import { type Places, placeOf, setKeyPlace } from './places.js';
import { BuildFailure } from './resource.js';

export interface JsonPatchOptions {
  places: Places;
  /** The patch's file, for failures. */
  file: string;
}

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

/**
 * Applies RFC 6902 operations to `target` in place, as kustomize does (a `replace` of a missing
 * mapping key adds it, as kustomize's patch library allows). Each value set keeps the line of its
 * operation. `ops` come from one parse and may be applied to several targets: values are copied.
 */
export function applyJsonPatch(
  target: Obj,
  ops: readonly unknown[],
  o: JsonPatchOptions,
  copy: <T>(v: T) => T,
): void {
  for (const entry of ops) {
    const op = asObj(entry);
    const name = asString(op?.op);
    const at = op ? placeOf(o.places, op, 'path') : undefined;
    const fail = (reason: string): never => {
      throw new BuildFailure(`JSON patch: ${reason}`, at?.file ?? o.file, at?.line);
    };
    if (!op || !name || !OPS.has(name))
      fail('expected an operation with op add, remove, replace, move, copy or test');
    const path = pointer(op!.path, fail);
    const valuePlace = placeOf(o.places, op, 'value') ?? at;
    switch (name) {
      case 'add':
      case 'replace':
        if (!('value' in op!)) fail(`${name} ${show(op!.path)}: expected a value`);
        put(target, path, copy(op!.value), name, fail, (parent, key) => {
          setKeyPlace(o.places, parent, key, valuePlace);
        });
        break;
      case 'remove':
        take(target, path, fail);
        break;
      case 'move':
      case 'copy': {
        const from = pointer(op!.from, fail);
        const value = name === 'move' ? take(target, from, fail) : copy(get(target, from, fail));
        put(target, path, value, 'add', fail, (parent, key) => setKeyPlace(o.places, parent, key, at));
        break;
      }
      case 'test':
        if (!isDeepStrictEqual(get(target, path, fail), op!.value)) fail(`test ${show(op!.path)} failed`);
        break;
    }
  }
}

/** RFC 6901: `/a/b~1c/0` -> ['a', 'b/c', '0']. The whole document (``) is not a patch target here. */
function pointer(raw: unknown, fail: (reason: string) => never): string[] {
  if (typeof raw !== 'string' || !raw.startsWith('/'))
    fail(`path: expected a JSON pointer such as /spec/replicas, got ${show(raw)}`);
  return (raw as string)
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(
  target: Obj,
  path: string[],
  fail: (reason: string) => never,
): { parent: unknown; last: string } {
  let node: unknown = target;
  for (let i = 0; i < path.length - 1; i++) {
    node = child(node, path[i]!);
    if (node === undefined) fail(`${render(path)}: ${render(path.slice(0, i + 1))} does not exist`);
  }
  return { parent: node, last: path[path.length - 1]! };
}

function child(node: unknown, token: string): unknown {
  if (Array.isArray(node)) {
    const i = index(token, node.length - 1);
    return i === undefined ? undefined : node[i];
  }
  const obj = asObj(node);
  return obj && Object.hasOwn(obj, token) ? obj[token] : undefined;
}

function get(target: Obj, path: string[], fail: (reason: string) => never): unknown {
  const { parent, last } = parentOf(target, path, fail);
  const value = child(parent, last);
  if (value === undefined) fail(`${render(path)} does not exist`);
  return value;
}

function put(
  target: Obj,
  path: string[],
  value: unknown,
  op: 'add' | 'replace',
  fail: (reason: string) => never,
  placed: (parent: Obj, key: string) => void,
): void {
  const { parent, last } = parentOf(target, path, fail);
  if (Array.isArray(parent)) {
    const i =
      last === '-' && op === 'add'
        ? parent.length
        : index(last, op === 'add' ? parent.length : parent.length - 1);
    if (i === undefined) fail(`${render(path)}: no item ${last} in a list of ${parent.length}`);
    if (op === 'add') parent.splice(i!, 0, value);
    else parent[i!] = value;
    return;
  }
  const obj = asObj(parent);
  if (!obj) fail(`${render(path)}: its parent is not a mapping or a list`);
  obj![last] = value;
  placed(obj!, last);
}

function take(target: Obj, path: string[], fail: (reason: string) => never): unknown {
  const { parent, last } = parentOf(target, path, fail);
  if (Array.isArray(parent)) {
    const i = index(last, parent.length - 1);
    if (i === undefined) fail(`${render(path)}: no item ${last} in a list of ${parent.length}`);
    return parent.splice(i!, 1)[0];
  }
  const obj = asObj(parent);
  if (!obj || !Object.hasOwn(obj, last)) fail(`${render(path)} does not exist`);
  const value = obj![last];
  delete obj![last];
  return value;
}

function index(token: string, max: number): number | undefined {
  if (!/^(0|[1-9][0-9]{0,8})$/.test(token)) return undefined;
  const i = Number(token);
  return i <= max ? i : undefined;
}

function render(path: readonly string[]): string {
  return `/${path.map((t) => t.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

/** A pointer or op name for a reason: never a value, which could be a secret. */
function show(value: unknown): string {
  if (typeof value !== 'string')
    return value === undefined ? 'nothing' : `a ${Array.isArray(value) ? 'list' : typeof value}`;
  return value.length > 80 ? `${value.slice(0, 77)}...` : value;
}
