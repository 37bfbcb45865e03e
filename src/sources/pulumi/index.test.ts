import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createFingerprinter } from '../secrets.js';
import type { SourceSpec } from '../types.js';
import { pulumiSource } from './index.js';

const fixtures = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
const ctx = { environment: 'staging', production: false, fingerprint: createFingerprinter('k') };
const spec = (paths: string[]): SourceSpec => ({
  kind: 'pulumi',
  id: 'pulumi',
  paths,
  baseDir: fixtures,
  options: {},
});

describe('pulumi source', () => {
  it('reads the stack named by `stack:` in the project folder', async () => {
    const result = await pulumiSource.collect(spec(['stacks']), { stack: 'staging' }, ctx);
    expect(result.skips).toEqual([]);
    expect(result.facts.find((f) => f.key === 'infra/workload/worker/replicas')).toMatchObject({
      value: 1,
      origin: { file: 'stacks/Pulumi.staging.yaml', line: 7 },
    });
  });

  it('reads a stack file given as the path', async () => {
    const result = await pulumiSource.collect(spec(['stacks/Pulumi.production.yaml']), {}, ctx);
    expect(result.facts.find((f) => f.key === 'infra/workload/worker/replicas')?.value).toBe(6);
  });

  it('says which stacks a folder holds when `stack:` is missing or names none of them', async () => {
    const several = await pulumiSource.collect(spec(['stacks']), {}, ctx);
    expect(several).toEqual({
      facts: [],
      skips: [
        {
          source: 'pulumi',
          file: 'stacks',
          reason:
            'the folder holds several stacks (production, staging): set `stack:` to the one of this environment',
          unread: true,
        },
      ],
    });
    const missing = await pulumiSource.collect(spec(['stacks']), { stack: 'qa' }, ctx);
    expect(missing.skips[0]?.reason).toBe('no Pulumi.qa.yaml in the folder (stacks: production, staging)');
  });

  it('has strict options', () => {
    expect(pulumiSource.options.safeParse({ stack: 'production', workload: 'api' }).success).toBe(true);
    expect(pulumiSource.options.safeParse({ stack: 'a b' }).success).toBe(false);
    expect(pulumiSource.options.safeParse({ stacks: 'x' }).success).toBe(false);
  });
});
