import { describe, expect, it } from 'vitest';
import type { FactValue } from '../../model/fact.js';
import { fact } from '../../test-support/facts.js';
import { expectFires, expectSilent } from '../../test-support/rule-cases.js';

const flag = (attr: string, value: FactValue) =>
  fact(`config/flag/new-checkout/${attr}`, value, attr === 'rollout' ? { unit: '%' } : {});
const state = (v: string) => flag('state', v);

describe('feature-flag rules (fires; silent on the near miss)', () => {
  it('config.flag-missing: a flag production defines; silent when staging defines it with fewer attributes', () => {
    const found = expectFires('config.flag-missing', [state('enabled'), flag('rollout', 5)], []);
    expect(found.map((d) => d.key)).toEqual(['config/flag/new-checkout/state']);
    // Staging defines the flag, without a rollout: the rollout's story, not a missing flag.
    expectSilent('config.flag-missing', [state('enabled'), flag('rollout', 5)], [state('enabled')]);
  });

  it('config.flag-state-differs: enabled against disabled; silent when the state matches and the rollout does not', () => {
    expectFires('config.flag-state-differs', [state('enabled')], [state('disabled')]);
    expectSilent(
      'config.flag-state-differs',
      [state('enabled'), flag('rollout', 5)],
      [state('enabled'), flag('rollout', 100)],
    );
  });

  it('config.flag-default-differs: another default variant; silent when the state differs too (told by it)', () => {
    const variant = (v: string) => flag('default-variant', v);
    expectFires(
      'config.flag-default-differs',
      [state('enabled'), variant('on')],
      [state('enabled'), variant('off')],
    );
    expectSilent(
      'config.flag-default-differs',
      [state('enabled'), variant('on')],
      [state('disabled'), variant('off')],
    );
  });

  it('config.flag-rollout-differs: 5% against 100%; silent when the state differs too', () => {
    const found = expectFires(
      'config.flag-rollout-differs',
      [state('enabled'), flag('rollout', 5)],
      [state('enabled'), flag('rollout', 100)],
    );
    expect(found.map((d) => d.detail)).toEqual([{ baselinePercent: 5, candidatePercent: 100 }]);
    expectSilent(
      'config.flag-rollout-differs',
      [state('enabled'), flag('rollout', 5)],
      [state('disabled'), flag('rollout', 100)],
    );
  });

  it('config.flag-targeting-differs: other rules; silent on targeting one side only that comes with a split (the rollout tells it)', () => {
    const targeting = (v: string) => flag('targeting', v);
    expectFires(
      'config.flag-targeting-differs',
      [state('enabled'), targeting('{"in":["country","NL"]}')],
      [state('enabled'), targeting('{"in":["country","DE"]}')],
    );
    expectSilent(
      'config.flag-targeting-differs',
      [state('enabled'), flag('rollout', 5), targeting('{"fractional":[50,50]}')],
      [state('enabled')],
    );
  });
});
