import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyText, cutAnywhere, expectInside, neverThrows } from '../../test-support/property.js';
import { createFingerprinter } from '../secrets.js';
import { environmentSelection } from './environments.js';
import { extractGithubActions } from './extract.js';

const dir = new URL('./__fixtures__/', import.meta.url);
const fixtures = (readdirSync(dir, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.yml'))
  .map((f) => readFileSync(new URL(f, dir), 'utf8'));
const input = (env: string) => ({
  source: 'p',
  fingerprint: createFingerprinter('k'),
  selection: environmentSelection(env),
});

/** Valid facts and skips, lines inside the text: odd input may only ever produce skips. */
function check(texts: string[], env = 'production'): void {
  const files = texts.map((text, i) => ({ file: `.github/workflows/w${i}.yml`, text }));
  const result = extractGithubActions(files, input(env));
  const lines = Math.max(...texts.map((t) => t.split(/\r?\n/).length));
  expectInside(result, lines, { skips: 'schema' });
}

const workflowish = fc.stringMatching(
  /^(?:on:|jobs:| {2}deploy:| {4}environment: | {4}needs: | {4}uses: \.\/w0\.yml| {4}uses: \.\/w1\.yml| {4}with:| {6}environment: | {4}steps:| {6}- run: | {6}- uses: | {6}- if: | {8}env:|\$\{\{ |\}\}|inputs\.env|matrix\.env|production|staging|\[|\]|\{|\}|:|'|"|-|\n| |[a-z]{1,5})*$/,
);

describe('extractGithubActions on random and truncated input', () => {
  neverThrows(
    'never throws on workflow-like noise, alone or calling each other',
    fc.array(workflowish, { minLength: 1, maxLength: 3 }),
    (texts) => check(texts),
    200,
  );
  neverThrows('never throws on arbitrary text', anyText(), (text) => check([text], 'staging'), 150);
  neverThrows('never throws on fixtures cut anywhere', cutAnywhere(fixtures), (text) => check([text]), 200);

  it('stays fast on reusable workflows calling each other in a loop, wide matrices and nested aliases', () => {
    const loop = [
      'on: push\njobs:\n  a:\n    uses: ./.github/workflows/w1.yml\n',
      'on: workflow_call\njobs:\n  b:\n    uses: ./.github/workflows/w0.yml\n',
    ];
    const matrix = `on: push\njobs:\n  d:\n    strategy:\n      matrix:\n        env: [${Array.from({ length: 500 }, (_, i) => `e${i}`).join(', ')}]\n        region: [${Array.from({ length: 500 }, (_, i) => `r${i}`).join(', ')}]\n    environment: \${{ matrix.env }}-\${{ matrix.region }}\n    steps: [{run: make}]\n`;
    const aliases = `on: push\nx0: &a0 [x, x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 12 }, (_, i) => `x${i + 1}: &a${i + 1} [*a${i}, *a${i}, *a${i}, *a${i}, *a${i}, *a${i}, *a${i}, *a${i}, *a${i}, *a${i}]`).join('\n')}\njobs:\n  d:\n    environment: production\n    env: { X: '\${{ secrets.Y }}' }\n    steps: *a12\n`;
    const chain = `on: push\njobs:\n${Array.from({ length: 400 }, (_, i) => `  j${i}:\n    environment: production\n    needs: [j${i + 1}]\n    steps: [{run: npm test}]\n`).join('')}`;
    const started = performance.now();
    check(loop);
    check([matrix]);
    check([aliases]);
    check([chain]);
    expect(performance.now() - started).toBeLessThan(1500);
  });
});
