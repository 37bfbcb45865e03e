import path from 'node:path';
import type { Skip } from '../../model/snapshot.js';
import { asList, asObj, asString } from '../shape.js';
import { parseYamlDocuments } from '../yaml-docs.js';
import { type BuildContext, readNamed, resolveIn, show } from './context.js';
import { runGenerators } from './generators.js';
import { itemLine, type Kustomization, readKustomization, stringList } from './kustomization.js';
import { fixNameReferences } from './name-references.js';
import { applyJson6902Patches, applyPatches, applyStrategicMergePatches } from './patches.js';
import { registerDocument } from './places.js';
import { BuildFailure, describeResource, kindOf, nameOf, namespaceOf, type Resource } from './resource.js';
import {
  applyAnnotations,
  applyImages,
  applyLabels,
  applyNameAffixes,
  applyNamespace,
  applyReplicas,
} from './transformers.js';

/** Bases nest; past this depth something is wrong (a cycle through symlinks, say). */
const MAX_DEPTH = 32;
const REMOTE =
  /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|git::|(?:github\.com|gitlab\.com|bitbucket\.org)\/)|\?ref=|\?version=/i;

/**
 * Renders one overlay with the built-in renderer: the common subset of kustomize, in kustomize's
 * order. Any error (a missing file, a patch with no target, a feature not built in) stops the
 * render with one skip naming the file and line, as `kustomize build` stops: a partly applied
 * overlay would give wrong facts.
 */
export async function renderOverlay(
  ctx: BuildContext,
  dir: string,
): Promise<{ resources: Resource[] } | { skip: Skip }> {
  try {
    const resources = await build(ctx, dir, { file: show(ctx, dir) });
    fixNameReferences(resources);
    return { resources };
  } catch (error) {
    if (error instanceof BuildFailure) {
      const skip: Skip = {
        source: ctx.source,
        file: error.file ?? show(ctx, dir),
        reason: `overlay not rendered: ${error.message}`,
      };
      if (error.line !== undefined) skip.line = error.line;
      return { skip };
    }
    if (error instanceof RangeError) {
      return {
        skip: {
          source: ctx.source,
          file: show(ctx, dir),
          reason: 'overlay not rendered: its documents nest too deeply to walk',
        },
      };
    }
    throw error;
  }
}

/**
 * Builds a kustomization, or a component over `inherited`: what its parent accumulated so far
 * (kustomize's order: the parent's resources, then each component in turn adds its resources and
 * generators and applies its patches and transformers to everything accumulated, then the
 * parent's own generators and transformers).
 */
async function build(
  ctx: BuildContext,
  dir: string,
  at: { file: string; line?: number },
  inherited?: Resource[],
): Promise<Resource[]> {
  if (ctx.stack.includes(dir)) {
    const cycle = [...ctx.stack.slice(ctx.stack.indexOf(dir)), dir].map((d) => show(ctx, d)).join(' -> ');
    throw new BuildFailure(`resources form a cycle: ${cycle}`, at.file, at.line);
  }
  if (ctx.stack.length >= MAX_DEPTH)
    throw new BuildFailure(`bases nest more than ${MAX_DEPTH} deep`, at.file, at.line);
  ctx.stack.push(dir);
  try {
    const k = await readKustomization(ctx, dir, at, inherited ? 'Component' : 'Kustomization');
    let resources = await loadResources(ctx, k, inherited ?? []);
    resources = await applyComponents(ctx, k, resources);
    resources = await runGenerators(ctx, k, resources);
    // kustomize's transformer order.
    resources = await applyStrategicMergePatches(ctx, k, resources);
    resources = await applyPatches(ctx, k, resources);
    applyNamespace(ctx, k, resources);
    applyNameAffixes(ctx, k, resources);
    applyLabels(ctx, k, resources);
    applyAnnotations(ctx, k, resources);
    await applyJson6902Patches(ctx, k, resources);
    applyReplicas(ctx, k, resources);
    applyImages(ctx, k, resources);
    return resources;
  } finally {
    ctx.stack.pop();
  }
}

