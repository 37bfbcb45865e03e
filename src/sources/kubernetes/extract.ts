import type { Fact } from '../../model/fact.js';
import type { Skip } from '../../model/snapshot.js';
import { asList, asObj, asString, dig } from '../shape.js';
import type { Fingerprinter, SourceResult } from '../types.js';
import { hpaFacts, scaledObjectFacts } from './autoscaling.js';
import { configMapFacts, externalSecretFacts, sealedSecretFacts, secretFacts } from './config-objects.js';
import {
  addTo,
  type Ctx,
  describeObject,
  type Emitter,
  type K8sObject,
  type ObjectIndex,
} from './context.js';
import { readObjects } from './documents.js';
import { genericFacts } from './generic.js';
import { apiGroup, comparedGenerically } from './kinds.js';
import { ingressFacts, serviceFacts } from './network.js';
import { pdbFacts } from './pdb.js';
import { rbacFacts } from './rbac.js';
import { kubeconfigFacts, noteMetadata, substrateFacts } from './substrate.js';
import { isWorkload, podLabels, workloadFacts } from './workload.js';

export interface ExtractInput {
  source: string;
  fingerprint: Fingerprinter;
  /** The `cluster:` option: the cluster this environment runs in, when the files do not say. */
  cluster?: string;
}

export interface ManifestFile {
  /** Path as shown to users. */
  file: string;
  text: string;
}

type Reader = (e: Emitter) => void;

/** Readers by kind and API group, beyond workloads. */
const READERS: Record<string, Record<string, Reader>> = {
  ConfigMap: { '': configMapFacts },
  Secret: { '': secretFacts },
  Service: { '': serviceFacts },
  Namespace: { '': () => {} }, // read by noteMetadata
  Ingress: { 'networking.k8s.io': ingressFacts, extensions: ingressFacts },
  HorizontalPodAutoscaler: { autoscaling: hpaFacts },
  PodDisruptionBudget: { policy: pdbFacts },
  ScaledObject: { 'keda.sh': scaledObjectFacts },
  SealedSecret: { 'bitnami.com': sealedSecretFacts },
  ExternalSecret: { 'external-secrets.io': externalSecretFacts },
  // Also read through the workloads that run as it; compared on its own for what it carries
  // beyond that (an IAM role annotation, image pull secrets).
  ServiceAccount: { '': genericFacts },
  // RBAC is read as a whole at the end: bindings join subjects to roles across files.
  Role: { 'rbac.authorization.k8s.io': () => {} },
  ClusterRole: { 'rbac.authorization.k8s.io': () => {} },
  RoleBinding: { 'rbac.authorization.k8s.io': () => {} },
  ClusterRoleBinding: { 'rbac.authorization.k8s.io': () => {} },
};

/**
 * All manifests of one source, in and facts out. Files are read together because objects refer
 * to each other across files: envFrom to ConfigMaps and Secrets, PDBs to workloads. Pure.
 */
export function extractKubernetes(files: readonly ManifestFile[], input: ExtractInput): SourceResult {
  const skips: Skip[] = [];
  const objects: K8sObject[] = [];
  for (const file of files) {
    const read = readObjects(file.text, file.file, input.source);
    for (const o of read.objects) objects.push(o);
    for (const s of read.skips) skips.push(s);
  }
  return extractObjects(objects, skips, input);
}

/**
 * Facts of objects already parsed (a kustomize render): the index first (what refers to what),
 * then each object's facts. `skips` are the caller's so far; the result carries them on. Pure.
 */
export function extractObjects(
  objects: readonly K8sObject[],
  skips: Skip[],
  input: ExtractInput,
): SourceResult {
  const ctx: Ctx = {
    source: input.source,
    fingerprint: input.fingerprint,
    skips,
    index: buildIndex(objects),
    substrate: { registries: new Map(), namespaces: new Map(), clusters: new Map() },
  };
  if (input.cluster) addTo(ctx.substrate.clusters, input.cluster, { source: input.source });

  const merged: Merged = { list: [], scopes: new Set() };
  for (const o of objects) {
    if (o.kind === 'Config' && o.apiVersion === 'v1') {
      kubeconfigFacts(ctx, o);
      continue;
    }
    const e: Emitter = { ctx, o, facts: [] };
    noteMetadata(e);
    const reader = readerFor(o, ctx.index);
    if (reader) reader(e);
    else if (comparedGenerically(o.apiVersion, o.kind)) genericFacts(e);
    merge(merged, e);
  }
  for (const fact of rbacFacts(ctx, objects)) merged.list.push(fact);
  for (const fact of substrateFacts(ctx)) merged.list.push(fact);
  return { facts: merged.list, skips };
}

