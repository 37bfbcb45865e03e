import { describe, expect, it } from 'vitest';
import type { FactValue } from '../../model/fact.js';
import { fact } from '../../test-support/facts.js';
import { expectFires, expectSilent } from '../../test-support/rule-cases.js';

const step = (name: string, value: FactValue = 'deploy.yml') => fact(`deploys/pipeline/step/${name}`, value);
const perWeek = (v: number) => fact('deploys/cadence/deploys-per-week', v);
const windows = (...w: string[]) => fact('deploys/log/windows', w, { compare: 'set' });
const nightly = fact('deploys/cronjob/nightly-report/schedule', '0 2 * * *');

describe('deploys rules on pipelines and cadence (fires; silent on the near miss)', () => {
  it('deploys.pipeline-gate-differs: an approval production waits for; silent when both have one, named differently', () => {
    expectFires('deploys.pipeline-gate-differs', [step('approval', 'environment: production')], []);
    expectSilent(
      'deploys.pipeline-gate-differs',
      [step('approval', 'environment: production')],
      [step('approval', 'environment: staging')],
    );
  });

  it('deploys.pipeline-step-missing: migrations staging never runs; silent on a gate (told by the gate rule)', () => {
    const found = expectFires('deploys.pipeline-step-missing', [step('migrate')], []);
    expect(found.map((d) => d.severity)).toEqual(['high']);
    expectSilent('deploys.pipeline-step-missing', [step('canary', 'argo-rollouts')], []);
  });

  it('deploys.triggers-differ: a manual trigger in production only; silent on the same set reordered', () => {
    const triggers = (v: string[]) => fact('deploys/pipeline/triggers', v, { compare: 'set' });
    expectFires(
      'deploys.triggers-differ',
      [triggers(['push:main', 'workflow_dispatch'])],
      [triggers(['push:main'])],
    );
    expectSilent(
      'deploys.triggers-differ',
      [triggers(['push:main', 'workflow_dispatch'])],
      [triggers(['workflow_dispatch', 'push:main'])],
    );
  });

  it('deploys.concurrency-differs: cancel against queue; silent when set on one side only (the fallback tells it)', () => {
    const concurrency = (v: string) => fact('deploys/pipeline/concurrency', v);
    const found = expectFires(
      'deploys.concurrency-differs',
      [concurrency('deploy, cancel-in-progress')],
      [concurrency('deploy, queue')],
    );
    expect(found.map((d) => d.severity)).toEqual(['medium']);
    expectSilent('deploys.concurrency-differs', [concurrency('deploy, cancel-in-progress')], []);
  });

  it('deploys.cadence-differs: 69 deploys a week against 5; silent under ten times as many', () => {
    expectFires('deploys.cadence-differs', [perWeek(69)], [perWeek(5)]);
    expectSilent('deploys.cadence-differs', [perWeek(40)], [perWeek(5)]);
  });

  it('deploys.overlap-with-jobs: production deploys during its nightly job, staging never; silent when the job is suspended', () => {
    const during = windows('2026-11-20T02:05:00Z/2026-11-20T02:10:00Z');
    const daytime = windows('2026-11-20T10:00:00Z/2026-11-20T10:05:00Z');
    expectFires('deploys.overlap-with-jobs', [nightly, during], [nightly, daytime]);
    const suspended = fact('deploys/cronjob/nightly-report/suspend', true);
    expectSilent('deploys.overlap-with-jobs', [nightly, suspended, during], [nightly, suspended, daytime]);
  });

  it('deploys.setting-differs: a pipeline setting no rule owns; silent where staging was read in part', () => {
    const runner = (v: string) => fact('deploys/pipeline/runner', v);
    const found = expectFires('deploys.setting-differs', [runner('self-hosted')], [runner('ubuntu-latest')]);
    expect(found.map((d) => d.title)).toEqual(['A deploys setting differs or exists on one side only']);
    expectSilent('deploys.setting-differs', [runner('self-hosted')], [], {}, { candidate: 'partial' });
  });
});
