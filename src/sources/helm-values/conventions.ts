import { CONTAINER_RESOURCES, parseQuantity } from '../../units/quantity.js';
import { type Emit, emitFact, scalarText, skipAt, typeName } from './emit.js';
import { readEnv } from './env.js';
import { type Branch, branchAt, type Leaf, leafAt } from './tree.js';

/** `autoscaling:` / `hpa:` (HorizontalPodAutoscaler-shaped) and `keda:` (ScaledObject-shaped) blocks. */
export const AUTOSCALING_BLOCKS = ['autoscaling', 'hpa', 'keda'];
const MIN_KEYS = ['minReplicas', 'minReplicaCount'];
const MAX_KEYS = ['maxReplicas', 'maxReplicaCount'];
const AUTOSCALING_KEYS = [
  'enabled',
  ...MIN_KEYS,
  ...MAX_KEYS,
  'targetCPUUtilizationPercentage',
  'targetMemoryUtilizationPercentage',
];
/** `resources:` and wrappers such as `appResources:` name the main container; `workerResources:` the `worker` container. */
export const RESOURCES_KEY = /^(resources|([a-z][A-Za-z0-9]*)Resources)$/;
const MAIN_CONTAINER = new Set(['app', 'container', 'main', 'default']);
const IMAGE_PARTS = ['registry', 'repository', 'name', 'tag', 'digest'];

/**
 * The conventions most charts share (those of `helm create` and Bitnami's), mapped onto the keys
 * Kubernetes manifests produce, so a chart's values pair with another environment's manifests.
 */
export function conventionFacts(
  out: Emit,
  branch: Branch,
  workload: string,
  options: { env: boolean } = { env: true },
): void {
  const autoscaled = autoscalingFacts(out, branch, workload);
  replicaFacts(out, branch, workload, autoscaled);
  resourceFacts(out, branch, workload);
  imageFacts(out, branch, workload);
  persistenceFacts(out, branch, workload);
  if (options.env) readEnv(out, branch, workload);
}

/** True when the workload autoscales: `helm create` charts then leave replicas to the autoscaler. */
function autoscalingFacts(out: Emit, branch: Branch, workload: string): boolean {
  const name = AUTOSCALING_BLOCKS.find((key) => branchAt(branch, key));
  const block = name ? branchAt(branch, name) : undefined;
  if (!block) return false;
  for (const key of AUTOSCALING_KEYS) {
    const node = block.entries.get(key);
    if (node) out.consumed.add(node);
  }
  // A block without `enabled` that sets a maximum is an autoscaler (`hpa: {maxReplicas: 5}`).
  const maxKey = MAX_KEYS.find((key) => leafAt(block, key));
  const enabled = leafAt(block, 'enabled') ?? (maxKey ? leafAt(block, maxKey) : undefined);
  if (!enabled || (enabled === leafAt(block, 'enabled') && !isTrue(enabled.value))) return false;
  const keda = name === 'keda';
  const bound = (keys: readonly string[], attribute: string, fallback: number | undefined) => {
    const key = keys.find((k) => leafAt(block, k)) ?? keys[0]!;
    const leaf = leafAt(block, key);
    const value = leaf ? wholeNumber(out, leaf, key) : fallback;
    if (value === undefined) return;
    emitFact(
      out,
      {
        dimension: 'infra',
        path: ['autoscaling', workload, attribute],
        value,
        compare: 'scaled',
        scale: 'replicas',
      },
      leaf ?? enabled,
    );
  };
  // KEDA's own defaults are 0 and 100 replicas, the HorizontalPodAutoscaler's minimum is 1.
  bound(MIN_KEYS, 'min-replicas', keda ? 0 : 1);
  bound(MAX_KEYS, 'max-replicas', keda ? 100 : undefined);
  const metrics: string[] = [];
  for (const [key, resource] of [
    ['targetCPUUtilizationPercentage', 'cpu'],
    ['targetMemoryUtilizationPercentage', 'memory'],
  ] as const) {
    const leaf = leafAt(block, key);
    if (leaf && leaf.value !== null) {
      const target = wholeNumber(out, leaf, key);
      if (target !== undefined) metrics.push(`${resource}:${target}%`);
    }
  }
  // With no target the HorizontalPodAutoscaler scales on 80% average CPU.
  emitFact(
    out,
    {
      dimension: 'infra',
      path: ['autoscaling', workload, 'metrics'],
      value: metrics.length > 0 ? metrics.sort() : ['cpu:80%'],
      compare: 'set',
    },
    enabled,
  );
  return true;
}

