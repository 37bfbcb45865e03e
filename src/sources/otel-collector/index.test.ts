import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createFingerprinter } from '../secrets.js';
import type { SourceSpec } from '../types.js';
import { otelCollectorSource } from './index.js';

const fixtures = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
const ctx = { environment: 'production', production: true, fingerprint: createFingerprinter('k') };
const spec = (paths: string[]): SourceSpec => ({
  kind: 'otel-collector',
  id: 'otel-collector:production',
  paths,
  baseDir: fixtures,
  options: {},
});

describe('otel-collector source', () => {
  it('reads a collector configuration file', async () => {
    const result = await otelCollectorSource.collect(spec(['production/otel-collector.yaml']), {}, ctx);
    expect(result.skips).toEqual([]);
    expect(result.facts.find((f) => f.key === 'observability/sampling/traces/percentage')).toMatchObject({
      value: 1,
      unit: '%',
      origin: { source: 'otel-collector:production', file: 'production/otel-collector.yaml', line: 19 },
    });
  });

  it('accepts no options', () => {
    expect(otelCollectorSource.options.safeParse({}).success).toBe(true);
    expect(otelCollectorSource.options.safeParse({ sampling: 1 }).success).toBe(false);
  });
});
