import { readdirSync, readFileSync, statSync } from 'node:fs';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { Fact } from '../model/fact.js';
import { Skip } from '../model/snapshot.js';
import type { SourceResult } from '../sources/types.js';

/** Every file below a fixtures folder (subfolders too) as text; `keep` filters on the file name. */
export function fixtureTexts(dir: URL, keep: (name: string) => boolean = () => true): string[] {
  return readdirSync(dir).flatMap((name) => {
    const child = new URL(name, dir);
    if (statSync(child).isDirectory()) return fixtureTexts(new URL(`${name}/`, dir), keep);
    return keep(name) ? [readFileSync(child, 'utf8')] : [];
  });
}

/** Any text, as an extractor might be handed a file that is not its format. */
export function anyText(maxLength = 300): fc.Arbitrary<string> {
  return fc.string({ unit: 'grapheme', maxLength });
}

/** A fixture cut between two random points: truncated files and files starting mid-way. */
export function cutAnywhere(texts: readonly string[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...texts), fc.nat(), fc.nat())
    .map(([text, a, b]) => text.slice(Math.min(a, b) % (text.length + 1), Math.max(a, b)));
}

/** Lines of a text as a line locator counts them (a lone CR ends a line too). */
export function lineCount(text: string): number {
  return text.split(/\r\n|\r|\n/).length;
}

export interface InsideOptions {
  /** Every fact must carry a line (not only: any line it carries is inside). */
  factLines?: 'required' | 'optional';
  /** What to assert of each skip: its line inside the text, its schema, or both. */
  skips?: 'line' | 'schema' | 'both';
}

/** Every fact valid with its line inside the text: odd input may only ever produce skips. */
export function expectInside(result: SourceResult, lines: number, options: InsideOptions = {}): void {
  const { factLines = 'optional', skips = 'line' } = options;
  for (const fact of result.facts) {
    expect(Fact.safeParse(fact).success).toBe(true);
    expect(factLines === 'required' ? fact.origin.line : (fact.origin.line ?? 1)).toBeLessThanOrEqual(lines);
  }
  for (const skip of result.skips) {
    if (skips !== 'line') expect(Skip.safeParse(skip).success).toBe(true);
    if (skips !== 'schema') expect(skip.line ?? 1).toBeLessThanOrEqual(lines);
  }
}

/** One property test: `check` (which asserts) holds for `numRuns` values of `values`. */
export function neverThrows<T>(
  title: string,
  values: fc.Arbitrary<T>,
  check: (value: T) => void,
  numRuns: number,
): void {
  it(title, () => {
    fc.assert(
      fc.property(values, (value) => check(value)),
      { numRuns },
    );
  });
}
