import { isBuiltIn } from '../kubernetes/kinds.js';
import { asObj, asString, type Obj } from '../shape.js';
import type { BuildContext } from './context.js';
import {
  type Kustomization,
  lineOf,
  objectList,
  optionalString,
  rawScalar,
  stringMap,
} from './kustomization.js';
import { type Place, placeOf, setKeyPlace } from './places.js';
import {
  answersTo,
  apiVersionOf,
  BuildFailure,
  CLUSTER_SCOPED,
  ensureObj,
  kindOf,
  nameOf,
  type Resource,
} from './resource.js';

type FieldSpec = [kinds: readonly string[], path: readonly string[], create: boolean];

const WORKLOADS = ['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet'];
/** Where kustomize adds common labels besides metadata.labels: selectors, then pod templates. */
const SELECTORS: readonly FieldSpec[] = [
  [['Service'], ['spec', 'selector'], true],
  [WORKLOADS, ['spec', 'selector', 'matchLabels'], true],
  [['ReplicationController'], ['spec', 'selector'], true],
  [['Job'], ['spec', 'selector', 'matchLabels'], false],
  [['CronJob'], ['spec', 'jobTemplate', 'spec', 'selector', 'matchLabels'], false],
  [['PodDisruptionBudget'], ['spec', 'selector', 'matchLabels'], false],
  [['NetworkPolicy'], ['spec', 'podSelector', 'matchLabels'], false],
];
const TEMPLATES: readonly FieldSpec[] = [
  [[...WORKLOADS, 'Job', 'ReplicationController'], ['spec', 'template', 'metadata'], true],
  [['CronJob'], ['spec', 'jobTemplate', 'metadata'], true],
  [['CronJob'], ['spec', 'jobTemplate', 'spec', 'template', 'metadata'], true],
];
/** Kinds kustomize leaves unnamed by prefixes and suffixes. */
const KEEP_NAME = new Set(['CustomResourceDefinition', 'APIService', 'Namespace']);
const REPLICA_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController']);
const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/** `namespace:` on every namespaced object. */
export function applyNamespace(ctx: BuildContext, k: Kustomization, resources: readonly Resource[]): void {
  const namespace = optionalString(ctx, k, k.doc, 'namespace');
  if (!namespace) return;
  const place = placeOf(ctx.places, k.doc, 'namespace');
  for (const r of resources) {
    if (CLUSTER_SCOPED.has(kindOf(r))) continue;
    const metadata = ensureObj(r.obj, 'metadata');
    metadata.namespace = namespace;
    setKeyPlace(ctx.places, metadata, 'namespace', place);
  }
}

/** `namePrefix:` and `nameSuffix:`; the old name is kept so references to it can follow. */
export function applyNameAffixes(ctx: BuildContext, k: Kustomization, resources: readonly Resource[]): void {
  const prefix = optionalString(ctx, k, k.doc, 'namePrefix') ?? '';
  const suffix = optionalString(ctx, k, k.doc, 'nameSuffix') ?? '';
  if (prefix === '' && suffix === '') return;
  const place = placeOf(ctx.places, k.doc, prefix ? 'namePrefix' : 'nameSuffix');
  for (const r of resources) {
    if (KEEP_NAME.has(kindOf(r))) continue;
    const metadata = ensureObj(r.obj, 'metadata');
    r.previousNames.push(nameOf(r));
    metadata.name = `${prefix}${nameOf(r)}${suffix}`;
    setKeyPlace(ctx.places, metadata, 'name', place);
  }
}

/** `commonLabels:` (selectors and templates too) and `labels:` entries (selectors and templates when asked). */
export function applyLabels(ctx: BuildContext, k: Kustomization, resources: readonly Resource[]): void {
  const common = stringMap(ctx, k, k.doc, 'commonLabels');
  if (Object.keys(common).length > 0) {
    addLabels(ctx, resources, common, placeOf(ctx.places, k.doc, 'commonLabels'), true, true);
  }
  for (const entry of objectList(ctx, k, k.doc, 'labels')) {
    for (const key of Object.keys(entry)) {
      if (key === 'fields')
        throw new BuildFailure(
          'labels: `fields` is not supported by the built-in renderer',
          k.file,
          lineOf(ctx, entry, key),
        );
      if (!['pairs', 'includeSelectors', 'includeTemplates'].includes(key)) {
        throw new BuildFailure(`labels: unknown field \`${key}\``, k.file, lineOf(ctx, entry, key));
      }
    }
    const pairs = stringMap(ctx, k, entry, 'pairs');
    const selectors = entry.includeSelectors === true;
    addLabels(
      ctx,
      resources,
      pairs,
      placeOf(ctx.places, entry, 'pairs'),
      selectors,
      selectors || entry.includeTemplates === true,
    );
  }
}

function addLabels(
  ctx: BuildContext,
  resources: readonly Resource[],
  labels: Record<string, string>,
  place: Place | undefined,
  selectors: boolean,
  templates: boolean,
): void {
  for (const r of resources) {
    setAll(ctx, ensureObj(ensureObj(r.obj, 'metadata'), 'labels'), labels, place);
    if (!isBuiltIn(apiVersionOf(r))) continue;
    if (selectors) for (const holder of holders(r, SELECTORS, [])) setAll(ctx, holder, labels, place);
    if (templates) for (const holder of holders(r, TEMPLATES, ['labels'])) setAll(ctx, holder, labels, place);
  }
}

