import path from 'node:path';
import { asObj, type Obj } from '../shape.js';
import { parseYamlDocuments } from '../yaml-docs.js';
import { type BuildContext, readNamed, show } from './context.js';
import { placeOf, registerDocument } from './places.js';
import { BuildFailure } from './resource.js';

/** The names kustomize looks for in a folder, in its order. */
export const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** Fields the built-in renderer applies. */
export const SUPPORTED = new Set([
  'apiVersion',
  'kind',
  'metadata',
  'resources',
  'bases',
  'namePrefix',
  'nameSuffix',
  'namespace',
  'commonLabels',
  'labels',
  'commonAnnotations',
  'images',
  'replicas',
  'patches',
  'patchesStrategicMerge',
  'patchesJson6902',
  'configMapGenerator',
  'secretGenerator',
  'generatorOptions',
  'components',
  // Neither changes a value Parity reads: build annotations and output order.
  'buildMetadata',
  'sortOptions',
]);

/** Fields kustomize knows and the built-in renderer does not apply: rendering without them would be wrong. */
const UNSUPPORTED = new Set([
  'replacements',
  'vars',
  'helmCharts',
  'helmChartInflationGenerator',
  'helmGlobals',
  'transformers',
  'generators',
  'validators',
  'configurations',
  'openapi',
  'crds',
]);

export interface Kustomization {
  /** Absolute folder; every path in the file is relative to it. */
  dir: string;
  /** The file as shown to users. */
  file: string;
  doc: Obj;
  /** Raw lines, for the line of a list item and the text of a scalar YAML typed as a number. */
  lines: string[];
}

/** Finds and parses the kustomization file of a folder; fails when there is none, or several. */
export async function readKustomization(
  ctx: BuildContext,
  dir: string,
  at: { file: string; line?: number },
  expected: 'Kustomization' | 'Component' = 'Kustomization',
): Promise<Kustomization> {
  const found: string[] = [];
  for (const name of KUSTOMIZATION_NAMES) {
    const candidate = path.join(dir, name);
    if ((await ctx.files.kind(candidate)) === 'file') found.push(candidate);
  }
  if (found.length === 0) {
    throw new BuildFailure(
      `${show(ctx, dir)}: no kustomization.yaml, kustomization.yml or Kustomization in this folder`,
      at.file,
      at.line,
    );
  }
  if (found.length > 1) {
    throw new BuildFailure(
      `${show(ctx, dir)}: several kustomization files (${found.map((f) => path.basename(f)).join(', ')}); kustomize refuses that`,
      at.file,
      at.line,
    );
  }
  const absolute = found[0]!;
  const read = await readNamed(ctx, absolute, at, show(ctx, absolute));
  const file = read.display;
  const { documents, problems } = parseYamlDocuments(read.text);
  if (problems[0]) throw new BuildFailure(problems[0].message, file, problems[0].line);
  const content = documents.filter((d) => d.value !== null && d.value !== undefined);
  if (content.length !== 1)
    throw new BuildFailure(
      'expected one YAML document holding the kustomization',
      file,
      content[1]?.line ?? 1,
    );
  const docNode = content[0]!;
  const doc = asObj(docNode.value);
  if (!doc) throw new BuildFailure('expected a mapping of kustomization fields', file, docNode.line);
  registerDocument(ctx.places, doc, file, docNode.lineOf);
  const k: Kustomization = { dir, file, doc, lines: read.text.split(/\r?\n/) };
  checkFields(ctx, k, expected);
  return k;
}

function checkFields(ctx: BuildContext, k: Kustomization, expected: 'Kustomization' | 'Component'): void {
  const unsupported = Object.keys(k.doc).filter((key) => UNSUPPORTED.has(key));
  if (unsupported.length > 0 && !ctx.lenient) {
    // Each field the renderer lacks, at its own line: what installing kustomize would add.
    const found = unsupported.map((f) => `\`${f}\` (${k.file}:${lineOf(ctx, k.doc, f) ?? '?'})`);
    throw new BuildFailure(
      `the built-in renderer does not apply ${found.join(', ')}; install kustomize or kubectl (renderer: kustomize or kubectl) to render this overlay`,
      k.file,
      lineOf(ctx, k.doc, unsupported[0]!),
    );
  }
  for (const key of Object.keys(k.doc)) {
    if (!SUPPORTED.has(key) && !(ctx.lenient && UNSUPPORTED.has(key)))
      throw new BuildFailure(
        `unknown field \`${key}\` (kustomize refuses it too)`,
        k.file,
        lineOf(ctx, k.doc, key),
      );
  }
  const kind = k.doc.kind ?? 'Kustomization';
  if (kind !== expected) {
    const reason =
      expected === 'Component'
        ? 'kind: expected Component (a folder listed under components: holds a kind: Component kustomization)'
        : kind === 'Component'
          ? 'kind: Component: a component is listed under components:, not resources:'
          : 'kind: expected Kustomization';
    throw new BuildFailure(reason, k.file, lineOf(ctx, k.doc, 'kind') ?? 1);
  }
}

