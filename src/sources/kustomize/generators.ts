import path from 'node:path';
import { asObj, type Obj } from '../shape.js';
import { type BuildContext, readNamed, resolveIn } from './context.js';
import {
  itemLine,
  type Kustomization,
  lineOf,
  objectList,
  optionalString,
  stringList,
  stringMap,
} from './kustomization.js';
import { type Place, setKeyPlace, setNodePlace } from './places.js';
import { answersTo, BuildFailure, ensureObj, kindOf, namespaceOf, type Resource } from './resource.js';

const ENTRY_FIELDS = new Set([
  'name',
  'namespace',
  'behavior',
  'literals',
  'envs',
  'env',
  'files',
  'options',
  'type',
]);
const OPTION_FIELDS = new Set(['labels', 'annotations', 'disableNameSuffixHash', 'immutable']);
/** Keys a ConfigMap or Secret accepts. */
const DATA_KEY = /^[-._a-zA-Z0-9]+$/;

interface Datum {
  value: string;
  place: Place;
}

/**
 * `configMapGenerator` and `secretGenerator`: literals, env files and files become a ConfigMap or
 * Secret (Secret data base64-encoded, as kustomize writes it, so the kubernetes source
 * fingerprints it as any Secret). `behavior: merge | replace` changes one from a base.
 *
 * Names get no content-hash suffix: kustomize's `-<hash>` changes with every value, so the same
 * ConfigMap would have a different name in each environment and nothing would pair.
 */
export async function runGenerators(
  ctx: BuildContext,
  k: Kustomization,
  resources: Resource[],
): Promise<Resource[]> {
  const options = asObj(k.doc.generatorOptions) ?? {};
  checkOptions(ctx, k, k.doc, 'generatorOptions');
  const out = [...resources];
  for (const [field, kind] of [
    ['configMapGenerator', 'ConfigMap'],
    ['secretGenerator', 'Secret'],
  ] as const) {
    for (const entry of objectList(ctx, k, k.doc, field)) {
      await generate(ctx, k, entry, kind, options, out);
    }
  }
  return out;
}

async function generate(
  ctx: BuildContext,
  k: Kustomization,
  entry: Obj,
  kind: 'ConfigMap' | 'Secret',
  defaults: Obj,
  out: Resource[],
): Promise<void> {
  const at: Place = { file: k.file, line: lineOf(ctx, entry) ?? 1 };
  for (const key of Object.keys(entry)) {
    if (!ENTRY_FIELDS.has(key) || (key === 'type' && kind !== 'Secret')) {
      throw new BuildFailure(`${kind} generator: unknown field \`${key}\``, k.file, lineOf(ctx, entry, key));
    }
  }
  checkOptions(ctx, k, entry, 'options');
  const name = optionalString(ctx, k, entry, 'name');
  if (!name) throw new BuildFailure(`${kind} generator: expected a name`, at.file, at.line);
  const namespace = optionalString(ctx, k, entry, 'namespace');
  const behavior = optionalString(ctx, k, entry, 'behavior') ?? 'create';
  if (!['create', 'merge', 'replace'].includes(behavior)) {
    throw new BuildFailure(
      `${kind} ${name}: behavior: expected create, merge or replace`,
      at.file,
      lineOf(ctx, entry, 'behavior'),
    );
  }
  const data = await gather(ctx, k, entry, `${kind} ${name}`);
  const options = asObj(entry.options) ?? {};
  const labels = { ...stringMap(ctx, k, defaults, 'labels'), ...stringMap(ctx, k, options, 'labels') };
  const annotations = {
    ...stringMap(ctx, k, defaults, 'annotations'),
    ...stringMap(ctx, k, options, 'annotations'),
  };
  const immutable = options.immutable ?? defaults.immutable;

  const existing = out.filter(
    (r) =>
      kindOf(r) === kind &&
      answersTo(r, name) &&
      (namespace === undefined || (namespaceOf(r) ?? '') === namespace),
  );
  if (behavior === 'create') {
    if (existing.length > 0)
      throw new BuildFailure(
        `${kind} ${name} already exists; use behavior: merge or replace`,
        at.file,
        at.line,
      );
    const metadata: Obj = { name };
    if (namespace) metadata.namespace = namespace;
    const obj: Obj = { apiVersion: 'v1', kind, metadata };
    if (kind === 'Secret') obj.type = optionalString(ctx, k, entry, 'type') ?? 'Opaque';
    setNodePlace(ctx.places, obj, at);
    setNodePlace(ctx.places, metadata, at);
    writeData(ctx, obj, kind, data, false);
    addMeta(ctx, metadata, labels, annotations, at);
    if (immutable === true) obj.immutable = true;
    out.push({
      obj,
      file: k.file,
      line: at.line,
      previousNames: [],
      ...(namespace ? { originalNamespace: namespace } : {}),
    });
    return;
  }
  if (existing.length !== 1) {
    throw new BuildFailure(
      `${kind} ${name}: behavior ${behavior} needs exactly one ${kind} of that name from the resources or a base, found ${existing.length}`,
      at.file,
      at.line,
    );
  }
  const target = existing[0]!;
  writeData(ctx, target.obj, kind, data, behavior === 'replace');
  addMeta(ctx, ensureObj(target.obj, 'metadata'), labels, annotations, at);
}

