import type { Fact } from '../../model/fact.js';
import type { Skip } from '../../model/snapshot.js';
import type { K8sObject } from '../kubernetes/context.js';
import { readObjects } from '../kubernetes/documents.js';
import { extractObjects } from '../kubernetes/extract.js';
import { asObj, type Obj } from '../shape.js';
import type { Fingerprinter, SourceResult } from '../types.js';
import { type Places, placeOf } from './places.js';
import { apiVersionOf, kindOf, nameOf, namespaceOf, type Resource } from './resource.js';

export interface ExtractInput {
  source: string;
  fingerprint: Fingerprinter;
  /** The `cluster:` option, as for the kubernetes source. */
  cluster?: string;
}

/** What an external renderer printed for one overlay. */
export interface RenderedOutput {
  text: string;
  /** The overlay's kustomization file as shown to users: every fact's origin. */
  kustomization: string;
  /** The command that rendered it, e.g. `kubectl kustomize deploy/staging`. */
  command: string;
}

/**
 * kustomize's generated-name suffix: `-` and ten characters of a hash spelled without vowels and
 * look-alike digits (0, 1, 3, a, e become g, h, k, m, t).
 */
const NAME_HASH = /-[245-9bcdfghkmt]{10}$/;

/**
 * Facts of a built-in render: the kubernetes source reads the objects, and each fact's origin is
 * the file and line where its value was written (the base manifest, or the patch, image or
 * replica override, or generator literal that changed it). Pure.
 */
export function extractResources(
  resources: readonly Resource[],
  places: Places,
  skips: Skip[],
  input: ExtractInput,
): SourceResult {
  const objects: K8sObject[] = resources.map((r) => {
    const namespace = namespaceOf(r);
    return {
      obj: r.obj,
      apiVersion: apiVersionOf(r),
      kind: kindOf(r),
      name: nameOf(r),
      ...(namespace ? { namespace } : {}),
      file: r.file,
      line: r.line,
      lineOf: (node, key) => placeOf(places, node, key)?.line,
      placeOf: (node, key) => placeOf(places, node, key),
    };
  });
  return extractObjects(objects, skips, kubernetesInput(input));
}

/**
 * Facts of `kustomize build` / `kubectl kustomize` output. Lines of the output name nothing a
 * user can open, so origins are the overlay's kustomization file and the command (origins.ts then
 * places each value the built-in renderer reproduces at the line that wrote it). Generated
 * ConfigMaps and Secrets lose their hash suffix (and references follow), as in the built-in
 * renderer, so they pair across environments. Pure.
 */
export function extractRenderedOutput(
  outputs: readonly RenderedOutput[],
  skips: Skip[],
  input: ExtractInput,
): SourceResult {
  const objects: K8sObject[] = [];
  const commands = new Map<string, string>();
  const own: Skip[] = [];
  for (const output of outputs) {
    commands.set(output.kustomization, output.command);
    const read = readObjects(output.text, output.kustomization, input.source);
    for (const o of read.objects) objects.push(o);
    for (const s of read.skips) own.push(s);
  }
  dropNameHashes(objects);
  const result = extractObjects(objects, own, kubernetesInput(input));
  return {
    facts: result.facts.map((f) => relocate(f, commands)),
    skips: [...skips, ...result.skips.map((s) => relocateSkip(s, commands))],
  };
}

function kubernetesInput(input: ExtractInput) {
  return {
    source: input.source,
    fingerprint: input.fingerprint,
    ...(input.cluster ? { cluster: input.cluster } : {}),
  };
}

function relocate(fact: Fact, commands: ReadonlyMap<string, string>): Fact {
  const command = fact.origin.file === undefined ? undefined : commands.get(fact.origin.file);
  if (command === undefined) return fact;
  return { ...fact, origin: { source: fact.origin.source, file: fact.origin.file!, query: command } };
}

function relocateSkip(skip: Skip, commands: ReadonlyMap<string, string>): Skip {
  const command = skip.file === undefined ? undefined : commands.get(skip.file);
  if (command === undefined || skip.line === undefined) return skip;
  const { line, ...rest } = skip;
  return { ...rest, reason: `${skip.reason} (line ${line} of \`${command}\` output)` };
}

function dropNameHashes(objects: K8sObject[]): void {
  const renames = new Map<string, string>();
  for (const o of objects) {
    if ((o.kind !== 'ConfigMap' && o.kind !== 'Secret') || o.apiVersion !== 'v1' || !NAME_HASH.test(o.name))
      continue;
    const plain = o.name.replace(NAME_HASH, '');
    renames.set(o.name, plain);
    o.name = plain;
    const metadata = asObj(o.obj.metadata);
    if (metadata) metadata.name = plain;
  }
  if (renames.size === 0) return;
  for (const o of objects) replaceStrings(o.obj, renames, 0);
}

/** Every string equal to a hashed name, anywhere in an object (references live in many fields). */
function replaceStrings(node: Obj | unknown[], renames: ReadonlyMap<string, string>, depth: number): void {
  if (depth > 64) return;
  const entries: [string | number, unknown][] = Array.isArray(node)
    ? node.map((v, i) => [i, v])
    : Object.entries(node);
  for (const [key, value] of entries) {
    if (typeof value === 'string') {
      const plain = renames.get(value);
      if (plain !== undefined) (node as Record<string | number, unknown>)[key] = plain;
    } else if (value !== null && typeof value === 'object') {
      replaceStrings(value as Obj | unknown[], renames, depth + 1);
    }
  }
}