/** The line of a node of a kustomization, or of one of its keys. */
export function lineOf(ctx: BuildContext, node: unknown, key?: string): number | undefined {
  return placeOf(ctx.places, node, key)?.line;
}

/**
 * The line of item `index` of a block list (`- item` lines at the list's indentation). A flow list
 * (`[a, b]`) has all its items on one line: that line.
 */
export function itemLine(
  ctx: BuildContext,
  k: Kustomization,
  list: unknown[],
  index: number,
): number | undefined {
  const item = list[index];
  if (item !== null && typeof item === 'object') return lineOf(ctx, item);
  const start = lineOf(ctx, list);
  if (start === undefined) return undefined;
  let indent = -1;
  let seen = -1;
  for (let line = start; line <= k.lines.length; line++) {
    const text = k.lines[line - 1] ?? '';
    const m = /^(\s*)-(\s|$)/.exec(text);
    if (!m) {
      if (indent === -1 && /\S/.test(text) && !/^\s*#/.test(text) && line > start) return start;
      continue;
    }
    const width = m[1]!.length;
    if (indent === -1) indent = width;
    if (width < indent) break;
    if (width > indent) continue;
    seen++;
    if (seen === index) return line;
  }
  return start;
}

/**
 * The text of a scalar as written: `newTag: 1.10` is the tag "1.10", which YAML reads as the
 * number 1.1. Falls back to the parsed value's text.
 */
export function rawScalar(ctx: BuildContext, k: Kustomization, node: Obj, key: string): string {
  const value = node[key];
  if (typeof value === 'string') return value;
  const line = lineOf(ctx, node, key);
  // A bounded prefix keeps the lazy pattern below linear on a pathological line.
  const text = line === undefined ? undefined : k.lines[line - 1]?.slice(0, 512);
  // Only a block line naming the key (`  newTag: 1.10`); a flow mapping keeps the parsed value.
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m =
    text === undefined
      ? null
      : new RegExp(`^\\s*(?:-\\s+)?${escaped}\\s*:\\s*([^\\s#'"{[][^#]*?)\\s*(?:#.*)?$`).exec(text);
  return m?.[1] ?? String(value);
}

/** A list of strings, or fail at its line. */
export function stringList(ctx: BuildContext, k: Kustomization, node: Obj, field: string): string[] {
  const value = node[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' || typeof v === 'number')) {
    throw new BuildFailure(`${field}: expected a list of strings`, k.file, lineOf(ctx, node, field));
  }
  return value.map(String);
}

/** A list of mappings, or fail at its line. */
export function objectList(ctx: BuildContext, k: Kustomization, node: Obj, field: string): Obj[] {
  const value = node[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => asObj(v))) {
    throw new BuildFailure(`${field}: expected a list of mappings`, k.file, lineOf(ctx, node, field));
  }
  return value as Obj[];
}

/** A mapping of strings to strings (labels, annotations), or fail at its line. */
export function stringMap(
  ctx: BuildContext,
  k: Kustomization,
  node: Obj,
  field: string,
): Record<string, string> {
  const value = node[field];
  if (value === undefined || value === null) return {};
  const obj = asObj(value);
  if (!obj || !Object.values(obj).every((v) => ['string', 'number', 'boolean'].includes(typeof v))) {
    throw new BuildFailure(
      `${field}: expected a mapping of names to strings`,
      k.file,
      lineOf(ctx, node, field),
    );
  }
  return Object.fromEntries(
    Object.entries(obj).map(([key, v]) => [key, typeof v === 'string' ? v : rawScalar(ctx, k, obj, key)]),
  );
}

/** An optional string field, or fail at its line. */
export function optionalString(
  ctx: BuildContext,
  k: Kustomization,
  node: Obj,
  field: string,
): string | undefined {
  const value = node[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw new BuildFailure(`${field}: expected a string`, k.file, lineOf(ctx, node, field));
  return value;
}
