import { describe, expect, it } from 'vitest';
import { registryOf } from './substrate.js';

describe('registryOf', () => {
  it.each([
    ['nginx', 'docker.io'],
    ['nginx:1.27', 'docker.io'],
    ['library/nginx@sha256:abc', 'docker.io'],
    ['bitnami/redis:7', 'docker.io'],
    ['docker.io/envoyproxy/envoy:v1', 'docker.io'],
    ['index.docker.io/library/nginx', 'docker.io'],
    ['ghcr.io/org/app:1', 'ghcr.io'],
    ['localhost:5000/app', 'localhost:5000'],
    ['localhost/app', 'localhost'],
    ['Registry.Example.com/app', 'registry.example.com'],
    [
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/payments:3',
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
    ],
  ])('%s -> %s', (image, registry) => {
    expect(registryOf(image)).toBe(registry);
  });

  it('names no registry for unexpanded variables', () => {
    expect(registryOf('${REGISTRY}/app:1')).toBeUndefined();
    expect(registryOf('')).toBeUndefined();
  });
});
