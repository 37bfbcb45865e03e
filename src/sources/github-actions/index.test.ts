import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createFingerprinter } from '../secrets.js';
import { githubActionsSource } from './index.js';

const baseDir = fileURLToPath(new URL('./__fixtures__/reusable-deploy/', import.meta.url));
const ctx = (environment: string) => ({
  environment,
  production: environment === 'production',
  fingerprint: createFingerprinter('k'),
});

describe('the github-actions source', () => {
  it('reads a workflows folder and finds the reusable workflow it calls by its repository path', async () => {
    const spec = { kind: 'github-actions', id: 'ci', paths: ['.github/workflows/'], baseDir, options: {} };
    const result = await githubActionsSource.collect(spec, {}, ctx('production'));
    expect(result.skips).toEqual([]);
    expect(result.facts.find((f) => f.key === 'deploys/pipeline/step/migrate')).toMatchObject({
      value: 'deploy-production/deploy: Migrate',
      origin: { source: 'ci', file: '.github/workflows/deploy.yml', line: 18 },
    });
  });

  it('reports a missing path as a skip', async () => {
    const spec = { kind: 'github-actions', id: 'ci', paths: ['nowhere/'], baseDir, options: {} };
    expect(await githubActionsSource.collect(spec, {}, ctx('staging'))).toEqual({
      facts: [],
      skips: [{ source: 'ci', file: 'nowhere/', reason: 'no such file or directory', unread: true }],
    });
  });

  it('accepts a name or a list for `environment` and rejects unknown options', () => {
    expect(githubActionsSource.options.safeParse({ environment: 'prod' }).success).toBe(true);
    expect(githubActionsSource.options.safeParse({ environment: ['prod', 'prod-eu'] }).success).toBe(true);
    expect(githubActionsSource.options.safeParse({ environment: [] }).success).toBe(false);
    expect(githubActionsSource.options.safeParse({ environments: 'prod' }).success).toBe(false);
  });
});
