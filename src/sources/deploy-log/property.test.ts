import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyText, cutAnywhere, expectInside, neverThrows } from '../../test-support/property.js';
import { environmentSelection } from '../github-actions/environments.js';
import { extractDeployLog } from './extract.js';

const dir = new URL('./__fixtures__/', import.meta.url);
const fixtures = readdirSync(dir).map((f) => readFileSync(new URL(f, dir), 'utf8'));

function check(text: string, format: 'auto' | 'jsonl' | 'csv' = 'auto'): void {
  const result = extractDeployLog([{ file: 'log', text }], {
    source: 'p',
    selection: environmentSelection('production'),
    fields: {},
    format,
  });
  expectInside(result, text.split(/\r?\n/).length, { skips: 'both' });
}

const logish = fc.stringMatching(
  /^(?:\{|\}|"environment"|"production"|"start"|"end"|"duration"|:|,|"2026-10-05T09:10:00Z"|"4m"|1791192600|\n|"|environment,start,end|production|2026-10-05 09:10|PT3M|[a-z0-9]{1,4}| )*$/,
);

describe('extractDeployLog on random and truncated input', () => {
  it('never throws on log-like noise', () => {
    fc.assert(
      fc.property(
        logish,
        fc.constantFrom('auto', 'jsonl', 'csv') as fc.Arbitrary<'auto' | 'jsonl' | 'csv'>,
        (text, format) => check(text, format),
      ),
      { numRuns: 300 },
    );
  });

  neverThrows('never throws on arbitrary text', anyText(), (text) => check(text), 200);
  neverThrows('never throws on fixtures cut anywhere', cutAnywhere(fixtures), (text) => check(text), 200);

  it('stays fast on 20,000 deploys that all overlap and on very long lines', () => {
    const start = Date.UTC(2026, 0, 1);
    const rows = Array.from({ length: 20_000 }, (_, i) =>
      JSON.stringify({
        environment: 'production',
        start: new Date(start + i * 1000).toISOString(),
        duration: 600,
      }),
    );
    const started = performance.now();
    check(rows.join('\n'));
    check(`environment,start\n${'x'.repeat(200_000)}\n`);
    check(`{"start": "${'9'.repeat(100_000)}"}`);
    expect(performance.now() - started).toBeLessThan(1500);
  });
});
