import { describe, expect, it } from 'vitest';
import { dockerfileDetector } from './detect.js';

describe('dockerfile detector', () => {
  it('proposes what the dockerfile source reads: api.Dockerfile yes, Dockerfile.dockerignore no', () => {
    const files = [
      'Dockerfile',
      'Dockerfile.dockerignore',
      'services/api/api.Dockerfile',
      'docs/Dockerfile.md',
    ].filter((f) => dockerfileDetector.fileMatch.test(f));
    const proposed = dockerfileDetector.detect(files, { has: () => false } as never);
    const paths = proposed.found.flatMap((d) => d.paths);
    expect(paths).toContain('services/api/api.Dockerfile');
    expect(paths).not.toContain('Dockerfile.dockerignore');
    expect(paths).toContain('Dockerfile');
  });
});
