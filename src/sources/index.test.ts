import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DIMENSIONS } from '../model/dimension.js';
import { sources } from './index.js';

const here = new URL('./', import.meta.url);
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('the source registry', () => {
  it('registers every source folder (none forgotten)', () => {
    const folders = readdirSync(here, { withFileTypes: true })
      .filter((d) => d.isDirectory() && !d.name.startsWith('_') && !d.name.startsWith('__'))
      .map((d) => d.name)
      .sort();
    expect(Object.keys(sources).sort()).toEqual(folders);
  });

  for (const [kind, source] of Object.entries(sources)) {
    describe(kind, () => {
      it('has its kind as its id, a one-line description and declared dimensions', () => {
        expect(source.kind).toBe(kind);
        expect(source.description.length).toBeGreaterThan(10);
        expect(source.description).not.toContain('\n');
        expect(source.dimensions.length).toBeGreaterThan(0);
        for (const d of source.dimensions) expect(DIMENSIONS).toContain(d);
      });

      it('declares the fact-key prefixes it produces, each under a dimension', () => {
        expect(source.produces.length).toBeGreaterThan(0);
        for (const prefix of source.produces) {
          expect(prefix).toMatch(/^[a-z]+\/([a-z-]+\/)*$/);
          expect(DIMENSIONS).toContain(prefix.split('/')[0]);
        }
      });

      it('has index.ts, extract.ts, a test and fixtures in its folder', () => {
        const dir = new URL(`./${kind}/`, here);
        expect(existsSync(new URL('index.ts', dir))).toBe(true);
        expect(existsSync(new URL('extract.ts', dir))).toBe(true);
        const files = readdirSync(dir);
        expect(files.some((f) => f.endsWith('.test.ts'))).toBe(true);
        expect(readdirSync(new URL('__fixtures__/', dir)).length).toBeGreaterThan(0);
      });

      it('is listed in the README', () => {
        expect(readme).toContain(`\`${kind}\``);
      });
    });
  }
});
