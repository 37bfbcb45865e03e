import { isBuiltIn } from '../kubernetes/kinds.js';
import { asObj, asString, type Obj } from '../shape.js';
import { parseYamlDocuments } from '../yaml-docs.js';
import { type BuildContext, readNamed, resolveIn } from './context.js';
import { applyJsonPatch } from './json-patch.js';
import { itemLine, type Kustomization, lineOf, objectList } from './kustomization.js';
import { cloneTracked, registerDocument } from './places.js';
import { answersTo, apiVersionOf, BuildFailure, kindOf, namespaceOf, type Resource } from './resource.js';
import { readSelector, type Selector, selectResources } from './select.js';
import { strategicMerge } from './strategic-merge.js';

/** A patch as read: a list of JSON 6902 operations, or strategic-merge documents. */
type Patch =
  | { kind: 'json'; ops: unknown[]; file: string; line?: number }
  | { kind: 'smp'; docs: Obj[]; file: string; line?: number };

interface At {
  file: string;
  line?: number;
}

/** `patchesStrategicMerge:` files or inline patches, each finding its target by kind and name. */
export async function applyStrategicMergePatches(
  ctx: BuildContext,
  k: Kustomization,
  resources: Resource[],
): Promise<Resource[]> {
  const list = k.doc.patchesStrategicMerge;
  if (list === undefined || list === null) return resources;
  if (!Array.isArray(list))
    throw new BuildFailure(
      'patchesStrategicMerge: expected a list',
      k.file,
      lineOf(ctx, k.doc, 'patchesStrategicMerge'),
    );
  let out = resources;
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    const at = { file: k.file, line: itemLine(ctx, k, list, i) };
    if (typeof item !== 'string')
      throw new BuildFailure(
        'patchesStrategicMerge: expected file names or inline patches',
        at.file,
        at.line,
      );
    const inline =
      item.includes('\n') ||
      ((await ctx.files.kind(resolveIn(k.dir, item, at, 'any'))) === 'missing' && /:\s/.test(item));
    const patch = inline
      ? parsePatch(ctx, item, k.file, inlineOffset(k, at.line), at)
      : await patchFile(ctx, k, item, at);
    if (patch.kind !== 'smp')
      throw new BuildFailure(
        'patchesStrategicMerge: expected a strategic-merge patch (a mapping), got a list of JSON operations',
        at.file,
        at.line,
      );
    out = applySmp(ctx, patch, out, undefined);
  }
  return out;
}

/** `patches:` entries: a file (`path:`) or inline text (`patch:`), JSON 6902 or strategic merge, with an optional target. */
export async function applyPatches(
  ctx: BuildContext,
  k: Kustomization,
  resources: Resource[],
): Promise<Resource[]> {
  let out = resources;
  for (const entry of objectList(ctx, k, k.doc, 'patches')) {
    const at = { file: k.file, line: lineOf(ctx, entry) };
    for (const key of Object.keys(entry)) {
      if (!['path', 'patch', 'target', 'options'].includes(key))
        throw new BuildFailure(`patches: unknown field \`${key}\``, at.file, lineOf(ctx, entry, key));
    }
    const options = asObj(entry.options) ?? {};
    if (options.allowNameChange === true || options.allowKindChange === true) {
      throw new BuildFailure(
        'patches: options allowNameChange and allowKindChange are not supported by the built-in renderer',
        at.file,
        lineOf(ctx, entry, 'options'),
      );
    }
    const patch = await entryPatch(ctx, k, entry, at);
    const selector =
      entry.target === undefined
        ? undefined
        : readSelector(entry.target, { file: k.file, line: lineOf(ctx, entry, 'target') });
    if (patch.kind === 'json') {
      if (!selector)
        throw new BuildFailure(
          'patches: a JSON 6902 patch (a list of operations) needs a target',
          at.file,
          at.line,
        );
      applyJson(ctx, patch, selectResources(out, selector, at));
    } else {
      out = applySmp(ctx, patch, out, selector);
    }
  }
  return out;
}

/** `patchesJson6902:` entries: a target and operations from `path:` or inline `patch:` (YAML or JSON). */
export async function applyJson6902Patches(
  ctx: BuildContext,
  k: Kustomization,
  resources: Resource[],
): Promise<void> {
  for (const entry of objectList(ctx, k, k.doc, 'patchesJson6902')) {
    const at = { file: k.file, line: lineOf(ctx, entry) };
    if (entry.target === undefined)
      throw new BuildFailure('patchesJson6902: expected a target', at.file, at.line);
    const selector = readSelector(entry.target, { file: k.file, line: lineOf(ctx, entry, 'target') });
    const patch = await entryPatch(ctx, k, entry, at);
    if (patch.kind !== 'json')
      throw new BuildFailure(
        'patchesJson6902: expected a list of JSON 6902 operations',
        patch.file,
        patch.line,
      );
    applyJson(ctx, patch, selectResources(resources, selector, at));
  }
}

