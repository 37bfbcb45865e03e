import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Fact } from '../../model/fact.js';
import { createFingerprinter } from '../secrets.js';
import { extractHelmValues } from './extract.js';

const fingerprint = createFingerprinter('property-key');
const FIXTURES = new URL('./__fixtures__/', import.meta.url);
const fixtureTexts = ['.', 'shop']
  .flatMap((dir) =>
    readdirSync(new URL(`${dir}/`, FIXTURES), { withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => readFileSync(new URL(`${dir}/${d.name}`, FIXTURES), 'utf8')),
  )
  .filter((text) => text.length > 0);

function extract(...texts: string[]) {
  return extractHelmValues(
    texts.map((text, i) => ({ file: `values-${i}.yaml`, text })),
    { source: 'helm', fingerprint, workload: 'api' },
  );
}

const Facts = z.array(Fact);

function wellFormed(result: ReturnType<typeof extract>): void {
  // One schema check per run: per-fact expect() calls would cost more than the extraction.
  if (!Facts.safeParse(result.facts).success) expect(result.facts).toEqual('well-formed facts');
  if (result.skips.some((s) => s.reason === '')) expect(result.skips).toEqual('skips with reasons');
  if (new Set(result.facts.map((f) => f.key)).size !== result.facts.length) {
    expect(result.facts.map((f) => f.key)).toEqual('unique keys');
  }
}

/** Text made of YAML's own punctuation finds more parser corners than arbitrary characters. */
const yamlish = fc.string({
  unit: fc.constantFrom(
    ...':-[]{},#&*!|>\'"%@`<'.split(''),
    ' ',
    '  ',
    '\n',
    '\t',
    'a',
    'env',
    '1',
    'replicaCount',
  ),
  maxLength: 200,
});

/** Values-shaped trees: the conventions' keys with anything at all below them. */
const values = fc.dictionary(
  fc.constantFrom(
    'replicaCount',
    'replicas',
    'image',
    'resources',
    'autoscaling',
    'env',
    'extraEnv',
    'worker',
    'global',
    'config',
    'a/b',
    'x.y',
  ),
  fc.oneof(
    fc.anything({ maxDepth: 2 }),
    fc.record({
      replicaCount: fc.anything({ maxDepth: 2 }),
      image: fc.anything({ maxDepth: 2 }),
      env: fc.anything({ maxDepth: 2 }),
    }),
    fc.record({ requests: fc.anything(), limits: fc.anything() }),
    fc.record({ enabled: fc.anything(), minReplicas: fc.anything(), maxReplicas: fc.anything() }),
    fc.array(fc.record({ name: fc.anything(), value: fc.anything(), valueFrom: fc.anything() })),
  ),
);

describe('helm values extract: properties', () => {
  it('never throws on random text, and gives well-formed facts', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), yamlish, (a, b) => {
        wellFormed(extract(a, b));
        wellFormed(extract(b));
      }),
      { numRuns: 60 },
    );
  });

  it('never throws on values-shaped trees, merged in any order', () => {
    fc.assert(
      fc.property(values, values, (a, b) => {
        const dump = (v: unknown) => yaml.dump(v, { skipInvalid: true });
        wellFormed(extract(dump(a), dump(b)));
        wellFormed(extract(JSON.stringify(a) ?? '', JSON.stringify(b) ?? ''));
      }),
      { numRuns: 50 },
    );
  });

  it('never throws on truncated fixtures', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...fixtureTexts),
        fc.nat(),
        fc.constantFrom(...fixtureTexts),
        (text, cut, other) => {
          wellFormed(extract(other, text.slice(0, cut % (text.length + 1))));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('never shows a value planted under a secret name, at any depth or in any list', () => {
    const planted = fc.stringMatching(/^[A-Za-z0-9]{12,24}$/).map((s) => `PLANTED${s}`);
    fc.assert(
      fc.property(
        planted,
        fc.array(fc.constantFrom('a', 'config', 'redis', 'env', 'worker', 'users'), { maxLength: 4 }),
        fc.constantFrom('password', 'apiToken', 'DB_PASSWORD', 'secretKey', 'clientSecret'),
        fc.boolean(),
        (secret, parents, name, inList) => {
          let node: unknown = inList ? [{ name: 'x', [name]: secret }] : { [name]: secret };
          for (const parent of [...parents].reverse()) node = { [parent]: node };
          const result = extract(yaml.dump(node));
          expect(JSON.stringify(result)).not.toContain(secret);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('stays fast on pathological input', () => {
    const started = performance.now();
    extract(`a: "${'{'.repeat(60_000)}"\n`);
    extract(`${'a:\n '.repeat(3_000)}b: 1\n`);
    extract(`list: ${'['.repeat(5_000)}${']'.repeat(5_000)}\n`);
    expect(performance.now() - started).toBeLessThan(1500);
  });
});
