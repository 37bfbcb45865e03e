import type { Skip } from '../../model/snapshot.js';
import { parseJsonDocument } from '../json-docs.js';
import { asList, asObj, asString, type Obj } from '../shape.js';
import { parseYamlDocuments, type YamlDocument } from '../yaml-docs.js';
import type { K8sObject } from './context.js';

/** Template actions only Helm writes: a chart template, not a manifest. */
const HELM_MARKER =
  /\{\{-?[^}]{0,200}?(\.Values\b|\.Release\b|\.Chart\b|\.Capabilities\b|\.Files\b|\binclude\s+"|\btoYaml\b|\bnindent\b)/;
const HELM_REASON = 'looks like a Helm template; render it first or use the helm-values source';
const KUSTOMIZATION_KEYS = [
  'resources',
  'bases',
  'patches',
  'patchesStrategicMerge',
  'configMapGenerator',
  'images',
];

/**
 * The Kubernetes objects in one file: multi-document YAML, a JSON object, or a `kind: List` of
 * them (a `kubectl get -o json` dump). Whatever is not an object is a skip with its line.
 */
export function readObjects(
  text: string,
  file: string,
  source: string,
): { objects: K8sObject[]; skips: Skip[] } {
  const skips: Skip[] = [];
  const objects: K8sObject[] = [];
  const helm = HELM_MARKER.exec(text);
  if (helm) {
    skips.push({ source, file, line: lineOfIndex(text, helm.index), reason: HELM_REASON });
    return { objects, skips };
  }
  for (const doc of parseText(text, file, source, skips)) {
    if (doc.value === null || doc.value === undefined) continue;
    collect(doc, doc.value, file, source, objects, skips, true);
  }
  return { objects, skips };
}

function parseText(text: string, file: string, source: string, skips: Skip[]): YamlDocument[] {
  const head = text.trimStart().charAt(0);
  if (head === '{' || head === '[') {
    const json = parseJsonDocument(text);
    if (json) return [json];
  }
  // Not JSON (or not valid JSON): YAML reads both, and its errors name a line.
  const { documents, problems } = parseYamlDocuments(text);
  const templated = text.includes('{{');
  const jsonFile = file.toLowerCase().endsWith('.json');
  for (const problem of problems) {
    const reason = templated
      ? HELM_REASON
      : jsonFile
        ? problem.message.replace(/^invalid YAML/, 'invalid JSON')
        : problem.message;
    skips.push({ source, file, line: problem.line, reason });
  }
  return documents;
}

function collect(
  doc: YamlDocument,
  value: unknown,
  file: string,
  source: string,
  objects: K8sObject[],
  skips: Skip[],
  top: boolean,
): void {
  const line = doc.lineOf(value) ?? doc.line;
  const obj = asObj(value);
  if (!obj) {
    const what = Array.isArray(value) ? 'a list' : `a ${typeof value}`;
    // A JSON array of objects is a List without the wrapper.
    if (top && Array.isArray(value) && value.length > 0 && value.every((item) => asObj(item))) {
      for (const item of value) collect(doc, item, file, source, objects, skips, false);
      return;
    }
    skips.push({
      source,
      file,
      line,
      reason: `expected a Kubernetes object (a mapping with kind and metadata.name), got ${what}`,
    });
    return;
  }
  const kind = asString(obj.kind);
  const apiVersion = asString(obj.apiVersion) ?? '';
  if (top && kind?.endsWith('List') && Array.isArray(obj.items)) {
    for (const item of asList(obj.items)) collect(doc, item, file, source, objects, skips, false);
    return;
  }
  if (kind === 'Config' && apiVersion === 'v1') {
    objects.push({
      obj,
      apiVersion,
      kind,
      name: asString(obj['current-context']) ?? 'kubeconfig',
      file,
      lineOf: doc.lineOf,
      line,
    });
    return;
  }
  const metadata = asObj(obj.metadata);
  const name = asString(metadata?.name);
  if (!kind || !name) {
    skips.push({ source, file, line, reason: missingReason(obj, kind, metadata) });
    return;
  }
  const namespace = asString(metadata?.namespace);
  objects.push({
    obj,
    apiVersion,
    kind,
    name,
    ...(namespace ? { namespace } : {}),
    file,
    lineOf: doc.lineOf,
    line,
  });
}

function missingReason(obj: Obj, kind: string | undefined, metadata: Obj | undefined): string {
  if (kind === 'Kustomization' || (!kind && KUSTOMIZATION_KEYS.some((k) => k in obj))) {
    return 'a kustomization file, not a manifest: use the kustomize source (or `kubectl kustomize` output)';
  }
  if (!kind) return 'expected a Kubernetes object with a kind (and metadata.name)';
  if (asString(metadata?.generateName))
    return `${kind}: expected metadata.name (generateName alone names nothing stable)`;
  return `${kind}: expected metadata.name`;
}

function lineOfIndex(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
