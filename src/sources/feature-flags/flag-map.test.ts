import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createFingerprinter } from '../secrets.js';
import { extractFeatureFlags } from './extract.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const input = { source: 'map', file: 'flags.yaml', fingerprint: createFingerprinter('k') };

describe('homemade flag maps', () => {
  it('reads booleans, on/off words, value flags, nested groups and {enabled, rollout} objects', () => {
    const result = extractFeatureFlags(fixture('flags-map.yaml'), input);
    expect(result.facts.map((f) => [f.key, f.value, f.origin.line])).toEqual([
      ['config/flag/new_checkout/state', 'enabled', 3],
      ['config/flag/dark_mode/state', 'disabled', 4],
      ['config/flag/search_backend/state', 'enabled', 5],
      ['config/flag/search_backend/default-variant', 'elastic', 5],
      ['config/flag/max_cart_items/state', 'enabled', 6],
      ['config/flag/max_cart_items/default-variant', '50', 6],
      ['config/flag/checkout.express_pay/state', 'disabled', 8],
      ['config/flag/checkout.apple_pay/state', 'enabled', 9],
      ['config/flag/gift_cards/state', 'enabled', 11],
      ['config/flag/gift_cards/rollout', 20, 12],
      ['config/flag/gift_cards/targeting', '{"allowed_countries":["NL","DE"]}', 10],
    ]);
    expect(result.skips).toEqual([
      {
        source: 'map',
        file: 'flags.yaml',
        line: 15,
        reason: 'flag "coupons": expected a boolean, string or number, or {enabled, rollout}',
      },
    ]);
  });

  it('reads a JSON map without a wrapper, and fingerprints a secret-looking value', () => {
    const text =
      '{\n  "beta": "on",\n  "payments_key": "sk_live_PLANTEDmapSecret123456",\n  "legacy": false\n}\n';
    const result = extractFeatureFlags(text, { ...input, file: 'flags.json' });
    expect(JSON.stringify(result)).not.toContain('PLANTEDmapSecret');
    expect(
      result.facts.map((f) => [f.key, typeof f.value === 'object' ? 'secret' : f.value, f.origin.line]),
    ).toEqual([
      ['config/flag/beta/state', 'enabled', 2],
      ['config/flag/payments_key/state', 'enabled', 3],
      ['config/flag/payments_key/default-variant', 'secret', 3],
      ['config/flag/legacy/state', 'disabled', 4],
    ]);
  });

  it('names a rollout that is no percentage and an object without a usable enabled', () => {
    const text = 'flags:\n  a:\n    enabled: maybe\n    rollout: 150\n  b: true\n';
    expect(extractFeatureFlags(text, input).skips.map((s) => [s.line, s.reason])).toEqual([
      [3, 'flag "a": expected "enabled" to be true or false'],
      [4, 'flag "a": rollout 150 is not a percentage 0-100'],
    ]);
  });

  it('does not take a manifest or a list-bearing file for a flag map', () => {
    const manifest = 'apiVersion: v1\nkind: ConfigMap\ndata:\n  enabled: "true"\n';
    const compose = 'services:\n  web:\n    ports: ["80:80"]\n    tty: true\n';
    for (const text of [manifest, compose]) {
      const result = extractFeatureFlags(text, input);
      expect(result.facts).toEqual([]);
      expect(result.skips.map((s) => s.reason.slice(0, 15))).toEqual(['not a flag file']);
    }
  });
});