async function entryPatch(ctx: BuildContext, k: Kustomization, entry: Obj, at: At): Promise<Patch> {
  const file = asString(entry.path);
  const text = asString(entry.patch);
  if ((file === undefined) === (text === undefined))
    throw new BuildFailure('expected either path: (a patch file) or patch: (inline text)', at.file, at.line);
  if (file !== undefined) return patchFile(ctx, k, file, { file: k.file, line: lineOf(ctx, entry, 'path') });
  return parsePatch(ctx, text!, k.file, inlineOffset(k, lineOf(ctx, entry, 'patch')), {
    file: k.file,
    line: lineOf(ctx, entry, 'patch'),
  });
}

async function patchFile(ctx: BuildContext, k: Kustomization, relative: string, at: At): Promise<Patch> {
  const read = await readNamed(ctx, resolveIn(k.dir, relative, at, 'file'), at, relative);
  return parsePatch(ctx, read.text, read.display, 0, { file: read.display, line: 1 });
}

/**
 * Lines before an inline patch's text: a block scalar (`patch: |-`) starts on the next line, a
 * quoted one on the key's own line.
 */
function inlineOffset(k: Kustomization, keyLine: number | undefined): number {
  if (keyLine === undefined) return 0;
  const text = k.lines[keyLine - 1] ?? '';
  return /[|>][-+0-9]*\s*(#.*)?$/.test(text) ? keyLine : keyLine - 1;
}

/** A list is JSON 6902 operations; mappings are strategic-merge patches. Text starting with `[` must be JSON, as kustomize reads it. */
function parsePatch(ctx: BuildContext, text: string, file: string, offset: number, at: At): Patch {
  if (text.trimStart().startsWith('[')) {
    try {
      JSON.parse(text);
    } catch {
      throw new BuildFailure(
        'patch: text starting with [ must be a JSON list of operations',
        at.file,
        at.line,
      );
    }
  }
  const { documents, problems } = parseYamlDocuments(text);
  if (problems[0]) throw new BuildFailure(`patch: ${problems[0].message}`, file, problems[0].line + offset);
  const docs = documents.filter((d) => d.value !== null && d.value !== undefined);
  for (const d of docs) registerDocument(ctx.places, d.value, file, d.lineOf, offset);
  const line = (docs[0]?.line ?? 1) + offset;
  if (docs.length === 1 && Array.isArray(docs[0]!.value))
    return { kind: 'json', ops: docs[0]!.value, file, line };
  const maps = docs.map((d) => asObj(d.value));
  if (docs.length === 0 || maps.some((m) => !m))
    throw new BuildFailure(
      'patch: expected a list of JSON 6902 operations or strategic-merge mappings',
      file,
      line,
    );
  return { kind: 'smp', docs: maps as Obj[], file, line };
}

function applyJson(
  ctx: BuildContext,
  patch: Extract<Patch, { kind: 'json' }>,
  targets: readonly Resource[],
): void {
  for (const r of targets) {
    applyJsonPatch(r.obj, patch.ops, { places: ctx.places, file: patch.file }, (v) =>
      cloneTracked(ctx.places, v),
    );
  }
}

/** Each document patches the selected resources, or without a target the resource of its kind and name. */
function applySmp(
  ctx: BuildContext,
  patch: Extract<Patch, { kind: 'smp' }>,
  resources: Resource[],
  selector: Selector | undefined,
): Resource[] {
  let out = resources;
  for (const doc of patch.docs) {
    const at = { file: patch.file, line: lineOf(ctx, doc) ?? patch.line };
    const targets = selector ? selectResources(out, selector, at) : [ownTarget(out, doc, at)];
    for (const r of targets) {
      const copy = cloneTracked(ctx.places, doc);
      if (copy.$patch === 'delete') {
        out = out.filter((x) => x !== r);
        continue;
      }
      if (copy.$patch !== undefined)
        throw new BuildFailure(
          `strategic-merge patch: $patch: ${String(copy.$patch)} on a whole object is not supported`,
          at.file,
          at.line,
        );
      // The patch names its target; its own identity fields are not values to merge.
      delete copy.apiVersion;
      delete copy.kind;
      const metadata = asObj(copy.metadata);
      if (metadata) {
        delete metadata.name;
        delete metadata.namespace;
      }
      const builtIn = isBuiltIn(apiVersionOf(r));
      strategicMerge(r.obj, copy, { places: ctx.places, builtIn, kind: kindOf(r), at });
    }
  }
  return out;
}

function ownTarget(resources: readonly Resource[], doc: Obj, at: At): Resource {
  const kind = asString(doc.kind);
  const metadata = asObj(doc.metadata);
  const name = asString(metadata?.name);
  if (!kind || !name)
    throw new BuildFailure(
      'strategic-merge patch: expected kind and metadata.name naming its target (or a target:)',
      at.file,
      at.line,
    );
  const namespace = asString(metadata?.namespace);
  const found = resources.filter(
    (r) =>
      kindOf(r) === kind &&
      answersTo(r, name) &&
      (namespace === undefined || namespaceOf(r) === namespace || r.originalNamespace === namespace),
  );
  if (found.length !== 1) {
    throw new BuildFailure(
      `strategic-merge patch: ${found.length === 0 ? 'no' : 'more than one'} ${kind} named ${name} to patch`,
      at.file,
      at.line,
    );
  }
  return found[0]!;
}