function replicaFacts(out: Emit, branch: Branch, workload: string, autoscaled: boolean): void {
  const key = branch.entries.has('replicaCount') ? 'replicaCount' : 'replicas';
  const leaf = leafAt(branch, key);
  if (!leaf) return;
  out.consumed.add(leaf);
  if (autoscaled || leaf.value === null) return;
  const value = wholeNumber(out, leaf, key);
  if (value === undefined) return;
  emitFact(
    out,
    {
      dimension: 'infra',
      path: ['workload', workload, 'replicas'],
      value,
      compare: 'scaled',
      scale: 'replicas',
    },
    leaf,
  );
}

/**
 * `resources:` (and `appResources:`-style wrappers holding `limits`/`requests`): the container is
 * named after the workload, as charts rarely name it anything else; `workerResources:` is the
 * workload's `worker` container.
 */
function resourceFacts(out: Emit, branch: Branch, workload: string): void {
  for (const [key, node] of branch.entries) {
    const match = RESOURCES_KEY.exec(key);
    if (!match || node.kind !== 'map') continue;
    if (!branchAt(node, 'limits') && !branchAt(node, 'requests')) continue;
    const prefix = match[2];
    const container = prefix === undefined || MAIN_CONTAINER.has(prefix) ? workload : prefix;
    containerResources(out, node, key, workload, container);
  }
}

function containerResources(
  out: Emit,
  resources: Branch,
  key: string,
  workload: string,
  container: string,
): void {
  for (const [group, resource, attribute, unit] of CONTAINER_RESOURCES) {
    const leaf = leafAt(branchAt(resources, group), resource);
    if (!leaf || leaf.value === null) continue;
    out.consumed.add(leaf);
    const value = parseQuantity(leaf.value);
    if (value === undefined) {
      const example = unit === 'cores' ? '250m or 1.5' : '512Mi or 1G';
      skipAt(out, leaf, `${key}.${group}.${resource}: expected a quantity such as ${example}`);
      continue;
    }
    emitFact(
      out,
      {
        dimension: 'infra',
        path: ['workload', workload, 'container', container, attribute],
        value,
        compare: 'scaled',
        scale: 'resources',
        unit,
      },
      leaf,
    );
  }
}

/** `persistence.size` (Bitnami's and `helm create`'s volume claim): `infra/workload/<w>/persistence/size`. */
function persistenceFacts(out: Emit, branch: Branch, workload: string): void {
  const leaf = leafAt(branchAt(branch, 'persistence'), 'size');
  if (!leaf || leaf.value === null) return;
  out.consumed.add(leaf);
  const value = parseQuantity(leaf.value);
  if (value === undefined) {
    skipAt(out, leaf, 'persistence.size: expected a quantity such as 8Gi');
    return;
  }
  emitFact(
    out,
    {
      dimension: 'infra',
      path: ['workload', workload, 'persistence', 'size'],
      value,
      compare: 'scaled',
      scale: 'data',
      unit: 'bytes',
    },
    leaf,
  );
}

/** `image: repo:tag` or `image: { registry, repository, tag, digest }` as one reference. */
function imageFacts(out: Emit, branch: Branch, workload: string): void {
  const node = branch.entries.get('image');
  if (!node) return;
  const path = ['workload', workload, 'container', workload, 'image'];
  if (node.kind === 'leaf') {
    if (typeof node.value !== 'string' || node.value.trim() === '') return; // left to the settings
    out.consumed.add(node);
    emitFact(out, { dimension: 'infra', path, value: node.value.trim() }, node);
    return;
  }
  const part = (key: string): Leaf | undefined => {
    const leaf = leafAt(node, key);
    return leaf && scalarText(leaf.value) !== undefined && scalarText(leaf.value) !== '' ? leaf : undefined;
  };
  const repository = part('repository') ?? part('name');
  if (!repository) {
    if (part('tag') || part('digest')) skipAt(out, node, 'image: expected image.repository with the tag');
    return;
  }
  for (const key of IMAGE_PARTS) {
    const leaf = leafAt(node, key);
    if (leaf) out.consumed.add(leaf);
  }
  const text = (leaf: Leaf | undefined) => (leaf ? (scalarText(leaf.value) ?? '') : '');
  const registry = text(part('registry'));
  const tag = text(part('tag'));
  const digest = text(part('digest'));
  const reference = `${registry ? `${registry}/` : ''}${text(repository)}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
  emitFact(out, { dimension: 'infra', path, value: reference }, part('digest') ?? part('tag') ?? repository);
}

function wholeNumber(out: Emit, leaf: Leaf, key: string): number | undefined {
  const value =
    typeof leaf.value === 'string' && /^\d+$/.test(leaf.value.trim()) ? Number(leaf.value) : leaf.value;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  skipAt(out, leaf, `${key}: expected a whole number, got ${typeName(leaf.value)}`);
  return undefined;
}

function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}
