import fc from 'fast-check';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Fact } from '../../model/fact.js';
import { createFingerprinter } from '../secrets.js';
import { extractPulumiStack } from './extract.js';
import { pulumiSource } from './index.js';

const fingerprint = createFingerprinter('property-key');
const extract = (text: string) =>
  extractPulumiStack(text, { source: 'p', file: 'Pulumi.x.yaml', fingerprint });

/** Config keys from the sizing vocabulary and beyond, values of any shape, some of them `secure:`. */
const key = fc
  .tuple(
    fc.constantFrom('app', 'aws', 'shop'),
    fc.array(
      fc.constantFrom('api', 'cpu', 'memory', 'min', 'max', 'scaling', 'replicas', 'instance', 'type', 'x'),
      {
        minLength: 1,
        maxLength: 4,
      },
    ),
  )
  .map(([ns, words]) => `${ns}:${words.join('-')}`);
const ciphertext = fc.stringMatching(/^AAAB[A-Za-z0-9+/]{20,40}$/);
const value = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  ciphertext.map((secure) => ({ secure })),
  fc.record({ nested: ciphertext.map((secure) => ({ secure })), n: fc.integer() }),
  fc.constantFrom('2048', '500m', '1Gi', 't3.large', 3, -1, 'auto'),
);
const stack = fc.dictionary(key, value, { maxKeys: 12 });

describe('pulumi properties', () => {
  it('well-formed facts under the declared prefixes; no ciphertext ever leaves', () => {
    fc.assert(
      fc.property(stack, (config) => {
        const text = yaml.dump({ config, encryptionsalt: 'v1:salt' }, { noRefs: true });
        const result = extract(text);
        expect(z.array(Fact).safeParse(result.facts).success).toBe(true);
        for (const f of result.facts)
          expect(pulumiSource.produces.some((p) => f.key.startsWith(p))).toBe(true);
        expect(new Set(result.facts.map((f) => f.key)).size).toBe(result.facts.length);
        const out = JSON.stringify(result);
        for (const m of text.matchAll(/secure: (AAAB\S+)/g)) expect(out).not.toContain(m[1]);
        expect(out).not.toContain('v1:salt');
      }),
      { numRuns: 200 },
    );
  });

  it('any text gives facts or skips with a line, never a throw', () => {
    const yamlish = fc.string({
      unit: fc.constantFrom(...':-[]{},#&*!|>\'"%@`'.split(''), ' ', '\n', 'config', 'secure', 'a:b', '1'),
      maxLength: 200,
    });
    fc.assert(
      fc.property(yamlish, (text) => {
        const result = extract(text);
        for (const s of result.skips) expect(s.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});
