import { describe, expect, it } from 'vitest';
import type { FactValue } from '../../model/fact.js';
import { fact } from '../../test-support/facts.js';
import { expectFires, expectSilent } from '../../test-support/rule-cases.js';

const column = (attr: string, value: FactValue) => fact(`data/table/orders/column/coupon/${attr}`, value);
const rows = (value: number) =>
  fact('data/table/orders/rows', value, { compare: 'scaled', scale: 'data', unit: 'rows' });
const sinceAnalyze = (value: number | null) =>
  fact('data/table/orders/modified-since-analyze', value, { compare: 'presence' });
/** Staging holds a hundredth of production's data in these cases. */
const atHundredth = { scale: { replicas: 0.2, resources: 1, data: 0.01, traffic: 0.01 } };

describe('data rules on value shape and the server (fires; silent on the near miss)', () => {
  it('data.null-paths-unexercised: NULLs in production only; silent when staging has a few too', () => {
    const nulls = (v: number) => column('null-frac', v);
    expectFires('data.null-paths-unexercised', [nulls(0.3)], [nulls(0)]);
    // Production's NULLs below 0.1% are noise; 30% against 20% are exercised on both sides.
    expectSilent('data.null-paths-unexercised', [nulls(0.0005)], [nulls(0)]);
    expectSilent('data.null-paths-unexercised', [nulls(0.3)], [nulls(0.2)]);
  });

  it('data.value-skew-differs: the most common value covers far more rows; silent under 25 points apart', () => {
    const top = (v: number) => column('top-frequency', v);
    expectFires('data.value-skew-differs', [top(0.8)], [top(0.1)]);
    expectSilent('data.value-skew-differs', [top(0.8)], [top(0.6)]);
  });

  it('data.value-skew-differs on fingerprints: one value far more common; silent under 25 points apart', () => {
    const mcv = (v: string[]) => column('mcv', v);
    expectFires('data.value-skew-differs', [mcv(['aaaaaaaa11=0.9'])], [mcv(['aaaaaaaa11=0.1'])]);
    expectSilent('data.value-skew-differs', [mcv(['aaaaaaaa11=0.9'])], [mcv(['aaaaaaaa11=0.7'])]);
  });

  it('data.shape-differs: production values far longer; silent when longer by under 16 characters', () => {
    const longest = (v: number) => column('max-length', v);
    expectFires('data.shape-differs', [longest(240)], [longest(20)]);
    expectSilent('data.shape-differs', [longest(30)], [longest(16)]);
    // Ranges are real values kept for `data rehearse`: never compared.
    expectSilent('data.shape-differs', [column('range', 10)], [column('range', 90)]);
  });

  it('data.volume-out-of-scale: rows beyond the data scale; silent inside it and on small lookups', () => {
    expectFires('data.volume-out-of-scale', [rows(2_000_000)], [rows(1_000)], atHundredth);
    expectSilent('data.volume-out-of-scale', [rows(2_000_000)], [rows(15_000)], atHundredth);
    expectSilent('data.volume-out-of-scale', [rows(900)], [rows(1)], atHundredth);
  });

  it('data.statistics-stale: many rows changed since ANALYZE; silent at 20% or on a small never-analyzed table', () => {
    expectFires(
      'data.statistics-stale',
      [rows(20_000), sinceAnalyze(0.5)],
      [rows(200), sinceAnalyze(0)],
      atHundredth,
    );
    expectSilent(
      'data.statistics-stale',
      [rows(20_000), sinceAnalyze(0.2)],
      [rows(200), sinceAnalyze(null)],
      atHundredth,
    );
  });

  it('data.planner-setting-differs: another work_mem; silent on a setting one server version lacks', () => {
    const workMem = (v: FactValue, unit: string) => fact('data/setting/work_mem', v, { unit });
    expectFires('data.planner-setting-differs', [workMem(64, 'MB')], [workMem(4, 'MB')]);
    // A setting only the newer server has is the version's story (data.server-version-differs).
    expectSilent('data.planner-setting-differs', [workMem(64, 'MB')], [workMem(64, 'MB')]);
    expectSilent('data.planner-setting-differs', [fact('data/setting/io_combine_limit', 16)], []);
  });

  it('data.server-version-differs: another major; silent on the same version written with a v', () => {
    const version = (v: string) => fact('data/server/version', v, { compare: 'version' });
    const found = expectFires('data.server-version-differs', [version('16.4')], [version('14.11')]);
    expect(found.map((d) => d.severity)).toEqual(['high']);
    expectSilent('data.server-version-differs', [version('16.4')], [version('v16.4')]);
    // The server version read on one side only is the coverage's story, not a version difference.
    expectSilent('data.server-version-differs', [version('16.4')], []);
  });
});
