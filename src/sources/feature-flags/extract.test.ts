import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createFingerprinter } from '../secrets.js';
import { extractFeatureFlags, type FlagsInput } from './extract.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const input = (file: string, extra: Partial<FlagsInput> = {}): FlagsInput => ({
  source: 'flags',
  file,
  fingerprint: createFingerprinter('k'),
  ...extra,
});
const read = (name: string, extra: Partial<FlagsInput> = {}) =>
  extractFeatureFlags(fixture(name), input(name, extra));
const brief = (result: ReturnType<typeof read>) => result.facts.map((f) => [f.key, f.value, f.origin.line]);

describe('flagd flag definitions', () => {
  it('reads state, default variant, rollout and targeting, with $ref resolved and the line of each', () => {
    const result = read('shop/production/flags.flagd.json');
    expect(result.skips).toEqual([]);
    expect(brief(result)).toEqual([
      ['config/flag/new-checkout/state', 'enabled', 5],
      ['config/flag/new-checkout/default-variant', 'off = false', 10],
      ['config/flag/new-checkout/rollout', 5, 11],
      ['config/flag/new-checkout/targeting', 'sha256:fcbbf437f685 (167 chars)', 11],
      ['config/flag/search-backend/state', 'enabled', 26],
      ['config/flag/search-backend/default-variant', 'elastic = "elasticsearch"', 31],
      ['config/flag/dark-mode/state', 'disabled', 34],
      ['config/flag/dark-mode/default-variant', 'off = false', 39],
      ['config/flag/beta-banner/state', 'enabled', 42],
      ['config/flag/beta-banner/default-variant', 'off = false', 47],
      [
        'config/flag/beta-banner/targeting',
        '{"if":[{"in":[{"var":"country"},["DE","FR","NL"]]},"on","off"]}',
        48,
      ],
      ['config/flag/order-rate-limits/state', 'enabled', 53],
      ['config/flag/order-rate-limits/default-variant', 'strict = {"burst":100,"rps":50}', 58],
    ]);
    expect(result.facts.find((f) => f.attribute === 'rollout')).toMatchObject({
      unit: '%',
      compare: 'exact',
    });
  });

  it('gives the same targeting to splits that differ only in weights, key order and whitespace', () => {
    const prod = read('shop/production/flags.flagd.json').facts;
    const stg = read('shop/staging/flags.flagd.json').facts;
    const value = (facts: typeof prod, key: string) => facts.find((f) => f.key === key)?.value;
    expect(value(stg, 'config/flag/new-checkout/rollout')).toBe(100);
    expect(value(stg, 'config/flag/new-checkout/targeting')).toBe(
      value(prod, 'config/flag/new-checkout/targeting'),
    );
    expect(value(stg, 'config/flag/order-rate-limits/default-variant')).toBe(
      value(prod, 'config/flag/order-rate-limits/default-variant'),
    );
  });

  it('reads YAML definitions, with relative weights as a percent', () => {
    expect(brief(read('flagd-flags.yaml'))).toEqual([
      ['config/flag/invoice-pdf-v2/state', 'enabled', 4],
      ['config/flag/invoice-pdf-v2/default-variant', 'on = true', 8],
      ['config/flag/currency-rounding/state', 'enabled', 10],
      ['config/flag/currency-rounding/default-variant', 'commercial = "half-up"', 14],
      ['config/flag/currency-rounding/rollout', 25, 15],
      [
        'config/flag/currency-rounding/targeting',
        '{"fractional":[["bankers","%rollout"],["commercial","%rollout"]]}',
        15,
      ],
    ]);
  });

  it('names what it cannot read or derive, and keeps the rest of the flag', () => {
    const result = read('flagd-odd-definitions.json');
    expect(result.skips.map((s) => [s.line, s.reason])).toEqual([
      [9, 'flag "bad-state": expected state ENABLED or DISABLED'],
      [16, 'flag "unknown-default": defaultVariant "maybe" is not one of the variants (on, off)'],
      [
        27,
        'flag "missing-evaluator": targeting $ref names no $evaluators entry (or a cycle): no-such-evaluator',
      ],
      [
        33,
        'flag "two-splits": targeting has 2 fractional splits: no single rollout; compared as targeting only',
      ],
      [
        45,
        'flag "computed-weight": a fractional bucket with a computed or negative weight is not supported; compared as targeting only',
      ],
      [53, 'flag "not-an-object": expected an object with state, variants and defaultVariant'],
    ]);
    // Targeting read but not compared leaves its flag unknown (the dimension cannot say parity).
    expect(result.skips.filter((s) => s.key).map((s) => s.key)).toEqual(['config/flag/missing-evaluator']);
    const keys = result.facts.map((f) => [f.key, f.value]);
    expect(keys).toContainEqual(['config/flag/lowercase-state/state', 'enabled']);
    expect(keys).toContainEqual(['config/flag/code-default/default-variant', null]);
    // A three-colour split: the share that does not get the default, weights kept as percents.
    expect(keys).toContainEqual(['config/flag/colour-split/rollout', 50]);
    expect(keys).toContainEqual([
      'config/flag/colour-split/targeting',
      '{"fractional":[{"var":"sessionId"},["red",50],["green",25],["blue",25]]}',
    ]);
    expect(keys.some(([k]) => String(k).startsWith('config/flag/missing-evaluator/targeting'))).toBe(false);
    expect(keys.some(([k]) => String(k).startsWith('config/flag/two-splits/rollout'))).toBe(false);
  });

  it('keeps planted secrets out of facts and skips, in variants and in targeting', () => {
    const result = read('secrets-planted.json');
    const json = JSON.stringify(result);
    for (const planted of ['PLANTEDsecret', 'PLANTEDtoken', 'PLANTEDdbpass'])
      expect(json).not.toContain(planted);
    expect(brief(result)).toEqual([
      ['config/flag/payment-gateway/state', 'enabled', 4],
      [
        'config/flag/payment-gateway/default-variant',
        'live = {"apiKey":"sk_live_****","url":"https://gateway.example"}',
        9,
      ],
      [
        'config/flag/payment-gateway/targeting',
        '{"if":[{"==":[{"var":"token"},"(secret)"]},"mock","live"]}',
        10,
      ],
      ['config/flag/report-db/state', 'enabled', 15],
      [
        'config/flag/report-db/default-variant',
        'primary = "postgres://report:****@reports.db.internal:5432/reports"',
        17,
      ],
    ]);
  });

  it('skips documents that are no flag file, and invalid ones with their line', () => {
    const result = read('not-a-flag-file.yaml');
    expect(result.facts).toEqual([]);
    expect(result.skips.map((s) => [s.line, s.reason.split(':')[0]])).toEqual([
      [13, 'invalid JSON or YAML'],
      [1, 'not a flag file'],
      [8, 'not a flag file'],
    ]);
  });

  it('reads a forced format even when detection would not, and says when the shape does not fit', () => {
    const text = '{"flags": {"a": true}}';
    expect(
      extractFeatureFlags(text, input('f.json', { format: 'map' })).facts.map((f) => [f.key, f.value]),
    ).toEqual([['config/flag/a/state', 'enabled']]);
    expect(extractFeatureFlags(text, input('f.json', { format: 'flagd' })).skips).toEqual([
      {
        source: 'flags',
        file: 'f.json',
        line: 1,
        reason: 'flag "a": expected an object with state, variants and defaultVariant',
      },
    ]);
    expect(extractFeatureFlags('[1]', input('f.json', { format: 'unleash' })).skips[0]?.reason).toBe(
      'expected the unleash format: an object at the top',
    );
  });

  it('keeps the first definition of a flag and names the later one', () => {
    const seen = new Map<string, string>();
    const first = extractFeatureFlags('flags:\n  a: true\n', input('one.yaml', { seen }));
    const second = extractFeatureFlags('flags:\n  a: false\n', input('two.yaml', { seen }));
    expect(first.facts.map((f) => f.value)).toEqual(['enabled']);
    expect(second).toEqual({
      facts: [],
      skips: [
        {
          source: 'flags',
          file: 'two.yaml',
          line: 2,
          reason: 'flag "a" is defined again (first at one.yaml:2); the first definition is kept',
        },
      ],
    });
  });

  it('escapes a slash in a flag key so the key keeps its shape', () => {
    const facts = extractFeatureFlags('{"checkout/new": true}', input('f.json')).facts;
    expect(facts.map((f) => [f.key, f.subject, f.attribute])).toEqual([
      ['config/flag/checkout%2Fnew/state', 'checkout%2Fnew', 'state'],
    ]);
  });
});
