import { describe, expect, it } from 'vitest';
import { protectFact } from '../collect/protect.js';
import type { Fact, FactValue } from '../model/fact.js';
import { protectCiValue } from '../sources/github-actions/ci-values.js';
import { protectSetting } from '../sources/helm-values/protect.js';
import { createFingerprinter, protectValue, secretDataValue } from '../sources/secrets.js';
import { compareRules } from '../test-support/compare.js';
import { fact } from '../test-support/facts.js';
import { type CorpusCase, SECRET_CORPUS } from './__fixtures__/secret-corpus.js';
import { accessRules } from './access.js';

const fp = createFingerprinter('corpus');

function read(c: CorpusCase): { key: string; value: FactValue; presence: boolean } {
  switch (c.via) {
    case 'env':
      return { key: `config/env/${c.name}`, value: protectValue(c.name, c.value, fp), presence: false };
    case 'helm':
      return {
        key: `config/helm/shop/${c.name}`,
        value: protectSetting(c.name.split('.'), c.value, fp),
        presence: false,
      };
    case 'secret-data':
      return { key: `access/secret/shop/${c.name}`, value: secretDataValue(c.value, fp), presence: true };
    case 'ci':
      return {
        key: `config/ci/deploy/${c.name}`,
        value: protectCiValue(c.name, c.value, fp),
        presence: false,
      };
  }
}

function sideFact(c: CorpusCase, environment: string, line: number): Fact {
  const { key, value, presence } = read(c);
  const file = c.sameLine ? 'base/values.yaml' : `${environment}/values.yaml`;
  // Through the edge every source's facts pass in collect, as in a real run.
  return protectFact(fact(key, value, { file, line, ...(presence ? { compare: 'presence' } : {}) }), fp);
}

/** Whether access.secret-shared fires for a value both environments hold. */
function fires(c: CorpusCase, index: number): boolean {
  const comparison = compareRules(
    [sideFact(c, 'production', index + 1)],
    [sideFact(c, 'staging', index + 1)],
    { rules: accessRules },
  );
  return comparison.divergences.some((d) => d.rule === 'access.secret-shared');
}

describe('access.secret-shared on a labelled corpus', () => {
  it('holds at least 60 cases, half of them references, settings, public material or one shared line', () => {
    expect(SECRET_CORPUS.length).toBeGreaterThanOrEqual(60);
    const negatives = SECRET_CORPUS.filter((c) => !c.secret || c.sameLine).length;
    expect(negatives).toBeGreaterThanOrEqual(SECRET_CORPUS.length / 2 - 5);
  });

  it('fires for every shared credential (recall 100%) and almost never for anything else (precision >= 95%)', () => {
    let tp = 0;
    let fp_ = 0;
    let fn = 0;
    const wrong: string[] = [];
    SECRET_CORPUS.forEach((c, i) => {
      const expected = c.secret && !c.sameLine;
      const got = fires(c, i);
      if (got && expected) tp++;
      else if (got) fp_++;
      else if (expected) fn++;
      if (got !== expected) wrong.push(`${c.via} ${c.name}=${c.value.slice(0, 40)}: expected ${expected}`);
    });
    const precision = tp / Math.max(1, tp + fp_);
    const recall = tp / Math.max(1, tp + fn);
    console.log(
      `secret corpus: ${SECRET_CORPUS.length} cases, ${tp + fn} shared credentials; precision ${(precision * 100).toFixed(1)}%, recall ${(recall * 100).toFixed(1)}%`,
    );
    expect(wrong.filter((w) => w.endsWith('true'))).toEqual([]);
    expect(recall).toBe(1);
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(wrong).toEqual([]);
  });
});
