import type { Dimension } from '../../model/dimension.js';

/**
 * API groups served by Kubernetes itself. Objects of other groups are custom resources: those
 * Parity has no model for are compared generically (generic.ts), like the built-in kinds below.
 */
const BUILT_IN_GROUPS = new Set([
  '',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'apps',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'extensions',
  'flowcontrol.apiserver.k8s.io',
  'internal.apiserver.k8s.io',
  'metrics.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'resource.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
  'storagemigration.k8s.io',
]);

/** The API group of an apiVersion: `apps/v1` -> `apps`, `v1` -> ``. */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

export function isBuiltIn(apiVersion: string): boolean {
  return BUILT_IN_GROUPS.has(apiGroup(apiVersion));
}

/**
 * Built-in kinds without a model of their own that are still configuration someone wrote, compared
 * generically. Other built-in kinds Parity does not model are what the cluster did (Events,
 * Endpoints, Leases, Nodes, ControllerRevisions) or schemas (CRDs): not compared.
 */
const WRITTEN_BUILT_INS = new Set([
  'NetworkPolicy',
  'LimitRange',
  'ResourceQuota',
  'PriorityClass',
  'StorageClass',
  'IngressClass',
  'PersistentVolumeClaim',
  'RuntimeClass',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
]);

/** Custom kinds that record what controllers did (issued certificates, claimed nodes, reports). */
const RUNTIME_CUSTOM_KINDS = new Set([
  'CertificateRequest',
  'Order',
  'Challenge',
  'NodeClaim',
  'Machine',
  'CiliumEndpoint',
  'CiliumIdentity',
  'CiliumNode',
  'PolicyReport',
  'ClusterPolicyReport',
  'VolumeSnapshotContent',
  'Backup',
  'Restore',
  'Event',
]);

/** True for an object with no model of its own that is compared field by field. */
export function comparedGenerically(apiVersion: string, kind: string): boolean {
  return isBuiltIn(apiVersion) ? WRITTEN_BUILT_INS.has(kind) : !RUNTIME_CUSTOM_KINDS.has(kind);
}

/** Dimensions of API groups and kinds; everything else is config. Kind wins over group. */
const BY_KIND: Record<string, Dimension> = {
  NetworkPolicy: 'access',
  ValidatingAdmissionPolicy: 'access',
  ValidatingAdmissionPolicyBinding: 'access',
  MutatingWebhookConfiguration: 'access',
  ValidatingWebhookConfiguration: 'access',
  LimitRange: 'infra',
  ResourceQuota: 'infra',
  PriorityClass: 'infra',
  StorageClass: 'infra',
  IngressClass: 'infra',
  PersistentVolumeClaim: 'infra',
  RuntimeClass: 'infra',
  ServiceAccount: 'access',
};
const BY_GROUP: [RegExp, Dimension][] = [
  [
    /^(monitoring\.coreos\.com|monitoring\.googleapis\.com|opentelemetry\.io|logging\.banzaicloud\.io|logging-extensions\.banzaicloud\.io|integreatly\.org|grafana\.integreatly\.org|sloth\.slok\.dev|openslo\.com)$/,
    'observability',
  ],
  [
    /^(acme\.)?cert-manager\.io$|^security\.istio\.io$|^secrets-store\.csi\.x-k8s\.io$|^kyverno\.io$|^templates\.gatekeeper\.sh$|^constraints\.gatekeeper\.sh$|^cilium\.io$|^(iam|rbacmanager)\./,
    'access',
  ],
  [
    /^(helm|kustomize|source|image|notification)\.toolkit\.fluxcd\.io$|^argoproj\.io$|^flagger\.app$/,
    'deploys',
  ],
  [
    /^(karpenter\.sh|karpenter\.k8s\.aws|autoscaling\.k8s\.io|cloud\.google\.com|networking\.gke\.io|elbv2\.k8s\.aws|networking\.istio\.io|gateway\.networking\.k8s\.io|traefik\.(io|containo\.us)|projectcontour\.io|configuration\.konghq\.com|keda\.sh|policy)$/,
    'infra',
  ],
];

/** The dimension an object compared generically falls in (documented in docs/facts.md). */
export function dimensionOfKind(kind: string, group: string): Dimension {
  const byKind = Object.hasOwn(BY_KIND, kind) ? BY_KIND[kind] : undefined;
  if (byKind) return byKind;
  for (const [pattern, dimension] of BY_GROUP) if (pattern.test(group)) return dimension;
  return 'config';
}
