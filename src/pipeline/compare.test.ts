import { describe, expect, it } from 'vitest';
import { createFingerprinter, secretValue } from '../sources/secrets.js';
import { brief as briefDivergences, COMPARE_SETTINGS, compareRules } from '../test-support/compare.js';
import { fact, snapshotOf } from '../test-support/facts.js';
import { type CompareSettings, compareSnapshots } from './compare.js';

const settings: CompareSettings = {
  ...COMPARE_SETTINGS,
  rename: [{ match: /-(stg|staging)$/, replace: '' }],
};

function compare(
  baseline: ReturnType<typeof fact>[],
  candidate: ReturnType<typeof fact>[],
  extra: Partial<CompareSettings> = {},
) {
  return compareRules(baseline, candidate, { ...settings, ...extra });
}

const brief = (c: ReturnType<typeof compare>) => briefDivergences(c.divergences);

describe('compareSnapshots', () => {
  it('pairs renamed workloads and flags a single replica against six', () => {
    const c = compare(
      [
        fact('infra/workload/checkout/kind', 'Deployment'),
        fact('infra/workload/checkout/replicas', 6, { compare: 'scaled', scale: 'replicas' }),
      ],
      [
        fact('infra/workload/checkout-stg/kind', 'Deployment'),
        fact('infra/workload/checkout-stg/replicas', 1, { compare: 'scaled', scale: 'replicas' }),
      ],
    );
    expect(brief(c)).toEqual([
      ['infra.single-replica', 'infra/workload/checkout/replicas', 'out-of-scale', 'high'],
    ]);
    expect(c.divergences[0]!.message).toBe('checkout replicas: production 6, staging 1');
  });

  it('accepts replicas within the declared scale and flags them outside it', () => {
    const replicas = (n: number) =>
      fact('infra/workload/api/replicas', n, { compare: 'scaled', scale: 'replicas' });
    expect(brief(compare([replicas(20)], [replicas(4)]))).toEqual([]);
    expect(brief(compare([replicas(20)], [replicas(20)]))).toEqual([
      ['infra.replicas-out-of-scale', 'infra/workload/api/replicas', 'out-of-scale', 'medium'],
    ]);
  });

  it('names a longer staging timeout as high, with both durations', () => {
    const c = compare(
      [fact('config/env/checkout/PAYMENT_TIMEOUT_MS', '5000')],
      [fact('config/env/checkout-stg/PAYMENT_TIMEOUT_MS', '30000')],
    );
    expect(brief(c)).toEqual([
      ['config.timeout-differs', 'config/env/checkout/PAYMENT_TIMEOUT_MS', 'differs', 'high'],
    ]);
    expect(c.divergences[0]!.message).toBe(
      'PAYMENT_TIMEOUT_MS (checkout): production 5000 (5 s), staging 30000 (30 s) — staging waits 6x longer',
    );
  });

  it('flags debug on in staging, and an env var staging lacks', () => {
    const c = compare(
      [fact('config/env/api/DEBUG', 'false'), fact('config/env/api/FEATURE_X', 'on')],
      [fact('config/env/api/DEBUG', 'true')],
    );
    expect(brief(c)).toEqual([
      ['config.debug-enabled', 'config/env/api/DEBUG', 'differs', 'high'],
      ['config.env-missing', 'config/env/api/FEATURE_X', 'only-baseline', 'medium'],
    ]);
  });

  it('reports a code-required variable once, by the scan, wherever each side sets it', () => {
    const ref = fact('config/code-ref/FRAUD_CHECK_URL', 'required', {
      compare: 'presence',
      file: 'src/pay.ts',
      line: 3,
    });
    const c = compare([ref, fact('config/env/checkout/FRAUD_CHECK_URL', 'https://fraud')], [ref]);
    expect(brief(c)).toEqual([
      ['config.env-required-missing', 'config/code-ref/FRAUD_CHECK_URL', 'only-baseline', 'high'],
    ]);
    expect(c.divergences[0]!.message).toBe(
      'FRAUD_CHECK_URL is read by src/pay.ts:3 and set only in production',
    );
    // Set in staging through a dotenv file (unscoped key): no divergence.
    expect(
      brief(
        compare(
          [ref, fact('config/env/checkout/FRAUD_CHECK_URL', 'a')],
          [ref, fact('config/env/FRAUD_CHECK_URL', 'b')],
        ),
      ),
    ).toEqual([]);
  });

  it('detects a shared secret by fingerprint and never exposes it', () => {
    const fp = createFingerprinter('test-key');
    const planted = 'correct-horse-battery-staple-42';
    const c = compare(
      [
        fact('access/secret/checkout-db/password', secretValue(planted, fp), {
          compare: 'presence',
          file: 'production/secret.yaml',
        }),
      ],
      [
        fact('access/secret/checkout-db-stg/password', secretValue(planted, fp), {
          compare: 'presence',
          file: 'staging/secret.yaml',
        }),
      ],
    );
    expect(brief(c)).toEqual([
      ['access.secret-shared', 'access/secret/checkout-db/password', 'shared', 'critical'],
    ]);
    expect(JSON.stringify(c)).not.toContain(planted);
  });

  it('does not call one line of a base file both environments include a shared secret', () => {
    const fp = createFingerprinter('test-key');
    const fromBase = () =>
      fact('config/env/DB_PASSWORD', secretValue('base-file-value', fp), {
        file: 'base/values.yaml',
        line: 12,
      });
    expect(brief(compare([fromBase()], [fromBase()]))).toEqual([]);
  });

  it('does not call two lines of one file both environments read a shared secret, across keys', () => {
    // Field trial (MythicaAI/jungle-ams): automation/genai/Dockerfile, read for every environment,
    // has `ARG HF_AUTHTOKEN=replaceme` (line 10) and `ENV HF_TOKEN=${HF_AUTHTOKEN}` (line 68): the
    // same value under two keys, the same two lines on both sides. It was a CRITICAL.
    const fp = createFingerprinter('test-key');
    const dockerfile = () => [
      fact('config/build-arg/HF_AUTHTOKEN', secretValue('replaceme', fp), { file: 'Dockerfile', line: 10 }),
      fact('config/env/HF_TOKEN', secretValue('replaceme', fp), { file: 'Dockerfile', line: 68 }),
    ];
    expect(
      brief(compare(dockerfile(), dockerfile())).filter(([rule]) => rule === 'access.secret-shared'),
    ).toEqual([]);
    // Each environment's own file holding the same value is shared, whatever else both read.
    const own = (file: string) =>
      fact('config/env/api/HF_TOKEN', secretValue('replaceme', fp), { file, line: 3 });
    expect(
      brief(
        compare([...dockerfile(), own('.env.production')], [...dockerfile(), own('.env.staging')]),
      ).filter(([rule]) => rule === 'access.secret-shared'),
    ).toHaveLength(1);
  });

  it('does not claim shared secrets across different fingerprint keys', () => {
    const s = secretValue('same', createFingerprinter('k'));
    const base = snapshotOf(
      'production',
      [fact('access/secret/db/password', s, { compare: 'presence' })],
      undefined,
      'k1',
    );
    const cand = snapshotOf(
      'staging',
      [fact('access/secret/db/password', s, { compare: 'presence' })],
      undefined,
      'k2',
    );
    expect(compareSnapshots(base, cand, settings).comparison.divergences).toEqual([]);
  });

  it('reports a one-sided workload once, not each of its facts', () => {
    const c = compare(
      [
        fact('infra/workload/fraud/kind', 'Deployment'),
        fact('infra/workload/fraud/replicas', 2, { compare: 'scaled', scale: 'replicas' }),
        fact('config/env/fraud/MODEL', 'v3'),
        // Its container's hardening is the workload's too: no access finding of its own.
        fact('access/workload/fraud/container/fraud/allow-privilege-escalation', true),
        fact('access/workload/fraud/container/fraud/read-only-root-fs', false),
        fact('access/workload/fraud/service-account', 'fraud'),
      ],
      [],
    );
    expect(brief(c)).toEqual([
      ['infra.workload-missing', 'infra/workload/fraud/kind', 'only-baseline', 'high'],
    ]);
  });

  it('never calls a dimension parity when no fact of one side pairs with one of the other', () => {
    // Field trial (lianyz/hello-kustomize): namePrefix prod- and staging-, no rename: each side's
    // Deployment is "missing" on the other, its access facts grouped under that, and access said parity.
    const { comparison } = compareSnapshots(
      snapshotOf('production', [
        fact('infra/workload/prod-api/kind', 'Deployment'),
        fact('access/workload/prod-api/automount-token', true),
      ]),
      snapshotOf('staging', [
        fact('infra/workload/staging-api/kind', 'Deployment'),
        fact('access/workload/staging-api/automount-token', true),
      ]),
      settings,
    );
    expect(comparison.dimensions.find((d) => d.dimension === 'access')).toMatchObject({
      status: 'unknown',
      note: expect.stringMatching(/no fact of one side pairs/),
    });
  });

  it('flags shared substrate and ignores disjoint substrate', () => {
    const cluster = (v: string[]) => fact('infra/substrate/cluster', v, { compare: 'set' });
    expect(brief(compare([cluster(['main'])], [cluster(['main'])]))).toEqual([
      ['infra.shared-substrate', 'infra/substrate/cluster', 'shared', 'high'],
    ]);
    expect(brief(compare([cluster(['prod'])], [cluster(['staging'])]))).toEqual([]);
  });

  it('marks a dimension unknown when a side has no source for it, and judges nothing there', () => {
    const base = snapshotOf('production', [fact('data/table/orders/rows', 10)], ['data', 'config']);
    const cand = snapshotOf('staging', [], ['config']);
    const { comparison } = compareSnapshots(base, cand, settings);
    const data = comparison.dimensions.find((d) => d.dimension === 'data')!;
    expect(data).toMatchObject({ status: 'unknown', note: 'only production has facts for it' });
    expect(comparison.dimensions.find((d) => d.dimension === 'traffic')).toMatchObject({
      status: 'unknown',
      note: 'no source covers it',
    });
    expect(comparison.dimensions.find((d) => d.dimension === 'config')).toMatchObject({ status: 'parity' });
    expect(comparison.divergences).toEqual([]);
  });

  it('keeps a dimension unknown when only derived evidence covers it and found nothing', () => {
    const derivedOnly = (env: string) => ({
      ...snapshotOf(env, [fact('config/env/api/PORT', '8080')], ['config']),
      coverage: [
        { source: 'test', kind: 'test', dimensions: ['config' as const], facts: 1 },
        { source: 'config (derived)', kind: 'derived', dimensions: ['observability' as const], facts: 0 },
      ],
    });
    const { comparison } = compareSnapshots(derivedOnly('production'), derivedOnly('staging'), settings);
    expect(comparison.dimensions.find((d) => d.dimension === 'observability')).toMatchObject({
      status: 'unknown',
      note: 'no source covers it, and the configuration names nothing for it',
    });
  });

  it('applies decisions by rule and key glob, keeps decided ones listed, and lets expired ones fire', () => {
    const b = [fact('config/env/api/LOG_LEVEL', 'info'), fact('config/env/api/RETRIES', '3')];
    const c = [fact('config/env/api/LOG_LEVEL', 'warn'), fact('config/env/api/RETRIES', '0')];
    const { comparison, usedDecisions } = compareSnapshots(
      snapshotOf('production', b),
      snapshotOf('staging', c),
      {
        ...settings,
        decisions: [
          {
            rule: 'config.env-value-differs',
            key: 'config/env/*/LOG_LEVEL',
            decision: 'accept',
            reason: 'QA',
            line: 30,
          },
          {
            key: 'config/env/**/RETRIES',
            decision: 'eliminate',
            reason: 'fix it',
            expires: '2026-11-21',
            line: 36,
          },
          { rule: 'data.*', decision: 'accept', reason: 'unused', line: 40 },
        ],
      },
    );
    expect(comparison.divergences.map((d) => [d.key, d.decision?.decision, d.decision?.expired])).toEqual([
      ['config/env/api/RETRIES', 'eliminate', true],
      ['config/env/api/LOG_LEVEL', 'accept', false],
    ]);
    expect(comparison.dimensions.find((d) => d.dimension === 'config')).toMatchObject({
      status: 'drift',
      undecided: 1,
      decided: 1,
    });
    expect([...usedDecisions].sort()).toEqual([0, 1]);
  });

  it('reports memory out of scale with humanised units', () => {
    const mem = (v: number) =>
      fact('infra/workload/api/container/app/memory-limit', v, {
        compare: 'scaled',
        scale: 'resources',
        unit: 'bytes',
      });
    const c = compare([mem(2 * 1024 ** 3)], [mem(512 * 1024 ** 2)]);
    expect(c.divergences[0]!.message).toBe(
      'api/app memory-limit: production 2 GiB, staging 512 MiB (expected ~2 GiB at resources scale 1)',
    );
  });
});
