import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Fact } from '../../model/fact.js';
import { CHECKS } from '../github-actions/checks.js';
import { environmentSelection } from '../github-actions/environments.js';
import { createFingerprinter } from '../secrets.js';
import { extractGitlabCi } from './extract.js';
import { gitlabCiSource } from './index.js';
import { parseGitlabFile } from './parse.js';

const fixtures = (name: string) => fileURLToPath(new URL(`./__fixtures__/${name}/`, import.meta.url));

async function collect(dir: string, environment: string, options: Record<string, unknown> = {}) {
  const spec = { kind: 'gitlab-ci', id: 'gl', paths: ['.gitlab-ci.yml'], baseDir: fixtures(dir), options };
  return gitlabCiSource.collect(spec, options, {
    environment,
    production: false,
    fingerprint: createFingerprinter('k'),
  });
}

function byKey(facts: Fact[]) {
  return Object.fromEntries(facts.map((f) => [f.key, [f.value, `${f.origin.file}:${f.origin.line}`]]));
}

/** One file, no includes: the pure extractor on text. */
function extractText(text: string, environment: string) {
  const { parsed, skips } = parseGitlabFile(text, '.gitlab-ci.yml', 'gl');
  if (!parsed) return { facts: [], skips };
  const result = extractGitlabCi(
    { parsed, includes: [] },
    { source: 'gl', fingerprint: createFingerprinter('k'), selection: environmentSelection(environment) },
  );
  return { facts: result.facts, skips: [...skips, ...result.skips] };
}

describe('gitlab-ci: main deploys staging, a tag deploys production after a manual click', () => {
  it("reads staging's pipeline through extends, a local include and !reference", async () => {
    const facts = byKey((await collect('tag-release', 'staging')).facts);
    expect(facts).toMatchObject({
      'deploys/pipeline/step/migrate': ['deploy-staging: ./bin/rails db:migrate', '.gitlab-ci.yml:57'],
      'deploys/pipeline/step/test': ['unit-tests: npm test', '.gitlab-ci.yml:47'],
      'deploys/pipeline/step/lint': ['lint: npm run lint', '.gitlab-ci.yml:40'],
      'deploys/pipeline/step/build': ['build-image: docker build -t', '.gitlab-ci.yml:29'],
      'deploys/pipeline/step/smoke-test': [
        'deploy-staging: curl -fsS https://staging.shop.example.com/healthz',
        '.gitlab-ci.yml:59',
      ],
      'deploys/pipeline/step/security-scan': ['template Security/SAST.gitlab-ci.yml', '.gitlab-ci.yml:11'],
      'deploys/pipeline/triggers': [['branch:main'], '.gitlab-ci.yml:60'],
      // `default: interruptible: true` reaches the deploy job: a newer pipeline cancels it.
      'deploys/pipeline/concurrency': ['cancel-in-progress', '.gitlab-ci.yml:49'],
      'config/ci-env/HELM_TIMEOUT': ['5m', 'ci/deploy-templates.yml:10'],
      'config/ci-env/KUBE_CONTEXT': ['$KUBE_CONTEXT', '.gitlab-ci.yml:49'],
    });
    expect(facts['deploys/pipeline/step/approval']).toBeUndefined();
  });

  it("selects prod-eu by its deployment tier; production's pipeline has the gate, the canary and the smoke test after it, no migration", async () => {
    const result = await collect('tag-release', 'production');
    const facts = byKey(result.facts);
    expect(Object.keys(facts).filter((k) => k.includes('/step/'))).toEqual([
      'deploys/pipeline/step/test',
      'deploys/pipeline/step/lint',
      'deploys/pipeline/step/build',
      'deploys/pipeline/step/smoke-test',
      'deploys/pipeline/step/canary',
      'deploys/pipeline/step/approval',
      'deploys/pipeline/step/security-scan',
      'deploys/pipeline/step/deploy',
    ]);
    expect(facts['deploys/pipeline/step/approval']).toEqual([
      'deploy-production: when: manual',
      '.gitlab-ci.yml:63',
    ]);
    expect(facts['deploys/pipeline/step/smoke-test']).toEqual([
      'smoke-production: ./scripts/smoke-test.sh https://shop.example.com',
      '.gitlab-ci.yml:82',
    ]);
    expect(facts['deploys/pipeline/triggers']).toEqual([
      ['tag:/^v\\d+\\.\\d+\\.\\d+$/'],
      '.gitlab-ci.yml:79',
    ]);
    expect(facts['deploys/pipeline/concurrency']?.[0]).toBe('queue');
    expect(result.skips).toEqual([
      {
        source: 'gl',
        file: '.gitlab-ci.yml',
        line: 13,
        reason:
          'include https://gitlab.example.com/platform/ci/-/raw/main/notify.yml is remote; its jobs are not read',
      },
      {
        source: 'gl',
        file: '.gitlab-ci.yml',
        line: 14,
        reason:
          'include from project platform/ci-templates (2 files) lives in another repository; its jobs are not read',
      },
      {
        source: 'gl',
        file: '.gitlab-ci.yml',
        line: 12,
        reason:
          "include template Auto-DevOps.gitlab-ci.yml is GitLab's, not in the repository; its jobs are not read",
      },
    ]);
  });

  it("writes the GitHub Actions source's keys, so pipelines pair across CI systems", async () => {
    const keys = (await collect('tag-release', 'production')).facts.map((f) => f.key);
    const vocabulary = new RegExp(
      `^(deploys/pipeline/(step/(${CHECKS.join('|')})|triggers|concurrency)|config/ci-env/[A-Z_]+)$`,
    );
    expect(keys.filter((k) => !vocabulary.test(k))).toEqual([]);
  });

  it('keeps secret values out of facts and skips', async () => {
    const json = JSON.stringify([
      await collect('tag-release', 'staging'),
      await collect('tag-release', 'production'),
    ]);
    expect(json).not.toContain('9f3c2a7d1e8b4c6a5f0e9d8c7b6a5f4e');
    expect(json).not.toContain('4f9e2c1b7a8d4e6f');
    const facts = byKey((await collect('tag-release', 'production')).facts);
    expect(facts['config/ci-env/RAILS_MASTER_KEY']?.[0]).toMatchObject({ secret: true });
  });
});