/** `commonAnnotations:` on every object and on pod templates. */
export function applyAnnotations(ctx: BuildContext, k: Kustomization, resources: readonly Resource[]): void {
  const annotations = stringMap(ctx, k, k.doc, 'commonAnnotations');
  if (Object.keys(annotations).length === 0) return;
  const place = placeOf(ctx.places, k.doc, 'commonAnnotations');
  for (const r of resources) {
    setAll(ctx, ensureObj(ensureObj(r.obj, 'metadata'), 'annotations'), annotations, place);
    if (!isBuiltIn(apiVersionOf(r))) continue;
    for (const holder of holders(r, TEMPLATES, ['annotations'])) setAll(ctx, holder, annotations, place);
  }
}

/** The mappings a field spec names in one object, created where kustomize creates them. */
function holders(r: Resource, specs: readonly FieldSpec[], tail: readonly string[]): Obj[] {
  const out: Obj[] = [];
  for (const [kinds, path, create] of specs) {
    if (!kinds.includes(kindOf(r))) continue;
    let node: Obj | undefined = r.obj;
    for (const key of [...path, ...tail]) {
      if (!node) break;
      node = create ? ensureObj(node, key) : asObj(node[key]);
    }
    if (node) out.push(node);
  }
  return out;
}

function setAll(ctx: BuildContext, map: Obj, values: Record<string, string>, place: Place | undefined): void {
  for (const [key, value] of Object.entries(values)) {
    map[key] = value;
    setKeyPlace(ctx.places, map, key, place);
  }
}

/** `replicas:` by name (any name the object had); a name that matches nothing fails, as in kustomize. */
export function applyReplicas(ctx: BuildContext, k: Kustomization, resources: readonly Resource[]): void {
  for (const entry of objectList(ctx, k, k.doc, 'replicas')) {
    const at = lineOf(ctx, entry);
    const name = asString(entry.name);
    const count = entry.count;
    if (!name) throw new BuildFailure('replicas: expected a name', k.file, at);
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
      throw new BuildFailure(
        `replicas ${name}: count: expected a whole number`,
        k.file,
        lineOf(ctx, entry, 'count') ?? at,
      );
    }
    const targets = resources.filter((r) => REPLICA_KINDS.has(kindOf(r)) && answersTo(r, name));
    if (targets.length === 0) {
      throw new BuildFailure(
        `replicas: no Deployment, StatefulSet, ReplicaSet or ReplicationController named ${name}`,
        k.file,
        at,
      );
    }
    for (const r of targets) {
      const spec = ensureObj(r.obj, 'spec');
      spec.replicas = count;
      setKeyPlace(ctx.places, spec, 'replicas', placeOf(ctx.places, entry, 'count'));
    }
  }
}

interface ImageRule {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
  place?: Place;
}

/** `images:`: new names, tags and digests for every container and init container whose image has that name. */
export function applyImages(ctx: BuildContext, k: Kustomization, resources: readonly Resource[]): void {
  const rules: ImageRule[] = [];
  for (const entry of objectList(ctx, k, k.doc, 'images')) {
    for (const key of Object.keys(entry)) {
      if (!['name', 'newName', 'newTag', 'digest'].includes(key)) {
        throw new BuildFailure(`images: unknown field \`${key}\``, k.file, lineOf(ctx, entry, key));
      }
    }
    const name = asString(entry.name);
    if (!name) throw new BuildFailure('images: expected a name', k.file, lineOf(ctx, entry));
    const rule: ImageRule = { name };
    const newName = optionalString(ctx, k, entry, 'newName');
    if (newName) rule.newName = newName;
    if (entry.newTag !== undefined && entry.newTag !== null) rule.newTag = rawScalar(ctx, k, entry, 'newTag');
    const digest = optionalString(ctx, k, entry, 'digest');
    if (digest) rule.digest = digest;
    const key = ['newTag', 'digest', 'newName'].find((f) => f in entry);
    const place = placeOf(ctx.places, entry, key);
    if (place) rule.place = place;
    rules.push(rule);
  }
  if (rules.length === 0) return;
  for (const r of resources) visitContainers(r.obj, 0, (container) => retag(ctx, container, rules));
}

function visitContainers(node: unknown, depth: number, visit: (container: Obj) => void): void {
  if (depth > 48) return;
  const obj = asObj(node);
  if (obj) {
    for (const [key, value] of Object.entries(obj)) {
      if (CONTAINER_LISTS.has(key) && Array.isArray(value)) {
        for (const item of value) {
          const container = asObj(item);
          if (container) visit(container);
        }
      } else {
        visitContainers(value, depth + 1, visit);
      }
    }
  } else if (Array.isArray(node)) {
    for (const item of node) visitContainers(item, depth + 1, visit);
  }
}

function retag(ctx: BuildContext, container: Obj, rules: readonly ImageRule[]): void {
  const image = asString(container.image);
  if (!image) return;
  const parts = splitImage(image);
  const rule = rules.find((r) => r.name === parts.name);
  if (!rule) return;
  let { name, tag, digest } = parts;
  if (rule.newName) name = rule.newName;
  // A new tag or digest replaces both the old tag and the old digest, as kustomize does.
  if (rule.newTag !== undefined || rule.digest !== undefined) {
    tag = rule.newTag;
    digest = rule.digest;
  }
  container.image = `${name}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
  setKeyPlace(ctx.places, container, 'image', rule.place);
}

/** `registry:5000/shop/api:1.2@sha256:...` -> name, tag, digest (a colon before the last slash is a port). */
export function splitImage(image: string): { name: string; tag?: string; digest?: string } {
  const at = image.indexOf('@');
  const digest = at === -1 ? undefined : image.slice(at + 1);
  const rest = at === -1 ? image : image.slice(0, at);
  const colon = rest.lastIndexOf(':');
  const tag = colon > rest.lastIndexOf('/') ? rest.slice(colon + 1) : undefined;
  const name = tag === undefined ? rest : rest.slice(0, colon);
  return { name, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}
