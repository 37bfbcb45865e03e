import { describe, expect, it } from 'vitest';
import type { Fact } from '../../model/fact.js';
import { makeFact } from '../../model/make-fact.js';
import type { RuleContext } from '../../rule-kit/types.js';
import { expectSilent } from '../../test-support/rule-cases.js';
import { dataRules } from './index.js';

const origin = { source: 'postgres' };
const f = (path: string[], value: Fact['value'], extra: Partial<Parameters<typeof makeFact>[0]> = {}) =>
  makeFact({ dimension: 'data', path, value, origin, ...extra });

function judge(baseline: Fact[], candidate: Fact[]) {
  const ctx: RuleContext = {
    baselineName: 'production',
    candidateName: 'staging',
    scale: { replicas: 1, resources: 1, data: 0.01, traffic: 1 },
    tolerance: 0.5,
    baseline: new Map(baseline.map((x) => [x.key, x])),
    candidate: new Map(candidate.map((x) => [x.key, x])),
    fingerprintsComparable: true,
  };
  return [...new Set([...ctx.baseline.keys(), ...ctx.candidate.keys()])].flatMap((key) => {
    const pair = { key, baseline: ctx.baseline.get(key), candidate: ctx.candidate.get(key) };
    const rule = dataRules.find((r) => r.appliesTo?.(pair, ctx));
    const finding = rule?.judge?.(pair, ctx);
    return rule && finding ? [{ rule: rule.id, key, kind: finding.kind, message: finding.message }] : [];
  });
}

describe('data rules', () => {
  it('reports a missing column once, and not the columns of a missing table', () => {
    const prod = [
      f(['table', 'orders', 'kind'], 'table'),
      f(['table', 'orders', 'column', 'coupon', 'type'], 'text'),
      f(['table', 'orders', 'column', 'coupon', 'nullable'], true),
      f(['table', 'audit', 'kind'], 'table'),
      f(['table', 'audit', 'column', 'id', 'type'], 'bigint'),
    ];
    const stg = [f(['table', 'orders', 'kind'], 'table')];
    expect(judge(prod, stg)).toEqual([
      {
        rule: 'data.column-differs',
        key: 'data/table/orders/column/coupon/type',
        kind: 'only-baseline',
        message: 'column orders.coupon exists in production, not in staging',
      },
      {
        rule: 'data.table-missing',
        key: 'data/table/audit/kind',
        kind: 'only-baseline',
        message: 'table audit exists in production, not in staging',
      },
    ]);
  });

  it('judges cost growth beyond the data scale with the same plan, volume out of scale and stale statistics', () => {
    const plan = (cost: number, rows: number, mod: number | null) => [
      f(['plan', 'q', 'shape'], 'Seq Scan on orders'),
      f(['plan', 'q', 'total-cost'], cost, { compare: 'scaled', scale: 'data' }),
      f(['table', 'orders', 'rows'], rows, { compare: 'scaled', scale: 'data', unit: 'rows' }),
      f(['table', 'orders', 'modified-since-analyze'], mod, { compare: 'presence' }),
    ];
    expect(
      judge(plan(250_000, 2_000_000, 0.01), plan(200, 1_000, null)).map((x) => [x.rule, x.message]),
    ).toEqual([
      [
        'data.plan-cost-out-of-scale',
        'plan of q: estimated cost production 250000, staging 200 (x1250) with the same plan',
      ],
      [
        'data.volume-out-of-scale',
        'table orders rows: production 2000000 rows, staging 1000 rows (expected ~20000 rows at data scale 0.01)',
      ],
      ['data.statistics-stale', 'statistics of orders are stale (staging: never analyzed)'],
    ]);
    expect(judge(plan(100, 2_000_000, 0.5), plan(1, 20_000, 0)).map((x) => x.message)).toEqual([
      'statistics of orders are stale (production: 50% of rows modified since the last ANALYZE)',
    ]);
  });

  describe('one finding per real difference', () => {
    const col = (attr: string, value: Fact['value'], unit?: string) =>
      f(['table', 'orders', 'column', 'status', attr], value, unit ? { unit } : {});

    it('reports a skew once, by its MCV list, not again by the top frequency', () => {
      const prod = [col('top-frequency', 0.9, 'ratio'), col('mcv', ['aaaa1111=0.9', 'bbbb2222=0.1'])];
      const stg = [col('top-frequency', 0.5, 'ratio'), col('mcv', ['aaaa1111=0.5', 'bbbb2222=0.5'])];
      expect(judge(prod, stg).map((x) => [x.rule, x.key])).toEqual([
        ['data.value-skew-differs', 'data/table/orders/column/status/mcv'],
      ]);
      // Without MCV lists on both sides, the top frequency still tells it.
      expect(judge([prod[0]!], [stg[0]!]).map((x) => x.key)).toEqual([
        'data/table/orders/column/status/top-frequency',
      ]);
    });

    it('does not report distinct values that follow the declared data scale or the real row ratio', () => {
      // scale.data is 0.01 here: 5,000 distinct values in production, 50 in staging is in scale.
      expect(judge([col('distinct-values', 5000)], [col('distinct-values', 50)])).toEqual([]);
      const rows = (n: number) => f(['table', 'orders', 'rows'], n, { compare: 'scaled', scale: 'data' });
      expect(
        judge([col('distinct-values', 200), rows(2000)], [col('distinct-values', 20), rows(200)]).filter(
          (x) => x.rule === 'data.shape-differs',
        ),
      ).toEqual([]);
      expect(judge([col('distinct-values', 200)], [col('distinct-values', 20)]).map((x) => x.rule)).toEqual([
        'data.shape-differs',
      ]);
    });

    it('stays silent through the whole compare step on the cases above', () => {
      const rows = (n: number) => f(['table', 'orders', 'rows'], n, { compare: 'scaled', scale: 'data' });
      expectSilent(
        'data.shape-differs',
        [col('correlation', 1), col('distinct-values', 1), col('avg-width', 8), rows(5000)],
        [col('correlation', -0.2), col('distinct-values', 1), col('avg-width', 8), rows(5)],
      );
      expectSilent(
        'data.value-skew-differs',
        [col('top-frequency', 0.9, 'ratio'), col('mcv', ['aaaa1111=0.9'])],
        [col('top-frequency', 0.8, 'ratio'), col('mcv', ['aaaa1111=0.8'])],
      );
    });

    it('does not report the correlation of a column that holds one value', () => {
      expect(
        judge(
          [col('correlation', 1), col('distinct-values', 1)],
          [col('correlation', -0.2), col('distinct-values', 1)],
        ),
      ).toEqual([]);
      expect(judge([col('correlation', 1)], [col('correlation', -0.2)]).map((x) => x.rule)).toEqual([
        'data.shape-differs',
      ]);
    });
  });
});
