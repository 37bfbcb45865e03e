import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DIMENSIONS } from '../model/constants.js';
import type { Rule } from '../rule-kit/types.js';
import { accessDimension } from './access/index.js';
import { configDimension } from './config/index.js';
import { dataDimension } from './data/index.js';
import { deploysDimension } from './deploys/index.js';
import { rules } from './index.js';
import { infraDimension } from './infra/index.js';
import { integrationsDimension } from './integrations/index.js';
import { observabilityDimension } from './observability/index.js';
import { trafficDimension } from './traffic/index.js';

/** Each folder's index, by folder name: the meta-test's map of the catalogue. */
const FOLDERS: Record<string, readonly Rule[]> = {
  config: configDimension,
  infra: infraDimension,
  access: accessDimension,
  data: dataDimension,
  traffic: trafficDimension,
  observability: observabilityDimension,
  integrations: integrationsDimension,
  deploys: deploysDimension,
};

/**
 * Rules that never report by design: they claim pairs so the fallback stays silent on them. Their
 * colocated test is `expectOwns('<id>', ...)` (first to apply, nothing reported) instead of a firing one.
 */
const NEVER_REPORTS: readonly string[] = ['traffic.observed'];

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Line comments removed: a call commented out proves nothing. */
function withoutComments(text: string): string {
  return text.replace(/^\s*\/\/.*$/gm, '');
}

/** A folder's tests, one text, without line comments. */
function testsOf(folder: string): string {
  return withoutComments(
    readdirSync(folder)
      .filter((name) => name.endsWith('.test.ts') && name !== 'catalogue.test.ts')
      .map((name) => readFileSync(path.join(folder, name), 'utf8'))
      .join('\n'),
  );
}

/**
 * Whether `tests` call the assertion helper on this rule (test-support/rule-cases.ts): its id as the
 * first argument of `expectFires`, `expectSilent` or `expectOwns`, which assert through the whole
 * compare step. A test that only mentions the id (a title, a filter, a comment) does not count.
 */
function calls(tests: string, helper: string, id: string): boolean {
  return new RegExp(`\\b${helper}\\(\\s*'${id.replaceAll('.', '\\.')}'`).test(tests);
}

/** The colocated tests of a rule: its folder's, and for the fallbacks those beside fallback.ts too. */
function colocatedTests(rule: Rule): string {
  const folder = testsOf(path.join(HERE, rule.dimension));
  return rule.id.endsWith('.setting-differs') ? `${folder}\n${testsOf(HERE)}` : folder;
}

describe('the rule catalogue', () => {
  it('is the folders in order, every rule once, ids unique', () => {
    expect(rules).toEqual(Object.values(FOLDERS).flat());
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    expect(Object.keys(FOLDERS).sort()).toEqual([...DIMENSIONS].sort());
  });

  it('keeps every rule in the folder of its dimension, its id prefixed with it', () => {
    for (const [folder, list] of Object.entries(FOLDERS))
      for (const rule of list) {
        expect(rule.dimension, rule.id).toBe(folder);
        expect(rule.id, rule.id).toMatch(new RegExp(`^${folder}\\.[a-z0-9]+(-[a-z0-9]+)*$`));
      }
  });

  it('ends each dimension with its fallback, which reads as a sentence', () => {
    for (const [folder, list] of Object.entries(FOLDERS)) {
      const last = list.at(-1)!;
      expect(last.id).toBe(`${folder}.setting-differs`);
      const article = ['infra', 'access', 'integrations', 'observability'].includes(folder) ? 'An' : 'A';
      expect(last.title).toBe(`${article} ${folder} setting differs or exists on one side only`);
    }
  });

  it('gives every rule a title, a risk and a remedy', () => {
    for (const rule of rules) {
      expect(rule.title.trim().length, rule.id).toBeGreaterThan(10);
      expect(rule.risk.trim().length, rule.id).toBeGreaterThan(20);
      expect(rule.remedy.trim().length, rule.id).toBeGreaterThan(10);
    }
  });

  it('has a colocated test where each rule fires, and one where it stays silent', () => {
    const noFiring = rules
      .filter(
        (r) => !calls(colocatedTests(r), NEVER_REPORTS.includes(r.id) ? 'expectOwns' : 'expectFires', r.id),
      )
      .map((r) => r.id);
    const noSilent = rules.filter((r) => !calls(colocatedTests(r), 'expectSilent', r.id)).map((r) => r.id);
    expect(NEVER_REPORTS.filter((id) => !rules.some((r) => r.id === id))).toEqual([]);
    expect(noFiring).toEqual([]);
    expect(noSilent).toEqual([]);
  });

  it('counts a call of the helper with the id, not a mention of the id', () => {
    const id = 'config.env-missing';
    expect(calls(`expectFires(\n      '${id}',\n      [a], [])`, 'expectFires', id)).toBe(true);
    expect(calls(`expectSilent('${id}', [a], [a])`, 'expectSilent', id)).toBe(true);
    for (const mention of [
      `it('${id}: fires on a variable on one side', () => {})`,
      `found.filter((d) => d.rule === '${id}')`,
      `expect(brief(found)).toEqual([['${id}', 'config/env/X', 'only-baseline', 'medium']])`,
      `expectSilent('${id}x', [a], [])`,
      `myExpectFires('${id}', [a], [])`,
    ])
      expect(calls(mention, 'expectFires', id) || calls(mention, 'expectSilent', id), mention).toBe(false);
    expect(calls(withoutComments(`  // expectFires('${id}', [a], [])`), 'expectFires', id)).toBe(false);
  });
});
