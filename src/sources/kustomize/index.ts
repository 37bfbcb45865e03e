import { z } from 'zod';
import { KUBERNETES_PRODUCES } from '../kubernetes/index.js';
import type { SourceModule } from '../types.js';

const Options = z
  .object({
    /**
     * How overlays are rendered. auto: `kustomize build` when kustomize is on PATH, else
     * `kubectl kustomize`, else the built-in renderer (the common subset of kustomize, with
     * origins at the overlay or base line that wrote each value).
     */
    renderer: z.enum(['auto', 'builtin', 'kustomize', 'kubectl']).optional(),
    /** The cluster this environment runs in, when no label in the files says so. */
    cluster: z.string().min(1).optional(),
  })
  .strict();

export const kustomizeSource: SourceModule<z.infer<typeof Options>> = {
  kind: 'kustomize',
  description:
    'kustomize overlays (a folder with kustomization.yaml), rendered with kustomize, kubectl or the built-in renderer and read as Kubernetes manifests; generated ConfigMap and Secret names keep no hash suffix, so they pair across environments.',
  docs: 'https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/',
  dimensions: ['infra', 'config', 'access', 'deploys', 'observability'],
  produces: KUBERNETES_PRODUCES,
  input: 'files',
  options: Options,
  async collect(spec, options, ctx) {
    const { collectKustomize } = await import('./render.js');
    return collectKustomize({
      source: spec.id,
      paths: spec.paths,
      baseDir: spec.baseDir,
      renderer: options.renderer ?? 'auto',
      pathEnv: process.env.PATH ?? '',
      fingerprint: ctx.fingerprint,
      ...(options.cluster ? { cluster: options.cluster } : {}),
    });
  },
};
