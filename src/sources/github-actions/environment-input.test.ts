import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createFingerprinter } from '../secrets.js';
import { environmentSelection } from './environments.js';
import { extractGithubActions } from './extract.js';

const root = new URL('./__fixtures__/environment-input/', import.meta.url);
const files = readdirSync(root)
  .sort()
  .map((f) => ({ file: `.github/workflows/${f}`, text: readFileSync(new URL(f, root), 'utf8') }));

function run(environment: string, option?: string | string[], only?: RegExp) {
  return extractGithubActions(only ? files.filter((f) => only.test(f.file)) : files, {
    source: 'gha',
    fingerprint: createFingerprinter('test-key'),
    selection: environmentSelection(environment, option),
  });
}

describe('github-actions: a job that passes `with: environment:` to a reusable workflow deploys that environment', () => {
  it('a remote reusable workflow: the calling job is the deploy job (its steps unknown, said so)', () => {
    const result = run('prod');
    const keys = result.facts.map((f) => f.key);
    expect(keys).toContain('deploys/pipeline/triggers');
    expect(keys).toContain('deploys/pipeline/step/test');
    const deploy = result.facts.find((f) => f.key === 'deploys/pipeline/step/deploy');
    expect(deploy?.value).toContain('deploy_prod');
    // helm_lint passes the environment too, but lints: it deploys nothing.
    expect(JSON.stringify(result.facts)).not.toContain('helm_lint');
    expect(
      result.skips.filter((s) => s.reason.startsWith('job helm_lint calls a reusable workflow')),
    ).toHaveLength(1);
    expect(result.skips.map((s) => s.reason).join('\n')).toMatch(
      /deploy_prod calls a reusable workflow from another repository .*counted as one deploy job for prod, without its steps/,
    );
  });

  it('the explicit `environment:` option selects it too, and preprod gets its own job', () => {
    expect(run('production', 'prod').facts.length).toBeGreaterThan(0);
    const preprod = run('preprod').facts.find((f) => f.key === 'deploys/pipeline/step/deploy');
    expect(preprod?.value).toContain('deploy_preprod');
    expect(preprod?.value).not.toContain('deploy_prod');
  });

  it("a local reusable workflow: the callee's jobs without an environment of their own deploy the caller's", () => {
    const result = run('production', undefined, /push-production|build-frontend/);
    const deploy = result.facts.find((f) => f.key === 'deploys/pipeline/step/build');
    expect(deploy?.value).toContain('build_frontend/build');
    expect(result.facts.find((f) => f.key === 'deploys/pipeline/triggers')?.value).toEqual([
      'branch:production',
    ]);
    expect(result.facts.find((f) => f.key === 'deploys/pipeline/concurrency')?.value).toBe('queue');
  });
});
