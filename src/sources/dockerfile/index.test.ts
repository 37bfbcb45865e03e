import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createFingerprinter } from '../secrets.js';
import type { SourceSpec } from '../types.js';
import { dockerfileSource, isDockerfileName } from './index.js';

const baseDir = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
const ctx = { environment: 'staging', production: false, fingerprint: createFingerprinter('k') };
const spec = (paths: string[], options: Record<string, unknown> = {}): SourceSpec => ({
  kind: 'dockerfile',
  id: 'dockerfile:test',
  paths,
  baseDir,
  options,
});

describe('dockerfileSource', () => {
  it('finds Dockerfile, *.Dockerfile and Containerfile in a directory, not .dockerignore files', async () => {
    const result = await dockerfileSource.collect(spec(['project-with-several-dockerfiles']), {}, ctx);
    expect(
      result.facts.filter((f) => f.key.startsWith('infra/image-base/')).map((f) => [f.origin.file, f.value]),
    ).toEqual([
      ['project-with-several-dockerfiles/Containerfile', 'registry.access.redhat.com/ubi9/ubi-minimal'],
      ['project-with-several-dockerfiles/Dockerfile', 'node:20-alpine'],
      ['project-with-several-dockerfiles/services/worker.Dockerfile', 'python:3.12-slim'],
    ]);
    expect(result.skips).toEqual([]);
  });

  it('reads a file given by path whatever its name, with the workload option', async () => {
    const options = dockerfileSource.options.parse({ workload: 'storefront' });
    const result = await dockerfileSource.collect(
      spec(['multi-stage-next-app.Dockerfile'], options),
      options,
      ctx,
    );
    expect(result.facts.find((f) => f.key === 'config/env/storefront/PORT')?.origin).toEqual({
      source: 'dockerfile:test',
      file: 'multi-stage-next-app.Dockerfile',
      line: 21,
    });
  });

  it('says so when a path is missing', async () => {
    const result = await dockerfileSource.collect(spec(['nowhere/Dockerfile']), {}, ctx);
    expect(result.skips).toEqual([
      {
        source: 'dockerfile:test',
        file: 'nowhere/Dockerfile',
        reason: 'no such file or directory',
        unread: true,
      },
    ]);
  });

  it('rejects unknown options', () => {
    expect(dockerfileSource.options.safeParse({ workload: 'x', target: 'runtime' }).success).toBe(false);
  });

  it('recognises the usual Dockerfile names', () => {
    const names = [
      'Dockerfile',
      'dockerfile',
      'Containerfile',
      'api.Dockerfile',
      'Dockerfile.prod',
      'Dockerfile.dockerignore',
      'Dockerfiles.md',
    ];
    expect(names.filter(isDockerfileName)).toEqual([
      'Dockerfile',
      'dockerfile',
      'Containerfile',
      'api.Dockerfile',
      'Dockerfile.prod',
    ]);
  });
});
