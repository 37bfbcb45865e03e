import { describe, expect, it } from 'vitest';
import { fact } from '../../test-support/facts.js';
import { expectFires, expectSilent } from '../../test-support/rule-cases.js';

const schedule = (value: string) => fact('deploys/cronjob/invoice-run/schedule', value);

describe('deploys rules on CronJobs (fires, and stays silent where staging matches)', () => {
  it('deploys.cronjob-missing: a job production runs and staging does not; silent when both run it, on other schedules', () => {
    const found = expectFires('deploys.cronjob-missing', [schedule('0 3 * * *')], []);
    expect(found.map((d) => d.message)).toEqual(['CronJob invoice-run (0 3 * * *) runs in production only']);
    expectSilent('deploys.cronjob-missing', [schedule('0 3 * * *')], [schedule('0 * * * *')]);
  });

  it('deploys.cronjob-schedule-differs: another schedule; silent on a job one side only runs (told by cronjob-missing)', () => {
    expectFires('deploys.cronjob-schedule-differs', [schedule('0 3 * * *')], [schedule('0 * * * *')]);
    expectSilent('deploys.cronjob-schedule-differs', [schedule('0 3 * * *')], [schedule('0 3 * * *')]);
    expectSilent('deploys.cronjob-schedule-differs', [schedule('0 3 * * *')], []);
  });
});
