import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Fact } from '../../model/fact.js';
import { Skip } from '../../model/snapshot.js';
import { anyText, cutAnywhere, neverThrows } from '../../test-support/property.js';
import { environmentSelection } from '../github-actions/environments.js';
import { createFingerprinter } from '../secrets.js';
import { extractGitlabCi } from './extract.js';
import type { IncludeTree } from './merge.js';
import { parseGitlabFile } from './parse.js';

const dir = new URL('./__fixtures__/', import.meta.url);
const fixtures = (readdirSync(dir, { recursive: true }) as string[])
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => readFileSync(new URL(f, dir), 'utf8'));

/** Parses each text as a file including the next: odd input may only ever produce skips. */
function check(texts: string[], env = 'production'): void {
  let tree: IncludeTree | undefined;
  for (const [i, text] of [...texts].reverse().entries()) {
    const { parsed, skips } = parseGitlabFile(text, `f${i}.yml`, 'p');
    for (const skip of skips) expect(Skip.safeParse(skip).success).toBe(true);
    if (parsed) tree = { parsed, includes: tree ? [tree] : [] };
  }
  if (!tree) return;
  const result = extractGitlabCi(tree, {
    source: 'p',
    fingerprint: createFingerprinter('k'),
    selection: environmentSelection(env),
    templates: [{ name: 'Security/SAST.gitlab-ci.yml', file: 'f0.yml', line: 1 }],
  });
  for (const fact of result.facts) expect(Fact.safeParse(fact).success).toBe(true);
  for (const skip of result.skips) expect(Skip.safeParse(skip).success).toBe(true);
}

const gitlabish = fc.stringMatching(
  /^(?:stages:| {2}- |deploy:|\.tpl:| {2}extends: | {2}stage: | {2}environment: | {4}name: | {4}action: stop| {2}script:| {4}- | {2}rules:| {4}- if: |\$CI_COMMIT_TAG|\$CI_COMMIT_BRANCH == "main"| {2}needs: | {2}when: manual|!reference \[\.tpl, script\]|&a|\*a|<<: |\$ENV|production|staging|\[|\]|\{|\}|:|'|"|\n| |[a-z]{1,5})*$/,
);

describe('extractGitlabCi on random and truncated input', () => {
  neverThrows(
    'never throws on pipeline-like noise, alone or including each other',
    fc.array(gitlabish, { minLength: 1, maxLength: 3 }),
    (texts) => check(texts),
    200,
  );
  neverThrows('never throws on arbitrary text', anyText(), (text) => check([text], 'staging'), 150);
  neverThrows('never throws on fixtures cut anywhere', cutAnywhere(fixtures), (text) => check([text]), 200);

  it('stays fast on reference loops, nested aliases and many stages', () => {
    const loops =
      '.a:\n  script: !reference [.b, script]\n.b:\n  script: !reference [.a, script]\nd:\n  environment: production\n  script: !reference [.a, script]\n';
    const aliases = `x0: &a0 [x, x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 12 }, (_, i) => `x${i + 1}: &a${i + 1} [*a${i}, *a${i}, *a${i}, *a${i}, *a${i}, *a${i}, *a${i}, *a${i}, *a${i}, *a${i}]`).join('\n')}\n.t:\n  variables: { V: '1' }\nd:\n  extends: .t\n  environment: production\n  script: [make]\n  tags: *a12\n`;
    const stages = `stages: [${Array.from({ length: 200 }, (_, i) => `s${i}`).join(', ')}]\n${Array.from({ length: 200 }, (_, i) => `j${i}:\n  stage: s${i}\n  environment: production\n  script: [npm test]\n`).join('')}`;
    const started = performance.now();
    check([loops]);
    check([aliases]);
    check([stages]);
    expect(performance.now() - started).toBeLessThan(1500);
  });
});
