import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Fact } from '../../model/fact.js';
import { extractEnvRefs } from './extract.js';
import { EXTENSIONS, type Language } from './languages.js';

const root = fileURLToPath(new URL('./__fixtures__/polyglot-service/', import.meta.url));
const fixtures = (readdirSync(root, { recursive: true }) as string[])
  .map((f) => ({ file: f, language: EXTENSIONS[path.extname(f)] }))
  .filter((f): f is { file: string; language: Language } => f.language !== undefined)
  .map((f) => ({ text: readFileSync(path.join(root, f.file), 'utf8'), language: f.language }));
const languages = [...new Set(Object.values(EXTENSIONS))];

function check(text: string, language: Language): void {
  const result = extractEnvRefs(text, { source: 'p', file: 'f', language });
  const lines = text.split('\n').length;
  for (const fact of result.facts) {
    expect(Fact.safeParse(fact).success).toBe(true);
    expect(fact.origin.line).toBeLessThanOrEqual(lines);
  }
}

// Fragments of every pattern, so random input reaches deep into each matcher.
const fragment = fc.constantFrom(
  'process.env',
  'import.meta.env',
  'Bun.env',
  'Deno.env.get(',
  'os.environ',
  'environ',
  '.get(',
  'getenv(',
  'os.Getenv(',
  'os.LookupEnv(',
  'ENV',
  '.fetch',
  'System.getenv(',
  'env::var(',
  'const {',
  '} = ',
  '.',
  '[',
  ']',
  '(',
  ')',
  '{',
  '}',
  "'",
  '"',
  '`',
  '${',
  ',',
  ' ',
  '\n',
  '//',
  '#',
  '/*',
  '*/',
  '||',
  '??',
  '=',
  '==',
  '!',
  'A_1',
  'X',
  '...',
  'do',
  '?:',
  '.unwrap_or(',
  '\\',
);
const noise = fc.array(fragment, { maxLength: 60 }).map((parts) => parts.join(''));

describe('extractEnvRefs on random and truncated input', () => {
  it('never throws on pattern-shaped noise in any language', () => {
    fc.assert(
      fc.property(noise, fc.constantFrom(...languages), (text, language) => check(text, language)),
      {
        numRuns: 400,
      },
    );
  });

  it('never throws on arbitrary text', () => {
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 300 }),
      fc.string({ unit: 'binary-ascii', maxLength: 300 }),
    );
    fc.assert(
      fc.property(text, fc.constantFrom(...languages), (t, language) => check(t, language)),
      { numRuns: 200 },
    );
  });

  it('never throws on fixtures cut anywhere', () => {
    const cut = fc.tuple(fc.constantFrom(...fixtures), fc.nat(), fc.nat());
    fc.assert(
      fc.property(cut, ([f, a, b]) =>
        check(f.text.slice(Math.min(a, b) % (f.text.length + 1), Math.max(a, b)), f.language),
      ),
      { numRuns: 300 },
    );
  });

  it('stays fast on a minified one-line file and on unclosed brackets', () => {
    const minified = `var a=1;${'x=process.env.K_1||"d";/* c */'.repeat(30_000)}`;
    const unclosed = `${'process.env[ '.repeat(5_000)}\n${'const { A, '.repeat(5_000)}\n${"os.getenv('".repeat(5_000)}`;
    const started = performance.now();
    expect(extractEnvRefs(minified, { source: 'p', file: 'f', language: 'js' }).facts).toHaveLength(1);
    extractEnvRefs(unclosed, { source: 'p', file: 'f', language: 'js' });
    extractEnvRefs(unclosed, { source: 'p', file: 'f', language: 'python' });
    expect(performance.now() - started).toBeLessThan(1500);
  });
});
