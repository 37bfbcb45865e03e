import { z } from 'zod';
import { collectFiles } from '../collect.js';
import type { SourceModule } from '../types.js';

const Options = z
  .object({
    /** The workload this image runs as: ENV keys become `config/env/<workload>/<NAME>`. */
    workload: z.string().min(1).optional(),
  })
  .strict();

/** `Dockerfile`, `Containerfile`, `api.Dockerfile`, `Dockerfile.prod`; not `Dockerfile.dockerignore`. */
export function isDockerfileName(baseName: string): boolean {
  const name = baseName.toLowerCase();
  if (name.endsWith('.dockerignore')) return false;
  return (
    name === 'dockerfile' ||
    name === 'containerfile' ||
    name.endsWith('.dockerfile') ||
    name.startsWith('dockerfile.') ||
    name.startsWith('containerfile.')
  );
}

export const dockerfileSource: SourceModule<z.infer<typeof Options>> = {
  kind: 'dockerfile',
  description:
    'Dockerfiles: build args, build-stage and runtime ENV, build-inlined variables, base images, ports, user.',
  docs: 'https://docs.docker.com/reference/dockerfile/',
  dimensions: ['config', 'infra', 'access'],
  produces: [
    'config/env/',
    'config/build-arg/',
    'config/build-env/',
    'config/build-inlined/',
    'infra/image-base/',
    'infra/image/',
    'access/image/',
  ],
  input: 'files',
  options: Options,
  async collect(spec, options, ctx) {
    const { extractDockerfile } = await import('./extract.js');
    return collectFiles(spec, { accept: isDockerfileName }, (file) =>
      extractDockerfile(file.text, {
        source: spec.id,
        file: file.display,
        fingerprint: ctx.fingerprint,
        ...(options.workload ? { workload: options.workload } : {}),
      }),
    );
  },
};