describe('gitlab-ci: anchors, matrices and what is not read', () => {
  it('expands parallel:matrix environments and selects them by the option', async () => {
    const facts = byKey(
      (await collect('odd-pipelines', 'production', { environment: '*-production' })).facts,
    );
    expect(facts['deploys/pipeline/step/deploy']?.[0]).toBe(
      'deploy-regions (eu-production): helm upgrade --install api ./chart --atomic; deploy-regions (us-production): helm upgrade --install api ./chart --atomic',
    );
    expect(facts['deploys/pipeline/step/migrate']?.[0]).toBe('migrate: alembic upgrade head');
  });

  it('resolves an environment named by a variable of the file; names the rest as skips', async () => {
    const result = await collect('odd-pipelines', 'staging');
    expect(byKey(result.facts)['deploys/pipeline/triggers']?.[0]).toEqual(['branch:*', 'schedule']);
    expect(result.skips.map((s) => [s.line, s.reason])).toEqual([
      [
        37,
        "job deploy-unknown: environment `$DEPLOY_TO` uses $DEPLOY_TO, which the files do not define; the job is not counted as any environment's deploy",
      ],
      [42, 'job child: starts a downstream pipeline (trigger:); its jobs are not read'],
      [47, 'job loop-a: extends: loop-a -> loop-b -> loop-a loops or nests more than 11 deep'],
      [51, 'job loop-b: extends: loop-b -> loop-a -> loop-b loops or nests more than 11 deep'],
      [55, 'job no-script: has no script:, so it runs nothing; not counted'],
      [58, 'job wrong-stage: stage release is not in stages: (.pre, build, test, deploy, .post)'],
      [62, 'job not-a-job: expected a mapping, got a string'],
    ]);
  });

  it('waits only for earlier-stage jobs of the same pipeline, and not for optional manual ones', () => {
    const text = [
      'stages: [test, deploy]',
      'mr-tests:',
      '  stage: test',
      '  script: [npm test]',
      '  rules: [{ if: $CI_PIPELINE_SOURCE == "merge_request_event" }]',
      'audit:',
      '  stage: test',
      '  when: manual',
      '  script: [npm audit]',
      'lint:',
      '  stage: test',
      '  script: [npm run lint]',
      'deploy:',
      '  stage: deploy',
      '  environment: production',
      '  script: [kubectl apply -f k8s/]',
      '  rules: [{ if: $CI_COMMIT_TAG }]',
    ].join('\n');
    const steps = extractText(text, 'production')
      .facts.filter((f) => f.key.includes('/step/'))
      .map((f) => f.attribute);
    expect(steps).toEqual(['lint', 'deploy']);
  });

  it('reads a broken file as a skip with its line', () => {
    expect(extractText('deploy:\n  script: [ "unterminated\n', 'production').skips[0]).toMatchObject({
      source: 'gl',
      file: '.gitlab-ci.yml',
      line: 3,
    });
  });

  it('tears nothing down: a stop job is no part of the pipeline', () => {
    const text = 'stop:\n  environment: { name: production, action: stop }\n  script: [helm uninstall api]\n';
    expect(extractText(text, 'production').facts).toEqual([]);
  });
});

describe('an included file that cannot be read', () => {
  it('stops the pipeline instead of reading it without that file', async () => {
    const { mkdtemp, mkdir, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dir = await mkdtemp(path.join(tmpdir(), 'parity-gl-'));
    try {
      await mkdir(path.join(dir, 'ci'));
      await writeFile(
        path.join(dir, '.gitlab-ci.yml'),
        'include:\n  - local: ci/deploy.yml\nbuild:\n  script: [make]\n',
      );
      await writeFile(path.join(dir, 'ci', 'deploy.yml'), 'deploy:\n  script: [make deploy\n');
      const spec = { kind: 'gitlab-ci', id: 'gl', paths: ['.gitlab-ci.yml'], baseDir: dir, options: {} };
      const result = await gitlabCiSource.collect(spec, {} as never, {
        environment: 'production',
        production: false,
        fingerprint: createFingerprinter('k'),
      });
      expect(result.facts).toEqual([]);
      expect(result.skips.map((s) => [s.file, s.reason])).toEqual([
        ['ci/deploy.yml', expect.stringMatching(/^invalid YAML/)],
        ['.gitlab-ci.yml', 'not compared: the pipeline includes ci/deploy.yml, which could not be read'],
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
