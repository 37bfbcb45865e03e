import type { Fact, Origin } from '../../model/fact.js';
import { type makeFact, makeFactAt } from '../../model/make-fact.js';
import type { Skip } from '../../model/snapshot.js';
import { asObj, hasOwn, type Obj } from '../shape.js';
import type { Fingerprinter } from '../types.js';
import type { LineLocator } from '../yaml-docs.js';

/** One Kubernetes object as read, with what is needed to name file:line of any of its nodes. */
export interface K8sObject {
  obj: Obj;
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  file: string;
  lineOf: LineLocator;
  /** Line of the object itself (its first line, or its item in a List). */
  line: number;
  /**
   * File and line of a node (or one of its keys) when they may lie in another file than the
   * object's own: a kustomize overlay's patch, image or replica override. Wins over `lineOf`.
   */
  placeOf?: (node: unknown, key?: string) => Place | undefined;
}

/** Where a value was written. */
export interface Place {
  file: string;
  line: number;
}

/** Objects other objects refer to, gathered before any fact is made (envFrom, PDB selectors, CDN configs). */
export interface ObjectIndex {
  configMaps: Map<string, K8sObject[]>;
  secrets: Map<string, K8sObject[]>;
  services: Map<string, K8sObject[]>;
  backendConfigs: Map<string, K8sObject[]>;
  serviceAccounts: Map<string, K8sObject[]>;
  /** Workloads with their pod labels, for PodDisruptionBudget selectors. */
  workloads: { name: string; namespace?: string; labels: Record<string, string> }[];
  /** `Kind/name` of every object, so children (ReplicaSets of a Deployment) are not read twice. */
  present: Set<string>;
}

/** Environment-wide sets, one fact each at the end, with the first place each value was seen. */
export interface Substrate {
  registries: Map<string, Origin>;
  namespaces: Map<string, Origin>;
  clusters: Map<string, Origin>;
}

export interface Ctx {
  source: string;
  fingerprint: Fingerprinter;
  skips: Skip[];
  index: ObjectIndex;
  substrate: Substrate;
}

/** The facts of one object, kept together so a repeated name can be reported once per object. */
export interface Emitter {
  ctx: Ctx;
  o: K8sObject;
  facts: Fact[];
}

type FactInit = Omit<Parameters<typeof makeFact>[0], 'origin'>;

/** The line of a node, or of one of its keys when the node has that key. */
export function lineAt(o: K8sObject, node: unknown, key?: string): number {
  return placeAt(o, node, key).line;
}

/** The file and line of a node, or of one of its keys when the node has that key. */
export function placeAt(o: K8sObject, node: unknown, key?: string): Place {
  const obj = asObj(node);
  const own = key !== undefined && obj && hasOwn(obj, key) ? key : undefined;
  const placed = o.placeOf?.(node, own);
  if (placed) return placed;
  return { file: o.file, line: (own === undefined ? o.lineOf(node) : o.lineOf(node, own)) ?? o.line };
}

export function originAt(e: Emitter, node: unknown, key?: string): Origin {
  return originIn(e.ctx.source, e.o, node, key);
}

/** The origin of a node of any object (not only the one being read). */
export function originIn(source: string, o: K8sObject, node: unknown, key?: string): Origin {
  if (o.placeOf) {
    const place = placeAt(o, node, key);
    return { source, file: place.file, line: place.line };
  }
  // No overlay: the object's own file, without a Place in between (one per fact otherwise).
  const own = key !== undefined && hasOwnKey(node, key) ? key : undefined;
  return { source, file: o.file, line: (own === undefined ? o.lineOf(node) : o.lineOf(node, own)) ?? o.line };
}

function hasOwnKey(node: unknown, key: string): boolean {
  const obj = asObj(node);
  return obj !== undefined && hasOwn(obj, key);
}

export function emit(e: Emitter, init: FactInit, node: unknown, key?: string): void {
  e.facts.push(makeFactAt(init, originAt(e, node, key)));
}

/** Records odd input at the line of the node (or its key); never a value that could be secret. */
export function skipAt(e: Emitter, node: unknown, key: string | undefined, reason: string): void {
  e.ctx.skips.push({ ...originAt(e, node, key), reason });
}

/** Adds a value to an environment-wide set, remembering where it was first seen. */
export function addTo(set: Map<string, Origin>, value: string, origin: Origin): void {
  if (!set.has(value)) set.set(value, origin);
}

/** The object of that name, preferring the same namespace. */
export function lookup(
  map: Map<string, K8sObject[]>,
  name: string,
  namespace?: string,
): K8sObject | undefined {
  const found = map.get(name);
  if (!found) return undefined;
  return found.find((o) => o.namespace === namespace) ?? found.find((o) => !o.namespace || !namespace);
}

/** `Deployment checkout` (with the namespace when known), for skip reasons. */
export function describeObject(o: K8sObject): string {
  return `${o.kind} ${o.name}${o.namespace ? ` (namespace ${o.namespace})` : ''}`;
}
