/**
 * API groups served by Kubernetes itself. Objects of these groups that Parity does not read (RBAC,
 * NetworkPolicy, PVCs, Events...) are skipped silently; objects of other groups are custom
 * resources, listed once per source so nobody believes they were compared.
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

/** `kinds not read: Certificate (3), ServiceMonitor (1)`, most frequent first. */
export function describeKindCounts(counts: ReadonlyMap<string, number>): string {
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([kind, n]) => `${kind} (${n})`)
    .join(', ');
}
