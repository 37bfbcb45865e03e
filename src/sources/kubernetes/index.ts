import { z } from 'zod';
import { collectFileSet } from '../collect.js';
import type { SourceModule } from '../types.js';

const Options = z
  .object({
    /** The cluster this environment runs in, when no kubeconfig or label in the files says so. */
    cluster: z.string().min(1).optional(),
  })
  .strict();

/** Key prefixes of Kubernetes objects: also what kustomize and a rendered Helm chart produce. */
export const KUBERNETES_PRODUCES = [
  'infra/workload/',
  'infra/autoscaling/',
  'infra/pdb/',
  'infra/service/',
  'infra/ingress/',
  'infra/substrate/',
  'config/env/',
  'config/configmap/',
  'config/env-from/',
  'access/secret/',
  'access/rbac/',
  'access/workload/',
  'deploys/cronjob/',
  // Objects with no model of their own, compared field by field (generic.ts).
  'config/resource/',
  'infra/resource/',
  'access/resource/',
  'deploys/resource/',
  'observability/resource/',
] as const;

export const kubernetesSource: SourceModule<z.infer<typeof Options>> = {
  kind: 'kubernetes',
  description:
    'Kubernetes manifests and `kubectl get -o json` dumps: workloads, resources, probes, env, autoscaling, ingress, ConfigMaps, Secrets (fingerprinted), CronJobs; custom resources and other objects without a model compared field by field.',
  docs: 'https://kubernetes.io/docs/reference/kubernetes-api/',
  dimensions: ['infra', 'config', 'access', 'deploys', 'observability'],
  produces: KUBERNETES_PRODUCES,
  input: 'files',
  options: Options,
  async collect(spec, options, ctx) {
    const { extractKubernetes } = await import('./extract.js');
    return collectFileSet(spec, { extensions: ['.yaml', '.yml', '.json'] }, (files) =>
      extractKubernetes(files, {
        source: spec.id,
        fingerprint: ctx.fingerprint,
        ...(options.cluster ? { cluster: options.cluster } : {}),
      }),
    );
  },
};
