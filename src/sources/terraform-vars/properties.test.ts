import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Fact } from '../../model/fact.js';
import { createFingerprinter } from '../secrets.js';
import { extractTfvars } from './extract.js';
import { HclError, parseTfvars } from './hcl.js';
import { terraformVarsSource } from './index.js';

/** Constant HCL values: what a tfvars file holds. */
const value: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string({ maxLength: 20 }),
    fc.integer({ min: -1e6, max: 1e6 }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(fc.stringMatching(/^[a-z_][a-z0-9_-]{0,8}$/), tie('v'), { maxKeys: 4 }),
  ),
})).v;
const name = fc.stringMatching(/^[a-z_][a-z0-9_]{0,12}$/);

/** HCL text for a value, the way people write it: strings escaped, maps on lines, lists inline. */
function hcl(v: unknown, indent = ''): string {
  if (typeof v === 'string') return JSON.stringify(v).replace(/([$%])\{/g, (_, c: string) => `${c}${c}{`);
  if (v === null || typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return `[${v.map((x) => hcl(x, indent)).join(', ')}]`;
  const inner = `${indent}  `;
  const lines = Object.entries(v).map(([k, x]) => `${inner}${JSON.stringify(k)} = ${hcl(x, inner)}`);
  return `{\n${lines.join('\n')}\n${indent}}`;
}

describe('tfvars properties', () => {
  it('what is written is what is read back', () => {
    fc.assert(
      fc.property(fc.dictionary(name, value, { maxKeys: 6 }), (vars) => {
        const text = Object.entries(vars)
          .map(([k, v]) => `${k} = ${hcl(v)}`)
          .join('\n');
        const doc = parseTfvars(text);
        expect(Object.fromEntries(doc.attributes.map((a) => [a.name, a.value]))).toEqual(vars);
      }),
      { numRuns: 300 },
    );
  });

  it('any text is read or refused with a line, never a crash; facts well-formed and under the declared prefixes', () => {
    const text = fc.string({
      unit: fc.constantFrom(
        ...'={}[]",:#/*<-$%\\'.split(''),
        ' ',
        '\n',
        'a',
        'EOT',
        '1',
        'true',
        'cpu',
        'min_size',
      ),
      maxLength: 200,
    });
    fc.assert(
      fc.property(text, (t) => {
        try {
          parseTfvars(t);
        } catch (error) {
          expect(error).toBeInstanceOf(HclError);
          expect((error as HclError).line).toBeGreaterThan(0);
          expect((error as HclError).line).toBeLessThanOrEqual(t.split('\n').length);
        }
        const result = extractTfvars([{ file: 'x.tfvars', text: t }], {
          source: 's',
          fingerprint: createFingerprinter('k'),
          workload: 'w',
          sensitive: new Set(),
        });
        expect(z.array(Fact).safeParse(result.facts).success).toBe(true);
        for (const f of result.facts)
          expect(terraformVarsSource.produces.some((p) => f.key.startsWith(p))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