/** Env files, then literals, then files, as kustomize loads them; a key twice is refused as kustomize does. */
async function gather(
  ctx: BuildContext,
  k: Kustomization,
  entry: Obj,
  what: string,
): Promise<Map<string, Datum>> {
  const data = new Map<string, Datum>();
  const add = (key: string, value: string, place: Place) => {
    // The text is not shown: a line that is not a key could be anything, a credential included.
    if (!DATA_KEY.test(key))
      throw new BuildFailure(
        `${what}: expected a key of letters, digits, -, _ and . before =`,
        place.file,
        place.line,
      );
    if (data.has(key)) throw new BuildFailure(`${what}: the key ${key} is repeated`, place.file, place.line);
    data.set(key, { value, place });
  };
  const envFiles = [...stringList(ctx, k, entry, 'envs')];
  const single = optionalString(ctx, k, entry, 'env');
  if (single) envFiles.push(single);
  for (const relative of envFiles) {
    const at = { file: k.file, line: lineOf(ctx, entry, single === relative ? 'env' : 'envs') };
    const file = await readNamed(ctx, resolveIn(k.dir, relative, at, 'file'), at, relative);
    file.text.split(/\r?\n/).forEach((raw, index) => {
      const text = raw.trimStart();
      if (text === '' || text.startsWith('#')) return;
      const place = { file: file.display, line: index + 1 };
      const eq = text.indexOf('=');
      if (eq === -1) {
        // kustomize may take such a value from the shell it runs in: not something files say.
        const name = /^[A-Za-z_][A-Za-z0-9_.-]{0,80}$/.test(text) ? text : 'a line';
        ctx.notes.push({
          source: ctx.source,
          ...place,
          reason: `${what}: ${name} has no =value; its value would come from the shell environment at build time, so it is left out`,
        });
        return;
      }
      add(text.slice(0, eq), text.slice(eq + 1), place);
    });
  }
  const literals = stringList(ctx, k, entry, 'literals');
  literals.forEach((literal, index) => {
    const place = {
      file: k.file,
      line: itemLine(ctx, k, entry.literals as unknown[], index) ?? lineOf(ctx, entry, 'literals') ?? 1,
    };
    const eq = literal.indexOf('=');
    // Never the literal itself in a reason: it may be a secret.
    if (eq <= 0)
      throw new BuildFailure(
        `${what}: literals entry ${index + 1}: expected KEY=value`,
        place.file,
        place.line,
      );
    add(literal.slice(0, eq), unquote(literal.slice(eq + 1)), place);
  });
  const files = stringList(ctx, k, entry, 'files');
  for (let index = 0; index < files.length; index++) {
    const spec = files[index]!;
    const place = { file: k.file, line: itemLine(ctx, k, entry.files as unknown[], index) ?? 1 };
    const eq = spec.indexOf('=');
    const relative = eq === -1 ? spec : spec.slice(eq + 1);
    const key = eq === -1 ? path.basename(relative) : spec.slice(0, eq);
    const absolute = resolveIn(k.dir, relative, place, 'file');
    const kind = await ctx.files.kind(absolute);
    if (kind !== 'file')
      throw new BuildFailure(
        `${what}: ${relative}: ${kind === 'dir' ? 'expected a file, found a directory' : 'no such file'}`,
        place.file,
        place.line,
      );
    const read = await ctx.files.read(absolute);
    if ('reason' in read) {
      ctx.notes.push({
        source: ctx.source,
        ...place,
        reason: `${what}: key ${key} left out: ${relative}: ${read.reason}`,
      });
      continue;
    }
    add(key, read.text, place);
  }
  return data;
}

/** One pair of matching quotes around a literal's value is dropped, as kustomize does. */
function unquote(value: string): string {
  const first = value[0];
  if (value.length >= 2 && (first === '"' || first === "'") && value[value.length - 1] === first)
    return value.slice(1, -1);
  return value;
}

function writeData(
  ctx: BuildContext,
  obj: Obj,
  kind: 'ConfigMap' | 'Secret',
  data: Map<string, Datum>,
  replace: boolean,
): void {
  const holder = replace || !asObj(obj.data) ? {} : asObj(obj.data)!;
  if (replace) delete obj.stringData;
  for (const [key, datum] of data) {
    holder[key] = kind === 'Secret' ? Buffer.from(datum.value, 'utf8').toString('base64') : datum.value;
    setKeyPlace(ctx.places, holder, key, datum.place);
  }
  if (data.size > 0 || replace || obj.data !== undefined) obj.data = holder;
}

function addMeta(
  ctx: BuildContext,
  metadata: Obj,
  labels: Record<string, string>,
  annotations: Record<string, string>,
  at: Place,
): void {
  for (const [field, values] of [
    ['labels', labels],
    ['annotations', annotations],
  ] as const) {
    if (Object.keys(values).length === 0) continue;
    const map = ensureObj(metadata, field);
    for (const [key, value] of Object.entries(values)) {
      map[key] = value;
      setKeyPlace(ctx.places, map, key, at);
    }
  }
}

function checkOptions(ctx: BuildContext, k: Kustomization, node: Obj, field: string): void {
  const value = node[field];
  if (value === undefined || value === null) return;
  const obj = asObj(value);
  if (!obj) throw new BuildFailure(`${field}: expected a mapping`, k.file, lineOf(ctx, node, field));
  for (const key of Object.keys(obj)) {
    if (!OPTION_FIELDS.has(key))
      throw new BuildFailure(`${field}: unknown field \`${key}\``, k.file, lineOf(ctx, obj, key));
  }
}
