import type { Fact, Origin } from '../../model/fact.js';
import { makeFact } from '../../model/make-fact.js';
import { redactUrlCredentials } from '../secrets.js';
import { asList, asObj, asString, type Obj } from '../shape.js';
import { addTo, type Ctx, type Emitter, type K8sObject, originAt, originIn } from './context.js';

/** Label and annotation keys that tools commonly use to name the cluster an object runs in. */
const CLUSTER_KEYS = [
  'cluster',
  'cluster-name',
  'alpha.eksctl.io/cluster-name',
  'kubernetes.azure.com/cluster',
];
const DOCKER_HUB_ALIASES = new Set(['index.docker.io', 'registry-1.docker.io']);

/**
 * The registry host of an image reference, as the container runtime reads it: the first path
 * component when it looks like a host (has a dot or port, or is localhost), else Docker Hub.
 */
export function registryOf(image: string): string | undefined {
  const ref = image.trim();
  if (ref === '' || /[${}\s]/.test(ref)) return undefined; // unexpanded variables name no registry
  const slash = ref.indexOf('/');
  const first = slash === -1 ? '' : ref.slice(0, slash).toLowerCase();
  if (!first.includes('.') && !first.includes(':') && first !== 'localhost') return 'docker.io';
  return DOCKER_HUB_ALIASES.has(first) ? 'docker.io' : first;
}

/** Namespace and cluster hints every object carries in its metadata. */
export function noteMetadata(e: Emitter): void {
  const metadata = asObj(e.o.obj.metadata) ?? {};
  if (e.o.namespace) addTo(e.ctx.substrate.namespaces, e.o.namespace, originAt(e, metadata, 'namespace'));
  if (e.o.kind === 'Namespace' && e.o.apiVersion === 'v1') {
    addTo(e.ctx.substrate.namespaces, e.o.name, originAt(e, metadata, 'name'));
  }
  for (const field of ['labels', 'annotations']) {
    const map = asObj(metadata[field]);
    if (!map) continue;
    for (const key of CLUSTER_KEYS) {
      const value = asString(map[key]);
      if (value) addTo(e.ctx.substrate.clusters, value, originAt(e, map, key));
    }
  }
}

/**
 * A kubeconfig (`kind: Config`): the server URL of the current context's cluster, and its default
 * namespace. Users and their credentials are never looked at.
 */
export function kubeconfigFacts(ctx: Ctx, o: K8sObject): void {
  const contexts = asList(o.obj.contexts)
    .map(asObj)
    .filter((c): c is Obj => c !== undefined);
  const current = asString(o.obj['current-context']);
  const chosen =
    contexts.find((c) => c.name === current) ?? (contexts.length === 1 ? contexts[0] : undefined);
  const context = asObj(chosen?.context);
  if (!context) return;
  const namespace = asString(context.namespace);
  if (namespace) addTo(ctx.substrate.namespaces, namespace, at(ctx, o, context, 'namespace'));
  const clusterName = asString(context.cluster);
  const entry = asList(o.obj.clusters)
    .map(asObj)
    .find((c) => c?.name === clusterName);
  const cluster = asObj(entry?.cluster);
  const server = asString(cluster?.server);
  if (!cluster || !server) return;
  addTo(ctx.substrate.clusters, redactUrlCredentials(server) ?? server, at(ctx, o, cluster, 'server'));
}

function at(ctx: Ctx, o: K8sObject, node: unknown, key: string): Origin {
  return originIn(ctx.source, o, node, key);
}

/** One set fact per substrate attribute for the whole source, with the first place a value was seen. */
export function substrateFacts(ctx: Ctx): Fact[] {
  const facts: Fact[] = [];
  const { registries, namespaces, clusters } = ctx.substrate;
  for (const [attribute, values] of [
    ['cluster', clusters],
    ['namespace', namespaces],
    ['registry', registries],
  ] as const) {
    const first = values.values().next().value;
    if (!first) continue;
    const value = [...values.keys()].sort();
    facts.push(
      makeFact({ dimension: 'infra', path: ['substrate', attribute], value, compare: 'set', origin: first }),
    );
  }
  return facts;
}