function readerFor(o: K8sObject, index: ObjectIndex): Reader | undefined {
  if (isWorkload(o)) {
    // ReplicaSets of a Deployment, Jobs of a CronJob, Pods of either: read through their owner.
    return ownedByPresent(o, index.present) ? () => {} : workloadFacts;
  }
  const byGroup = Object.hasOwn(READERS, o.kind) ? READERS[o.kind] : undefined;
  if (!byGroup) return undefined;
  const group = apiGroup(o.apiVersion);
  return Object.hasOwn(byGroup, group) ? byGroup[group] : undefined;
}

function ownedByPresent(o: K8sObject, present: ReadonlySet<string>): boolean {
  return asList(dig(o.obj, 'metadata', 'ownerReferences')).some((ref) => {
    const owner = asObj(ref);
    return present.has(`${asString(owner?.kind)}/${asString(owner?.name)}`);
  });
}

function buildIndex(objects: readonly K8sObject[]): ObjectIndex {
  const index: ObjectIndex = {
    configMaps: new Map(),
    secrets: new Map(),
    services: new Map(),
    backendConfigs: new Map(),
    serviceAccounts: new Map(),
    workloads: [],
    present: new Set(objects.map((o) => `${o.kind}/${o.name}`)),
  };
  const byKind: Record<string, Map<string, K8sObject[]>> = {
    ConfigMap: index.configMaps,
    Secret: index.secrets,
    Service: index.services,
    BackendConfig: index.backendConfigs,
    ServiceAccount: index.serviceAccounts,
  };
  for (const o of objects) {
    // `kind: valueOf` names no index (Object.prototype's names are not kinds).
    const map = Object.hasOwn(byKind, o.kind) ? byKind[o.kind] : undefined;
    if (map) {
      const list = map.get(o.name);
      if (list) list.push(o);
      else map.set(o.name, [o]);
    }
    if (isWorkload(o) && !ownedByPresent(o, index.present)) {
      index.workloads.push({
        name: o.name,
        ...(o.namespace ? { namespace: o.namespace } : {}),
        labels: podLabels(o),
      });
    }
  }
  return index;
}

interface Merged {
  list: Fact[];
  /** `dimension/kind/subject/` prefixes of keys already taken: two objects can share a key only by sharing one. */
  scopes: Set<string>;
  /** Every key, built on the first shared scope; until then no per-key lookups are paid for. */
  byKey?: Map<string, Fact>;
}

/**
 * Keeps one fact per key. Keys carry no namespace, so two objects of the same name collide: the
 * first is kept and the later object gets one skip naming what it repeats with another value.
 */
function merge(merged: Merged, e: Emitter): void {
  if (!merged.byKey) {
    const scopes = newScopes(merged.scopes, e.facts);
    if (scopes) {
      for (const scope of scopes) merged.scopes.add(scope);
      for (const fact of e.facts) merged.list.push(fact);
      return;
    }
    merged.byKey = new Map(merged.list.map((f) => [f.key, f]));
  }
  let clash: Fact | undefined;
  let count = 0;
  for (const fact of e.facts) {
    const previous = merged.byKey.get(fact.key);
    if (!previous) {
      merged.byKey.set(fact.key, fact);
      merged.list.push(fact);
    } else if (JSON.stringify(previous.value) !== JSON.stringify(fact.value)) {
      clash ??= previous;
      count++;
    }
  }
  if (!clash) return;
  const where = `${clash.origin.file ?? ''}:${clash.origin.line ?? ''}`;
  e.ctx.skips.push({
    source: e.ctx.source,
    file: e.o.file,
    line: e.o.line,
    reason: `${describeObject(e.o)}: ${count === 1 ? '1 value differs from one' : `${count} values differ from ones`} already read under the same keys (e.g. ${clash.key} at ${where}); keys carry no namespace, so the first definition is kept`,
  });
}

/** The scopes of an object's facts when none is taken yet, else undefined. */
function newScopes(taken: ReadonlySet<string>, facts: readonly Fact[]): string[] | undefined {
  const scopes: string[] = [];
  let last = '';
  for (const fact of facts) {
    if (last !== '' && fact.key.startsWith(last)) continue; // facts of one subject come in runs
    last = scopeOf(fact.key);
    if (scopes.includes(last)) continue;
    if (taken.has(last)) return undefined;
    scopes.push(last);
  }
  return scopes;
}

function scopeOf(key: string): string {
  let end = -1;
  for (let i = 0; i < 3; i++) {
    end = key.indexOf('/', end + 1);
    if (end === -1) return `${key}/`;
  }
  return key.slice(0, end + 1);
}
