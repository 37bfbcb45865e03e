import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasLongRun, redactDeep, redactOutput, redactText } from './redact.js';

// Speed work on the one redaction path (issue 14) must not change what it hides.
describe('redaction shortcuts are the expressions they replace', () => {
  it('hasLongRun is /[A-Za-z0-9_+-]{12}/ on any text', () => {
    const near = fc.string({
      unit: fc.constantFrom('a', 'Z', '9', '_', '+', '-', '/', ' ', '=', 'é'),
      maxLength: 40,
    });
    fc.assert(
      fc.property(fc.oneof(near, fc.string({ maxLength: 40 })), (text) => {
        expect(hasLongRun(text)).toBe(/[A-Za-z0-9_+-]{12}/.test(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('redactDeep redacts every string, keeps an own __proto__ key as a key, and is the same cached or not', () => {
    const token = 'ghp_0123456789abcdefghijABCDEFGHIJ012345';
    const parsed = JSON.parse(`{"__proto__": {"x": "${token}"}, "a": ["${token}", {"b": "plain"}]}`);
    const once = redactDeep(parsed);
    const twice = redactDeep(parsed);
    expect(Object.getPrototypeOf(once)).toBe(Object.prototype);
    expect(Object.keys(once)).toEqual(['__proto__', 'a']);
    expect(JSON.stringify(once)).not.toContain(token);
    expect(JSON.stringify(twice)).toBe(JSON.stringify(once));
    expect(JSON.stringify(once)).toBe(
      JSON.stringify({ a: [redactText(token), { b: 'plain' }] }).replace(
        '{',
        `{"__proto__":{"x":"${redactText(token)}"},`,
      ),
    );
  });
});

describe('redactOutput copies only what changes, and writes what redactDeep would', () => {
  it('is JSON.stringify(redactDeep(JSON.parse(text))) on JSON with and without secrets, __proto__ keys, nesting', () => {
    const token = 'ghp_0123456789abcdefghijABCDEFGHIJ012345';
    const strings = fc.constantFrom(
      'plain',
      token,
      `postgres://u:hunter2x@db/x`,
      'a',
      '__proto__',
      'x'.repeat(20),
    );
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        strings,
        fc.integer(),
        fc.constant(null),
        tie('array'),
        tie('object'),
      ),
      array: fc.array(tie('value'), { maxLength: 4 }),
      // Keys are kept as written (redactDeep's contract): the token is only ever a value here.
      object: fc.dictionary(fc.constantFrom('plain', 'a', '__proto__', 'password'), tie('value'), {
        maxKeys: 4,
      }),
    })).value;
    fc.assert(
      fc.property(json, fc.boolean(), (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined);
        if (!/^\s*[[{]/.test(text)) return;
        const expected = JSON.stringify(redactDeep(JSON.parse(text)), null, pretty ? 2 : undefined);
        expect(redactOutput(text)).toBe(expected);
        expect(redactOutput(text)).not.toContain(token);
      }),
      { numRuns: 500 },
    );
  });
});
