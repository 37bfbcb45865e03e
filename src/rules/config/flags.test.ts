import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Fact } from '../../model/fact.js';
import { extractFeatureFlags } from '../../sources/feature-flags/extract.js';
import { createFingerprinter } from '../../sources/secrets.js';
import { briefWithMessage, compareRules } from '../../test-support/compare.js';
import { fact } from '../../test-support/facts.js';
import { genericRules } from '../../test-support/rule-cases.js';
import { flagRules } from './flags.js';

function compare(baseline: Fact[], candidate: Fact[]) {
  return compareRules(baseline, candidate, { rules: [...flagRules, ...genericRules] }).divergences;
}

const brief = briefWithMessage;
const rollout = (flag: string, value: number) => fact(`config/flag/${flag}/rollout`, value, { unit: '%' });

describe('flag rules', () => {
  it('reports a flag defined on one side once, whatever attributes it has', () => {
    const d = compare(
      [
        fact('config/flag/new-checkout/state', 'enabled'),
        fact('config/flag/new-checkout/default-variant', 'off = false'),
        rollout('new-checkout', 5),
      ],
      [fact('config/flag/legacy-search/targeting', '{"in":[1,2]}')],
    );
    expect(brief(d)).toEqual([
      [
        'config.flag-missing',
        'config/flag/legacy-search/targeting',
        'only-candidate',
        'medium',
        'flag legacy-search is defined in staging only (targeting {"in":[1,2]}); production\'s SDK falls back to the default in code',
      ],
      [
        'config.flag-missing',
        'config/flag/new-checkout/state',
        'only-baseline',
        'medium',
        "flag new-checkout is defined in production only (state enabled); staging's SDK falls back to the default in code",
      ],
    ]);
  });

  it('reports a state difference alone, not the default, rollout and targeting behind it', () => {
    const d = compare(
      [
        fact('config/flag/dark-mode/state', 'disabled'),
        fact('config/flag/dark-mode/default-variant', 'off = false'),
        rollout('dark-mode', 10),
      ],
      [
        fact('config/flag/dark-mode/state', 'enabled'),
        fact('config/flag/dark-mode/default-variant', 'on = true'),
        rollout('dark-mode', 100),
        fact('config/flag/dark-mode/targeting', '{"fractional":[]}'),
      ],
    );
    expect(brief(d)).toEqual([
      [
        'config.flag-state-differs',
        'config/flag/dark-mode/state',
        'differs',
        'medium',
        'flag dark-mode: production disabled, staging enabled',
      ],
    ]);
  });

  it('names a partial rollout as two code paths running at once, and the default it serves', () => {
    const d = compare(
      [
        fact('config/flag/new-checkout/state', 'enabled'),
        fact('config/flag/new-checkout/default-variant', 'off = false'),
        rollout('new-checkout', 5),
      ],
      [
        fact('config/flag/new-checkout/state', 'enabled'),
        fact('config/flag/new-checkout/default-variant', 'on = true'),
        rollout('new-checkout', 100),
      ],
    );
    expect(brief(d)).toEqual([
      [
        'config.flag-default-differs',
        'config/flag/new-checkout/default-variant',
        'differs',
        'medium',
        'flag new-checkout default: production off = false, staging on = true',
      ],
      [
        'config.flag-rollout-differs',
        'config/flag/new-checkout/rollout',
        'differs',
        'low',
        'flag new-checkout rollout: production 5%, staging 100% — production runs both code paths at once; staging never mixes them',
      ],
    ]);
    expect(d[1]!.detail).toEqual({ baselinePercent: 5, candidatePercent: 100 });
  });

  it('says a split exists on one side only once, as a rollout, and reports targeting that differs', () => {
    const d = compare(
      [
        fact('config/flag/a/state', 'enabled'),
        rollout('a', 20),
        fact('config/flag/a/targeting', '{"fractional":[["on","%rollout"],["off","%rollout"]]}'),
        fact('config/flag/b/state', 'enabled'),
        fact('config/flag/b/targeting', '{"in":["DE","FR"]}'),
      ],
      [
        fact('config/flag/a/state', 'enabled'),
        fact('config/flag/b/state', 'enabled'),
        fact('config/flag/b/targeting', '{"in":["DE"]}'),
      ],
    );
    expect(brief(d)).toEqual([
      [
        'config.flag-rollout-differs',
        'config/flag/a/rollout',
        'only-baseline',
        'low',
        'flag a rollout: production 20%, staging no percentage split — production runs both code paths at once; staging never mixes them',
      ],
      [
        'config.flag-targeting-differs',
        'config/flag/b/targeting',
        'differs',
        'low',
        'flag b targeting: production {"in":["DE","FR"]}, staging {"in":["DE"]}',
      ],
    ]);
  });

  it('finds every difference between the shop fixtures, each once', () => {
    const read = (env: string) =>
      extractFeatureFlags(
        readFileSync(
          new URL(`../../sources/feature-flags/__fixtures__/shop/${env}/flags.flagd.json`, import.meta.url),
          'utf8',
        ),
        { source: 'flags', file: `${env}/flags.flagd.json`, fingerprint: createFingerprinter('k') },
      ).facts;
    const d = compare(read('production'), read('staging'));
    expect(d.map((x) => [x.rule, x.key, x.candidate?.origin.line])).toEqual([
      ['config.flag-state-differs', 'config/flag/dark-mode/state', 34],
      ['config.flag-missing', 'config/flag/recommendations-v2/state', 61],
      ['config.flag-default-differs', 'config/flag/search-backend/default-variant', 31],
      ['config.flag-targeting-differs', 'config/flag/beta-banner/targeting', 48],
      ['config.flag-rollout-differs', 'config/flag/new-checkout/rollout', 11],
    ]);
  });
});
