import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutAnywhere, expectInside, lineCount, neverThrows } from '../../test-support/property.js';
import { createFingerprinter } from '../secrets.js';
import { extractDockerfile } from './extract.js';

const dir = new URL('./__fixtures__/', import.meta.url);
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.Dockerfile'))
  .map((f) => readFileSync(new URL(f, dir), 'utf8'));
const input = { source: 'p', file: 'Dockerfile', fingerprint: createFingerprinter('k') };

/** Every fact valid and every line inside the text: odd input may only ever produce skips. */
function check(text: string): void {
  const result = extractDockerfile(text, input);
  expectInside(result, lineCount(text), { factLines: 'required' });
}

const dockerish = fc.stringMatching(
  /^(?:FROM |ARG |ENV |EXPOSE |USER |RUN |<<-?|EOF|\\|`|\$\{|\}|=|"|'|#|# escape=`|\n|\r\n| |AS |[A-Za-z0-9_:.-]{1,6})*$/,
);

describe('extractDockerfile on random and truncated input', () => {
  neverThrows('never throws on Dockerfile-like noise', dockerish, check, 300);

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'grapheme', maxLength: 300 }),
          fc.string({ unit: 'binary-ascii', maxLength: 300 }),
        ),
        (text) => check(text),
      ),
      { numRuns: 200 },
    );
  });

  neverThrows('never throws on fixtures cut anywhere', cutAnywhere(fixtures), check, 300);

  it('stays linear on long continuation chains, many heredocs, long blanks and deep nesting', () => {
    const long = `FROM a\nENV ${Array.from({ length: 20_000 }, (_, i) => `V${i}=${i} \\`).join('\n')}\n`;
    const heredocs = `FROM a\n${'RUN <<EOF\nx\nEOF\n'.repeat(20_000)}`;
    const spaces = ' '.repeat(100_000);
    const odd = [
      `# a=${spaces}x\nFROM a\nENV A ${spaces}x${spaces}\n`,
      `FROM a\nARG A=\nENV B=${'${A:-'.repeat(5_000)}x${'}'.repeat(5_000)}\n`,
    ];
    const started = performance.now();
    expect(extractDockerfile(long, input).facts.length).toBeGreaterThan(20_000);
    extractDockerfile(heredocs, input);
    for (const text of odd) extractDockerfile(text, input);
    // A guard against quadratic work, not a speed target: quadratic on these inputs (20,000 lines,
    // 100,000 spaces) takes minutes; linear takes about a second even on a loaded machine.
    expect(performance.now() - started).toBeLessThan(6000);
  });
});
