import { CONTAINER_RESOURCES, parseQuantity } from '../../units/quantity.js';
import { type Emit, emitFact, scalarText, skipAt, typeName } from './emit.js';
import { readEnv } from './env.js';
import { type Branch, branchAt, type Leaf, leafAt } from './tree.js';

const AUTOSCALING_KEYS = [
  'enabled',
  'minReplicas',
  'maxReplicas',
  'targetCPUUtilizationPercentage',
  'targetMemoryUtilizationPercentage',
];
const IMAGE_PARTS = ['registry', 'repository', 'name', 'tag', 'digest'];

/**
 * The conventions most charts share (those of `helm create` and Bitnami's), mapped onto the keys
 * Kubernetes manifests produce, so a chart's values pair with another environment's manifests.
 */
export function conventionFacts(out: Emit, branch: Branch, workload: string): void {
  const autoscaled = autoscalingFacts(out, branch, workload);
  replicaFacts(out, branch, workload, autoscaled);
  resourceFacts(out, branch, workload);
  imageFacts(out, branch, workload);
  readEnv(out, branch, workload);
}

/** True when the workload autoscales: `helm create` charts then leave replicas to the autoscaler. */
function autoscalingFacts(out: Emit, branch: Branch, workload: string): boolean {
  const block = branchAt(branch, 'autoscaling') ?? branchAt(branch, 'hpa');
  if (!block) return false;
  for (const key of AUTOSCALING_KEYS) {
    const node = block.entries.get(key);
    if (node) out.consumed.add(node);
  }
  const enabled = leafAt(block, 'enabled');
  if (!enabled || !isTrue(enabled.value)) return false;
  const bound = (key: string, attribute: string, fallback: number | undefined) => {
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
  bound('minReplicas', 'min-replicas', 1);
  bound('maxReplicas', 'max-replicas', undefined);
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

/** The container is named after the workload: charts rarely name it anything else. */
function resourceFacts(out: Emit, branch: Branch, workload: string): void {
  const resources = branchAt(branch, 'resources');
  if (!resources) return;
  for (const [group, resource, attribute, unit] of CONTAINER_RESOURCES) {
    const leaf = leafAt(branchAt(resources, group), resource);
    if (!leaf || leaf.value === null) continue;
    out.consumed.add(leaf);
    const value = parseQuantity(leaf.value);
    if (value === undefined) {
      const example = unit === 'cores' ? '250m or 1.5' : '512Mi or 1G';
      skipAt(out, leaf, `resources.${group}.${resource}: expected a quantity such as ${example}`);
      continue;
    }
    emitFact(
      out,
      {
        dimension: 'infra',
        path: ['workload', workload, 'container', workload, attribute],
        value,
        compare: 'scaled',
        scale: 'resources',
        unit,
      },
      leaf,
    );
  }
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
