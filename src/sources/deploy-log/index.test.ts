import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createFingerprinter } from '../secrets.js';
import { deployLogSource } from './index.js';

const baseDir = fileURLToPath(new URL('./__fixtures__/', import.meta.url));

describe('the deploy-log source', () => {
  it('reads the logs in a folder and keeps this environment’s deploys', async () => {
    const spec = {
      kind: 'deploy-log',
      id: 'deploys',
      paths: ['deploys-all-environments.jsonl'],
      baseDir,
      options: {},
    };
    const result = await deployLogSource.collect(
      spec,
      {},
      { environment: 'production', production: true, fingerprint: createFingerprinter('k') },
    );
    expect(result.facts.find((f) => f.key === 'deploys/cadence/deploys-per-week')?.value).toBe(69.4);
  });

  it('validates its options strictly', () => {
    expect(
      deployLogSource.options.safeParse({ fields: { start: 'at', end: 'done' }, format: 'csv' }).success,
    ).toBe(true);
    expect(deployLogSource.options.safeParse({ fields: { begin: 'at' } }).success).toBe(false);
    expect(deployLogSource.options.safeParse({ format: 'xml' }).success).toBe(false);
  });
});
