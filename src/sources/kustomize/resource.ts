import { asObj, asString, type Obj } from '../shape.js';

/** One object of a render, as kustomize keeps it: the document plus the names it had before. */
export interface Resource {
  obj: Obj;
  /** File and line of the document the object was read from (or the generator that made it). */
  file: string;
  line: number;
  /** Names the object had before prefixes and suffixes, oldest first; references may use any. */
  previousNames: string[];
  /** Namespace as first read, for selectors that name it. */
  originalNamespace?: string;
}

/**
 * Why a kustomization cannot be rendered. Thrown inside the builder and caught where an overlay
 * is rendered, where it becomes one skip: kustomize itself stops at the first error, and a partial
 * render would be a wrong result.
 */
export class BuildFailure extends Error {
  readonly file?: string;
  readonly line?: number;
  constructor(reason: string, file?: string, line?: number) {
    super(reason);
    this.name = 'BuildFailure';
    if (file !== undefined) this.file = file;
    if (line !== undefined) this.line = line;
  }
}

export function kindOf(r: Resource): string {
  return asString(r.obj.kind) ?? '';
}

export function nameOf(r: Resource): string {
  return asString(asObj(r.obj.metadata)?.name) ?? '';
}

export function namespaceOf(r: Resource): string | undefined {
  return asString(asObj(r.obj.metadata)?.namespace);
}

export function apiVersionOf(r: Resource): string {
  return asString(r.obj.apiVersion) ?? '';
}

/** Does the resource answer to this name now or under a name it had before? */
export function answersTo(r: Resource, name: string): boolean {
  return nameOf(r) === name || r.previousNames.includes(name);
}

/** `Deployment checkout`, for reasons. */
export function describeResource(r: Resource): string {
  const ns = namespaceOf(r);
  return `${kindOf(r)} ${nameOf(r)}${ns ? ` (namespace ${ns})` : ''}`;
}

/** The mapping under `key`, created when absent (a transformer adding labels to a bare object). */
export function ensureObj(parent: Obj, key: string): Obj {
  const existing = asObj(parent[key]);
  if (existing) return existing;
  const created: Obj = {};
  parent[key] = created;
  return created;
}

/** Kubernetes kinds that live outside namespaces; kustomize leaves their namespace unset. */
export const CLUSTER_SCOPED = new Set([
  'APIService',
  'CertificateSigningRequest',
  'ClusterRole',
  'ClusterRoleBinding',
  'ComponentStatus',
  'CSIDriver',
  'CSINode',
  'CustomResourceDefinition',
  'FlowSchema',
  'IngressClass',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PodSecurityPolicy',
  'PriorityClass',
  'PriorityLevelConfiguration',
  'RuntimeClass',
  'StorageClass',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
]);
