import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createFingerprinter } from '../secrets.js';
import { extractFeatureFlags, type FlagsInput } from './extract.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const read = (name: string, extra: Partial<FlagsInput> = {}) =>
  extractFeatureFlags(fixture(name), {
    source: 'unleash',
    file: name,
    fingerprint: createFingerprinter('k'),
    ...extra,
  });
const brief = (result: ReturnType<typeof read>) => result.facts.map((f) => [f.key, f.value, f.origin.line]);

describe('Unleash exports', () => {
  it('reads a client API export: enabled, the rollout of one strategy, targeting without ids', () => {
    const result = read('unleash-client-features.json');
    const facts = brief(result);
    expect(facts.slice(0, 3)).toEqual([
      ['config/flag/checkout.express-pay/state', 'enabled', 7],
      ['config/flag/checkout.express-pay/rollout', 25, 12],
      ['config/flag/checkout.express-pay/targeting', 'sha256:70d31650a394 (192 chars)', 12],
    ]);
    expect(facts).toContainEqual(['config/flag/ops.maintenance-banner/state', 'disabled', 37]);
    // No strategy at all: every SDK serves it to everyone.
    expect(facts).toContainEqual(['config/flag/ops.always-on/rollout', 100, 43]);
    // Unleash 3's single `strategy` field.
    expect(facts).toContainEqual(['config/flag/legacy.single-strategy/rollout', 30, 48]);
    expect(facts).toContainEqual([
      'config/flag/legacy.single-strategy/targeting',
      '{"strategies":[{"name":"gradualRolloutRandom"}]}',
      48,
    ]);
    expect(facts.some(([k]) => String(k).includes('archived'))).toBe(false);
    expect(result.skips.map((s) => [s.line, s.reason])).toEqual([
      [67, 'expected a feature with a "name"'],
      [
        63,
        'feature "users.beta-testers": 2 strategies share the decision: no single rollout; compared as targeting only',
      ],
    ]);
  });

  it('picks the environment named like the Parity environment from a multi-environment state export', () => {
    const production = brief(read('unleash-state-export-v4.json', { environmentHint: 'production' }));
    const staging = brief(read('unleash-state-export-v4.json', { environmentHint: 'staging' }));
    expect(production).toEqual([
      ['config/flag/checkout.express-pay/state', 'enabled', 68],
      ['config/flag/checkout.express-pay/rollout', 5, 11],
      [
        'config/flag/checkout.express-pay/targeting',
        '{"strategies":[{"name":"flexibleRollout","parameters":{"groupId":"checkout.express-pay","stickiness":"default"}}]}',
        11,
      ],
      ['config/flag/catalog.new-search/state', 'enabled', 70],
      ['config/flag/catalog.new-search/rollout', 100, 41],
      [
        'config/flag/catalog.new-search/targeting',
        '{"strategies":[{"constraints":[{"contextName":"appName","operator":"IN","values":["storefront"]}],"name":"default"}]}',
        41,
      ],
    ]);
    expect(staging.map(([k, v]) => [k, v])).toEqual([
      ['config/flag/checkout.express-pay/state', 'enabled'],
      ['config/flag/checkout.express-pay/rollout', 100],
      [
        'config/flag/checkout.express-pay/targeting',
        '{"strategies":[{"name":"flexibleRollout","parameters":{"groupId":"checkout.express-pay","stickiness":"default"}}]}',
      ],
      ['config/flag/catalog.new-search/state', 'disabled'],
      ['config/flag/catalog.new-search/rollout', 100],
      ['config/flag/ops.staging-only-debug/state', 'enabled'],
      ['config/flag/ops.staging-only-debug/rollout', 100],
    ]);
  });

  it('prefers the unleashEnvironment option, and names an environment the export lacks', () => {
    const chosen = read('unleash-state-export-v4.json', {
      unleashEnvironment: 'staging',
      environmentHint: 'production',
    });
    expect(chosen.facts.find((f) => f.key === 'config/flag/checkout.express-pay/rollout')?.value).toBe(100);
    expect(read('unleash-state-export-v4.json', { unleashEnvironment: 'qa' })).toEqual({
      facts: [],
      skips: [
        {
          source: 'unleash',
          file: 'unleash-state-export-v4.json',
          line: 1,
          reason: 'unleashEnvironment "qa" is not in this export (it holds: production, staging)',
        },
      ],
    });
    expect(read('unleash-state-export-v4.json', { environmentHint: 'qa' }).skips[0]?.reason).toBe(
      'the export holds several Unleash environments (production, staging): set unleashEnvironment to choose one',
    );
  });

  it('reads the admin API shape with environments inside each feature', () => {
    expect(
      brief(read('unleash-admin-feature-environments.json', { unleashEnvironment: 'production' })),
    ).toEqual([
      ['config/flag/payments.3ds-v2/state', 'enabled', 15],
      ['config/flag/payments.3ds-v2/rollout', 50, 17],
      ['config/flag/payments.3ds-v2/targeting', 'sha256:58ce57be2fb4 (193 chars)', 17],
    ]);
    expect(
      brief(read('unleash-admin-feature-environments.json', { unleashEnvironment: 'development' })),
    ).toEqual([
      ['config/flag/payments.3ds-v2/state', 'enabled', 10],
      ['config/flag/payments.3ds-v2/rollout', 100, 11],
    ]);
  });

  it('names feature dependencies it does not compare', () => {
    const text =
      '{\n  "features": [{ "name": "child", "enabled": true, "strategies": [] }],\n  "dependencies": [{ "feature": "child", "dependencies": [{ "feature": "parent" }] }]\n}';
    const result = extractFeatureFlags(text, {
      source: 'u',
      file: 'u.json',
      fingerprint: createFingerprinter('k'),
    });
    expect(result.skips).toEqual([
      {
        source: 'u',
        file: 'u.json',
        line: 3,
        reason: 'feature dependencies (parent flags) are not compared; each feature is read on its own',
      },
    ]);
    expect(result.facts.map((f) => f.key)).toEqual(['config/flag/child/state', 'config/flag/child/rollout']);
  });

  it('names a rollout that is not a percentage, and keeps variant payload secrets out', () => {
    const text = JSON.stringify({
      features: [
        {
          name: 'f',
          enabled: true,
          strategies: [{ name: 'flexibleRollout', parameters: { rollout: 'half' } }],
        },
        {
          name: 'g',
          enabled: true,
          strategies: [{ name: 'default' }],
          variants: [{ name: 'a', weight: 1, payload: { value: 'pg://u:PLANTEDpayload@db' } }],
        },
      ],
    });
    const result = extractFeatureFlags(text, {
      source: 'u',
      file: 'u.json',
      fingerprint: createFingerprinter('k'),
    });
    expect(result.skips.map((s) => s.reason)).toEqual([
      'feature "f": flexibleRollout rollout "half" is not a percentage 0-100',
    ]);
    expect(JSON.stringify(result)).not.toContain('PLANTEDpayload');
    expect(result.facts.find((f) => f.attribute === 'targeting')?.value).toBe(
      '{"strategies":[{"name":"flexibleRollout","parameters":{"rollout":"half"}}]}',
    );
    expect(result.facts.find((f) => f.key === 'config/flag/g/targeting')?.value).toBe(
      '{"strategies":[{"name":"default"}],"variants":[{"name":"a","payload":{"value":"pg://u:****@db"},"weight":1}]}',
    );
  });
});
