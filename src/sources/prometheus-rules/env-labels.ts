/**
 * Labels whose values name the environment rather than what is measured: a matcher on them
 * (`{env="staging"}`, `namespace="shop-production"`) differs by design between environments and
 * is dropped before expressions and routes are compared.
 */
export const DEFAULT_ENV_LABELS: readonly string[] = [
  'env',
  'environment',
  'stage',
  'namespace',
  'kubernetes_namespace',
  'k8s_namespace_name',
  'cluster',
  'k8s_cluster_name',
];

/** Label names as Prometheus and Alertmanager accept them unquoted. */
export const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
