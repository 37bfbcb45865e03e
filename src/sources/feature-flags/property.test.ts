import { readdirSync, readFileSync, statSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Fact } from '../../model/fact.js';
import { createFingerprinter } from '../secrets.js';
import { extractFeatureFlags } from './extract.js';

const dir = new URL('./__fixtures__/', import.meta.url);
function texts(folder: URL): string[] {
  return readdirSync(folder).flatMap((name) => {
    const url = new URL(name, folder);
    return statSync(url).isDirectory() ? texts(new URL(`${name}/`, folder)) : [readFileSync(url, 'utf8')];
  });
}
const fixtures = texts(dir);
const formats = [undefined, 'flagd', 'unleash', 'map'] as const;

/** Every fact valid and every line inside the text: odd input may only ever produce skips. */
function check(text: string, format: (typeof formats)[number]): void {
  const result = extractFeatureFlags(text, {
    source: 'p',
    file: 'flags.json',
    fingerprint: createFingerprinter('k'),
    environmentHint: 'production',
    ...(format ? { format } : {}),
  });
  const lines = text.split(/\r\n|\r|\n/).length;
  for (const fact of result.facts) {
    expect(Fact.safeParse(fact).success).toBe(true);
    expect(fact.origin.line).toBeLessThanOrEqual(lines);
  }
  for (const skip of result.skips) expect(skip.line ?? 1).toBeLessThanOrEqual(lines);
}

/** JSON values shaped like flag files: the keys every reader looks for, at any depth. */
const flagish = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(
      'ENABLED',
      'DISABLED',
      'on',
      'off',
      'sk_live_abcdefgh123',
      '25',
      null,
      true,
      false,
      0,
      100,
      Number.POSITIVE_INFINITY,
    ),
    fc.string({ maxLength: 8 }),
    fc.double(),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.constantFrom(
        'flags',
        'state',
        'variants',
        'defaultVariant',
        'targeting',
        'fractional',
        '$ref',
        '$evaluators',
        'var',
        'features',
        'name',
        'enabled',
        'strategies',
        'strategy',
        'parameters',
        'rollout',
        'percentage',
        'constraints',
        'variants',
        'environments',
        'featureEnvironments',
        'featureStrategies',
        'featureName',
        'environment',
        'strategyName',
        'disabled',
        'sortOrder',
        'on',
        'off',
        'a',
      ),
      tie('value'),
      { maxKeys: 5 },
    ),
  ),
})).value;

describe('extractFeatureFlags on random and truncated input', () => {
  it('never throws on flag-shaped JSON in any format', () => {
    fc.assert(
      fc.property(flagish, fc.constantFrom(...formats), (value, format) =>
        check(JSON.stringify(value) ?? '', format),
      ),
      { numRuns: 250 },
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.constantFrom(...formats), check),
      { numRuns: 200 },
    );
  });

  it('never throws on fixtures cut anywhere', () => {
    const cuts = fc.tuple(fc.constantFrom(...fixtures), fc.nat(), fc.nat(), fc.constantFrom(...formats));
    fc.assert(
      fc.property(cuts, ([text, a, b, format]) =>
        check(text.slice(Math.min(a, b) % (text.length + 1), Math.max(a, b)), format),
      ),
      { numRuns: 300 },
    );
  });

  it('stays fast on deep nesting, self-referencing evaluators and thousands of flags', () => {
    const deep = `{"flags":{"a":{"state":"ENABLED","variants":{"on":true},"defaultVariant":"on","targeting":${'{"if":['.repeat(500)}1${']}'.repeat(500)}}}}`;
    // Each evaluator names the next twice: 2^18 nodes once expanded, well inside the depth limit.
    const refs = JSON.stringify({
      flags: {
        a: { state: 'ENABLED', variants: { on: true }, defaultVariant: 'on', targeting: { $ref: 'e0' } },
      },
      $evaluators: Object.fromEntries(
        Array.from({ length: 19 }, (_, i) => [
          `e${i}`,
          i === 18 ? true : { and: [{ $ref: `e${i + 1}` }, { $ref: `e${i + 1}` }] },
        ]),
      ),
    });
    const many = JSON.stringify({
      flags: Object.fromEntries(
        Array.from({ length: 5_000 }, (_, i) => [
          `flag-${i}`,
          {
            state: 'ENABLED',
            variants: { on: true, off: false },
            defaultVariant: 'off',
            targeting: {
              fractional: [
                ['on', i % 100],
                ['off', 100 - (i % 100)],
              ],
            },
          },
        ]),
      ),
    });
    // No timing assertion (machines are noisy): the test's own timeout catches a hang.
    const input = { source: 'p', file: 'f.json', fingerprint: createFingerprinter('k') };
    expect(extractFeatureFlags(deep, input).skips.map((s) => s.reason)).toEqual([
      'invalid JSON or YAML: nesting exceeded maxDepth (100)',
    ]);
    expect(extractFeatureFlags(refs, input).skips.map((s) => s.reason)).toEqual([
      'flag "a": targeting is more than 100000 nodes once its $refs are expanded',
    ]);
    const cycle = refs
      .replace('"e18":true', '"e18":{"$ref":"e0"}')
      .replace('{"and":[{"$ref":"e1"},{"$ref":"e1"}]}', '{"$ref":"e18"}');
    expect(extractFeatureFlags(cycle, input).skips.map((s) => s.reason)).toEqual([
      'flag "a": targeting $ref names no $evaluators entry (or a cycle): e0',
    ]);
    expect(extractFeatureFlags(many, input).facts.length).toBe(20_000);
  });
});