/** `components:`: folders holding a `kind: Component` kustomization, applied in order. */
async function applyComponents(
  ctx: BuildContext,
  k: Kustomization,
  resources: Resource[],
): Promise<Resource[]> {
  const entries = stringList(ctx, k, k.doc, 'components');
  let out = resources;
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index]!;
    const at = { file: k.file, line: itemLine(ctx, k, k.doc.components as unknown[], index) };
    const absolute = path.resolve(k.dir, entry);
    const kind = await ctx.files.kind(absolute);
    if (kind !== 'dir')
      throw new BuildFailure(
        kind === 'missing'
          ? `${entry}: no such folder${REMOTE.test(entry) ? ' (remote components are not fetched by the built-in renderer)' : ''}`
          : `${entry}: expected a folder holding a kind: Component kustomization`,
        at.file,
        at.line,
      );
    out = await build(ctx, absolute, at, out);
  }
  return out;
}

/** `resources:` (and the older `bases:`): manifest files and folders with their own kustomization. */
async function loadResources(
  ctx: BuildContext,
  k: Kustomization,
  inherited: Resource[],
): Promise<Resource[]> {
  const out: Resource[] = [...inherited];
  const ids = new Map<string, Resource>(
    inherited.map((r) => [`${kindOf(r)}|${namespaceOf(r) ?? ''}|${nameOf(r)}`, r]),
  );
  for (const field of ['resources', 'bases']) {
    const entries = stringList(ctx, k, k.doc, field);
    for (let index = 0; index < entries.length; index++) {
      const entry = entries[index]!;
      const at = { file: k.file, line: itemLine(ctx, k, k.doc[field] as unknown[], index) };
      const absolute = path.resolve(k.dir, entry);
      const kind = await ctx.files.kind(absolute);
      let loaded: Resource[];
      if (kind === 'missing') {
        if (!REMOTE.test(entry))
          throw new BuildFailure(`${entry}: no such file or directory`, at.file, at.line);
        ctx.notes.push({
          source: ctx.source,
          ...at,
          reason: `remote resource ${entry} not fetched: the built-in renderer reads local files only; its objects are missing from this render`,
        });
        continue;
      }
      if (kind === 'dir') loaded = await build(ctx, absolute, at);
      else loaded = await loadFile(ctx, resolveIn(k.dir, entry, at, 'file'), entry, at);
      for (const r of loaded) {
        const id = `${kindOf(r)}|${namespaceOf(r) ?? ''}|${nameOf(r)}`;
        const seen = ids.get(id);
        if (seen)
          throw new BuildFailure(
            `${describeResource(r)} is added twice (${seen.file}:${seen.line} and ${r.file}:${r.line})`,
            at.file,
            at.line,
          );
        ids.set(id, r);
        out.push(r);
      }
    }
  }
  return out;
}

async function loadFile(
  ctx: BuildContext,
  absolute: string,
  relative: string,
  at: { file: string; line?: number },
): Promise<Resource[]> {
  const read = await readNamed(ctx, absolute, at, relative);
  const { documents, problems } = parseYamlDocuments(read.text);
  if (problems[0]) throw new BuildFailure(problems[0].message, read.display, problems[0].line);
  const out: Resource[] = [];
  for (const doc of documents) {
    if (doc.value === null || doc.value === undefined) continue;
    registerDocument(ctx.places, doc.value, read.display, doc.lineOf);
    const obj = asObj(doc.value);
    const items =
      obj && asString(obj.kind)?.endsWith('List') && Array.isArray(obj.items)
        ? asList(obj.items)
        : [doc.value];
    for (const item of items) {
      const line = doc.lineOf(item) ?? doc.line;
      const resource = asObj(item);
      const kind = asString(resource?.kind);
      const metadata = asObj(resource?.metadata);
      const name = asString(metadata?.name);
      if (kind === 'Kustomization')
        throw new BuildFailure(
          `${relative} is a kustomization: name its folder in resources, not the file`,
          read.display,
          line,
        );
      if (!resource || !kind || !name) {
        throw new BuildFailure(
          'expected a Kubernetes object with apiVersion, kind and metadata.name',
          read.display,
          line,
        );
      }
      const namespace = asString(metadata?.namespace);
      out.push({
        obj: resource,
        file: read.display,
        line,
        previousNames: [],
        ...(namespace ? { originalNamespace: namespace } : {}),
      });
    }
  }
  return out;
}
