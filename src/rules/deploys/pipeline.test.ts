import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Fact } from '../../model/fact.js';
import { extractDeployLog } from '../../sources/deploy-log/extract.js';
import { environmentSelection } from '../../sources/github-actions/environments.js';
import { extractGithubActions } from '../../sources/github-actions/extract.js';
import { createFingerprinter } from '../../sources/secrets.js';
import { brief, compareRules } from '../../test-support/compare.js';
import { fact } from '../../test-support/facts.js';
import { genericRules } from '../../test-support/rule-cases.js';
import { deploysPipelineRules } from './pipeline.js';

function compare(production: Fact[], staging: Fact[]) {
  return compareRules(production, staging, { rules: [...deploysPipelineRules, ...genericRules] }).divergences;
}
const step = (check: string, value: string) =>
  fact(`deploys/pipeline/step/${check}`, value, { compare: 'presence' });

describe('deploys pipeline rules on hand-built facts', () => {
  it('names migrations missing from staging as high, and a missing gate as medium', () => {
    const ds = compare(
      [
        step('migrate', 'deploy: Migrate'),
        step('approval', 'approve: trstringer/manual-approval'),
        step('deploy', 'deploy: helm'),
      ],
      [step('deploy', 'deploy: helm')],
    );
    expect(brief(ds)).toEqual([
      ['deploys.pipeline-step-missing', 'deploys/pipeline/step/migrate', 'only-baseline', 'high'],
      ['deploys.pipeline-gate-differs', 'deploys/pipeline/step/approval', 'only-baseline', 'medium'],
    ]);
    expect(ds[0]!.message).toBe(
      "migrate runs in production's pipeline (deploy: Migrate) and not in staging's: migrations are first run against production",
    );
    expect(ds[1]!.message).toBe(
      "production's deploys wait for a manual approval (approve: trstringer/manual-approval); staging's do not",
    );
  });

  it('says which side is unverified when only staging smoke-tests its deploys', () => {
    const ds = compare([], [step('smoke-test', 'deploy: Smoke test')]);
    expect(brief(ds)).toEqual([
      ['deploys.pipeline-step-missing', 'deploys/pipeline/step/smoke-test', 'only-candidate', 'high'],
    ]);
    expect(ds[0]!.message).toBe(
      "smoke-test runs in staging's pipeline (deploy: Smoke test) and not in production's: production deploys are not verified once they are out",
    );
  });

  it('judges triggers and concurrency that differ', () => {
    const ds = compare(
      [
        fact('deploys/pipeline/triggers', ['manual', 'tag:v*'], { compare: 'set' }),
        fact('deploys/pipeline/concurrency', 'none'),
      ],
      [
        fact('deploys/pipeline/triggers', ['branch:main'], { compare: 'set' }),
        fact('deploys/pipeline/concurrency', 'queue'),
      ],
    );
    expect(brief(ds)).toEqual([
      ['deploys.concurrency-differs', 'deploys/pipeline/concurrency', 'differs', 'medium'],
      ['deploys.triggers-differ', 'deploys/pipeline/triggers', 'differs', 'low'],
    ]);
    expect(ds[1]!.message).toBe(
      'deploy triggers: production manual, tag:v*, staging branch:main (production only: manual, tag:v*; staging only: branch:main)',
    );
  });

  it('flags a production cadence ten times staging’s, and overlaps staging never has', () => {
    const cadence = (perWeek: number, overlaps: number) => [
      fact('deploys/cadence/deploys-per-week', perWeek, { unit: 'deploys/week' }),
      fact('deploys/cadence/overlapping-deploys', overlaps, { unit: 'deploys' }),
      fact('deploys/cadence/median-duration-s', perWeek, { unit: 's' }),
    ];
    const ds = compare(cadence(69.4, 8), cadence(5.3, 0));
    expect(brief(ds)).toEqual([
      ['deploys.cadence-differs', 'deploys/cadence/deploys-per-week', 'differs', 'medium'],
      ['deploys.cadence-differs', 'deploys/cadence/overlapping-deploys', 'differs', 'low'],
    ]);
    expect(ds[0]!.message).toBe(
      'production deploys 69.4 times a week, staging 5.3 (13x): most production deploys were never rehearsed in staging',
    );
    expect(brief(compare(cadence(20, 0), cadence(5, 0)))).toEqual([]);
  });
});

