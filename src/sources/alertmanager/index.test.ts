import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createFingerprinter } from '../secrets.js';
import type { SourceSpec } from '../types.js';
import { AlertmanagerOptions, alertmanagerSource } from './index.js';

const fixtures = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
const ctx = { environment: 'staging', production: false, fingerprint: createFingerprinter('k') };
const spec = (paths: string[]): SourceSpec => ({
  kind: 'alertmanager',
  id: 'alertmanager:staging',
  paths,
  baseDir: fixtures,
  options: {},
});

describe('alertmanager source', () => {
  it('reads an environment’s alertmanager.yml', async () => {
    const result = await alertmanagerSource.collect(spec(['staging/']), AlertmanagerOptions.parse({}), ctx);
    expect(result.skips).toEqual([]);
    expect(result.facts.find((f) => f.key === 'observability/paging/pages')).toMatchObject({
      value: false,
      origin: { source: 'alertmanager:staging', file: 'staging/alertmanager.yml', line: 3 },
    });
  });

  it('validates its options: label names, string label values, nothing unknown', () => {
    expect(AlertmanagerOptions.parse({ alertLabels: { env: 'staging' } })).toEqual({
      alertLabels: { env: 'staging' },
    });
    expect(AlertmanagerOptions.safeParse({ alertLabels: { 'not a label': 'x' } }).success).toBe(false);
    expect(AlertmanagerOptions.safeParse({ alertLabels: { env: 1 } }).success).toBe(false);
    expect(AlertmanagerOptions.safeParse({ receivers: [] }).success).toBe(false);
  });
});
