import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createFingerprinter } from '../secrets.js';
import { type EnvironmentOption, environmentSelection } from './environments.js';
import { extractGithubActions } from './extract.js';

const fixtures = new URL('./__fixtures__/', import.meta.url);

function files(dir: string) {
  const root = new URL(`${dir}/`, fixtures);
  return (readdirSync(root, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.yml'))
    .sort()
    .map((file) => ({ file: file.split('\\').join('/'), text: readFileSync(new URL(file, root), 'utf8') }));
}

function run(dir: string, environment: string, option?: EnvironmentOption) {
  return extractGithubActions(files(dir), {
    source: 'gha',
    fingerprint: createFingerprinter('test-key'),
    selection: environmentSelection(environment, option),
  });
}

/** key -> [value, file:line], the parts of a fact that matter. */
function byKey(result: ReturnType<typeof run>) {
  return Object.fromEntries(
    result.facts.map((f) => [f.key, [f.value, `${f.origin.file}:${f.origin.line}`, f.compare]]),
  );
}

describe('github-actions: staging on push to main, production on tags', () => {
  it("reads staging's pipeline: tests, build, migrations, helm with --wait and a smoke test", () => {
    const facts = byKey(run('tag-promotion', 'staging'));
    expect(facts).toEqual({
      'deploys/pipeline/step/migrate': [
        'deploy: Run database migrations',
        'deploy-staging.yml:42',
        'presence',
      ],
      'deploys/pipeline/step/test': ['test: Unit and integration tests', 'deploy-staging.yml:22', 'presence'],
      'deploys/pipeline/step/build': ['build: docker/build-push-action', 'deploy-staging.yml:29', 'presence'],
      'deploys/pipeline/step/smoke-test': ['deploy: Smoke test', 'deploy-staging.yml:48', 'presence'],
      'deploys/pipeline/step/rollout': ['deploy: Helm upgrade', 'deploy-staging.yml:44', 'presence'],
      'deploys/pipeline/step/deploy': ['deploy: Helm upgrade', 'deploy-staging.yml:44', 'presence'],
      'deploys/pipeline/triggers': [['branch:main'], 'deploy-staging.yml:2', 'set'],
      'deploys/pipeline/concurrency': ['queue', 'deploy-staging.yml:6', 'exact'],
      'config/ci-env/REGISTRY': ['ghcr.io/acme', 'deploy-staging.yml:10', 'exact'],
      'config/ci-env/NODE_ENV': ['production', 'deploy-staging.yml:11', 'exact'],
      'config/ci-env/DATABASE_URL': ['${{ secrets.DATABASE_URL }}', 'deploy-staging.yml:38', 'presence'],
      'config/ci-env/STRIPE_SECRET_KEY': [
        expect.objectContaining({ secret: true, fingerprint: expect.any(String) }),
        'deploy-staging.yml:39',
        'exact',
      ],
      'config/ci-env/SLACK_WEBHOOK_URL': [
        '${{ secrets.SLACK_WEBHOOK_URL }}',
        'deploy-staging.yml:53',
        'presence',
      ],
    });
  });

  it("reads production's pipeline: approval, image scan and a canary, but no migration and no smoke test", () => {
    const result = run('tag-promotion', 'production');
    const facts = byKey(result);
    expect(Object.keys(facts).filter((k) => k.startsWith('deploys/pipeline/step/'))).toEqual([
      'deploys/pipeline/step/build',
      'deploys/pipeline/step/canary',
      'deploys/pipeline/step/approval',
      'deploys/pipeline/step/security-scan',
      'deploys/pipeline/step/deploy',
    ]);
    expect(facts['deploys/pipeline/step/approval']).toEqual([
      'approve: trstringer/manual-approval',
      'deploy-production.yml:27',
      'presence',
    ]);
    expect(facts['deploys/pipeline/step/canary']).toEqual([
      'deploy: Canary rollout',
      'deploy-production.yml:43',
      'presence',
    ]);
    expect(facts['deploys/pipeline/triggers']).toEqual([
      ['manual', 'tag:v*'],
      'deploy-production.yml:2',
      'set',
    ]);
    expect(facts['config/ci-env/ROLLOUT_TOKEN']?.[0]).toEqual({
      secret: true,
      fingerprint: expect.any(String),
    });
    expect(result.skips).toEqual([]);
  });

  it('never lets a secret value into facts, labels or skips', () => {
    const json = JSON.stringify([run('tag-promotion', 'staging'), run('tag-promotion', 'production')]);
    for (const secret of [
      'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
      'ghp_R8x2mQ7vLk3NpZ9sT4wY6bJ1cF5hD0aE8gU2',
      'hunter2',
    ]) {
      expect(json).not.toContain(secret);
    }
  });

  it('selects jobs by the `environment` option, with globs', () => {
    const facts = byKey(run('tag-promotion', 'live', ['prod*']));
    expect(facts['deploys/pipeline/step/canary']?.[0]).toBe('deploy: Canary rollout');
    const none = run('tag-promotion', 'qa');
    expect(none.facts).toEqual([]);
    expect(none.skips).toEqual([
      {
        source: 'gha',
        reason:
          "no GitHub Actions job deploys to qa (the jobs deploy to: production, staging); set the source's `environment:` option to the CI environment name",
      },
    ]);
  });
});

describe('github-actions: one reusable workflow called for each environment', () => {
  it('resolves `environment: ${{ inputs.environment }}` from each caller and drops steps whose if: is false', () => {
    const staging = byKey(run('reusable-deploy', 'staging'));
    const production = byKey(run('reusable-deploy', 'production'));
    expect(staging['deploys/pipeline/step/smoke-test']).toEqual([
      'deploy-staging/deploy: Smoke test',
      '.github/workflows/deploy.yml:23',
      'presence',
    ]);
    expect(production['deploys/pipeline/step/smoke-test']).toBeUndefined();
    expect(staging['deploys/pipeline/concurrency']?.[0]).toBe('cancel-in-progress');
    expect(production['deploys/pipeline/concurrency']?.[0]).toBe('queue');
  });

  it("lends production only the agnostic checks of staging's deploy, which it waits for", () => {
    const production = byKey(run('reusable-deploy', 'production'));
    // Staging's migration ran against staging: production's own deploy job migrates production.
    expect(production['deploys/pipeline/step/migrate']?.[0]).toBe('deploy-production/deploy: Migrate');
    expect(production['deploys/pipeline/step/test']).toEqual([
      'test: go test ./...',
      '.github/workflows/release.yml:11',
      'presence',
    ]);
    expect(production['deploys/pipeline/step/lint']?.[0]).toBe('test: golangci-lint run');
    expect(production['config/ci-env/PROD_KUBE_CONFIG']).toEqual([
      '${{ secrets.PROD_KUBE_CONFIG }}',
      '.github/workflows/release.yml:25',
      'presence',
    ]);
  });
});

describe('github-actions: dispatch inputs, matrices, schedules and what cannot be read', () => {
  it('deploys each option of a choice input and each matrix value, behind a manual start', () => {
    for (const env of ['staging', 'production']) {
      const facts = byKey(run('odd-workflows', env));
      expect(facts['deploys/pipeline/step/approval']?.[0]).toBe(
        `deploy (${env}): started by hand (workflow_dispatch only); warm-caches (${env}): started by hand (workflow_dispatch only)`,
      );
      // unresolvable.yml's `remote` job passes `with: environment: production` to a remote workflow.
      expect(facts['deploys/pipeline/step/deploy']?.[0]).toBe(
        env === 'production' ? `deploy (${env}): ./bin/deploy; remote` : `deploy (${env}): ./bin/deploy`,
      );
    }
  });

  it('keeps the crons of a scheduled workflow that deploys to the environment', () => {
    const facts = byKey(run('odd-workflows', 'production'));
    expect(facts['deploys/schedule/nightly-reindex/cron']).toEqual([
      ['*/15 9-17 * * 1-5', '30 2 * * *'],
      'nightly-reindex.yml:2',
      'set',
    ]);
    expect(byKey(run('odd-workflows', 'staging'))['deploys/schedule/nightly-reindex/cron']).toBeUndefined();
  });

  it('names every unreadable part as a skip with its line', () => {
    expect(run('odd-workflows', 'production').skips).toEqual([
      {
        source: 'gha',
        file: 'invalid-yaml.yml',
        line: 5,
        reason: 'invalid YAML: missed comma between flow collection entries',
      },
      {
        source: 'gha',
        file: 'unresolvable.yml',
        line: 16,
        reason: 'job broken: expected a mapping, got a string',
      },
      {
        source: 'gha',
        file: 'unresolvable.yml',
        line: 7,
        reason:
          "job from-variable: environment `${{ vars.DEPLOY_ENV }}` reads vars.deploy_env that no matrix value or input default resolves; the job is not counted as any environment's deploy",
      },
      {
        source: 'gha',
        file: 'unresolvable.yml',
        line: 11,
        reason:
          'job remote calls a reusable workflow from another repository (acme/platform/.github/workflows/deploy.yml@v2); its jobs and steps cannot be read: it is counted as one deploy job for production, without its steps',
      },
      {
        source: 'gha',
        file: 'unresolvable.yml',
        line: 15,
        reason:
          "job missing-local calls ./.github/workflows/not-here.yml, which is not among the files read; add it to the source's path",
      },
      {
        source: 'gha',
        file: 'unresolvable.yml',
        line: 19,
        reason: 'job bad-environment: environment: expected a name or {name, url}, got a list',
      },
    ]);
  });
});

describe("github-actions: a step guarded by a job outside the job's needs", () => {
  it('never runs there: production has no smoke test, staging (which needs build) has one', () => {
    const smoke = (environment: string) =>
      run('needs-outside', environment).facts.find((f) => f.key === 'deploys/pipeline/step/smoke-test');
    expect(smoke('staging')?.value).toBe('deploy_staging: Smoke test');
    expect(smoke('production')).toBeUndefined();
    expect(
      run('needs-outside', 'production').facts.find((f) => f.key === 'deploys/pipeline/step/deploy')?.value,
    ).toBe('deploy_production: Deploy');
  });
});