const gha = new URL('../../sources/github-actions/__fixtures__/tag-promotion/', import.meta.url);
const workflows = readdirSync(gha).map((file) => ({ file, text: readFileSync(new URL(file, gha), 'utf8') }));
function pipelineOf(environment: string): Fact[] {
  const input = {
    source: 'ci',
    fingerprint: createFingerprinter('k'),
    selection: environmentSelection(environment),
  };
  return extractGithubActions(workflows, input).facts;
}

const log = readFileSync(
  new URL('../../sources/deploy-log/__fixtures__/deploys-all-environments.jsonl', import.meta.url),
  'utf8',
);
function deploysOf(environment: string): Fact[] {
  const input = {
    source: 'log',
    selection: environmentSelection(environment),
    fields: {},
    format: 'auto' as const,
  };
  return extractDeployLog([{ file: 'deploys.jsonl', text: log }], input).facts;
}

describe('deploys rules on the fixtures: a tag-promoted production against a main-branch staging', () => {
  it('reports what staging does not rehearse, most severe first', () => {
    const reindex = fact('deploys/cronjob/search-reindex/schedule', '30 2 * * *');
    const report = fact('deploys/cronjob/nightly-report/schedule', '0 4 * * *');
    const ds = compare(
      [...pipelineOf('production'), ...deploysOf('production'), reindex, report],
      [...pipelineOf('staging'), ...deploysOf('staging'), reindex, report],
    );
    expect(brief(ds).filter(([rule]) => String(rule).startsWith('deploys.'))).toEqual([
      ['deploys.pipeline-step-missing', 'deploys/pipeline/step/migrate', 'only-candidate', 'high'],
      ['deploys.pipeline-step-missing', 'deploys/pipeline/step/smoke-test', 'only-candidate', 'high'],
      ['deploys.cadence-differs', 'deploys/cadence/deploys-per-week', 'differs', 'medium'],
      ['deploys.overlap-with-jobs', 'deploys/cadence/during-cronjobs', 'differs', 'medium'],
      ['deploys.pipeline-gate-differs', 'deploys/pipeline/step/approval', 'only-baseline', 'medium'],
      ['deploys.pipeline-gate-differs', 'deploys/pipeline/step/canary', 'only-baseline', 'medium'],
      ['deploys.pipeline-step-missing', 'deploys/pipeline/step/rollout', 'only-candidate', 'medium'],
      ['deploys.pipeline-step-missing', 'deploys/pipeline/step/test', 'only-candidate', 'medium'],
      ['deploys.cadence-differs', 'deploys/cadence/overlapping-deploys', 'differs', 'low'],
      ['deploys.pipeline-step-missing', 'deploys/pipeline/step/security-scan', 'only-baseline', 'low'],
      ['deploys.triggers-differ', 'deploys/pipeline/triggers', 'differs', 'low'],
    ]);
    const overlap = ds.find((d) => d.rule === 'deploys.overlap-with-jobs')!;
    // The 02:26 hotfixes meet the 02:30 reindex; the 04:00 report never meets a deploy.
    expect(overlap.message).toBe(
      "8 of production's last 252 deploys ran while a scheduled job was running (search-reindex); none of staging's 20 did",
    );
    expect(overlap.baseline).toMatchObject({
      value: 8,
      origin: { source: 'log', file: 'deploys.jsonl', line: 1 },
    });
    expect(overlap.candidate?.value).toBe(0);
    expect(JSON.stringify(ds)).not.toContain('ghp_R8x2mQ7vLk3NpZ9sT4wY6bJ1cF5hD0aE8gU2');
  });

  it('leaves staging alone when its deploys meet its jobs too, and skips suspended jobs', () => {
    const reindex = fact('deploys/cronjob/search-reindex/schedule', '30 2 * * *');
    const suspended = fact('deploys/cronjob/search-reindex/suspend', true);
    const atNight = fact('deploys/schedule/nightly/cron', ['0 11 * * *'], { compare: 'set' });
    const rule = (ds: ReturnType<typeof compare>) => ds.filter((d) => d.rule === 'deploys.overlap-with-jobs');
    expect(rule(compare([...deploysOf('production'), reindex], [...deploysOf('staging'), atNight]))).toEqual(
      [],
    );
    expect(rule(compare([...deploysOf('production'), reindex, suspended], deploysOf('staging')))).toEqual([]);
  });
});
