import { describe, expect, it } from 'vitest';
import type { FactValue } from '../../model/fact.js';
import { fact } from '../../test-support/facts.js';
import { expectFires, expectSilent } from '../../test-support/rule-cases.js';

/** Staging holds a hundredth of production's data in these cases. */
const atHundredth = { scale: { replicas: 0.2, resources: 1, data: 0.01, traffic: 0.01 } };
const shape = (value: string) => fact('data/plan/orders-by-customer/shape', value);
const cost = (value: number) =>
  fact('data/plan/orders-by-customer/total-cost', value, { compare: 'scaled', scale: 'data' });
const table = (name: string) => fact(`data/table/${name}/kind`, 'table');
const column = (attr: string, value: FactValue) => fact(`data/table/orders/column/coupon/${attr}`, value);

describe('data rules on plans and schema (fires; silent on the near miss)', () => {
  it('data.plan-flip: another plan shape; silent when only the cost differs, or staging was read in part', () => {
    const found = expectFires(
      'data.plan-flip',
      [shape('Seq Scan on orders'), cost(250_000)],
      [shape('Index Scan using orders_customer_idx on orders'), cost(200)],
      atHundredth,
    );
    expect(found.map((d) => d.detail?.costRatio)).toEqual([1250]);
    expectSilent(
      'data.plan-flip',
      [shape('Seq Scan on orders'), cost(250_000)],
      [shape('Seq Scan on orders'), cost(200)],
      atHundredth,
    );
    expectSilent('data.plan-flip', [shape('Seq Scan on orders')], [], {}, { candidate: 'partial' });
  });

  it('data.plan-cost-out-of-scale: same plan, cost beyond the data scale; silent inside it or on a flip', () => {
    const plan = 'Seq Scan on orders';
    expectFires(
      'data.plan-cost-out-of-scale',
      [shape(plan), cost(250_000)],
      [shape(plan), cost(200)],
      atHundredth,
    );
    // 250000 at a hundredth expects 2500: 2000 is inside the tolerance.
    expectSilent(
      'data.plan-cost-out-of-scale',
      [shape(plan), cost(250_000)],
      [shape(plan), cost(2_000)],
      atHundredth,
    );
    // The plan flipped: data.plan-flip tells it, with the cost ratio, once.
    expectSilent(
      'data.plan-cost-out-of-scale',
      [shape(plan), cost(250_000)],
      [shape('Index Scan using orders_customer_idx on orders'), cost(200)],
      atHundredth,
    );
  });

  it('data.migrations-differ: another applied set; silent on the same set in another order or latest alone', () => {
    const applied = (ids: string[]) => fact('data/migrations/flyway/applied', ids, { compare: 'set' });
    const latest = (id: string) => fact('data/migrations/flyway/latest', id);
    const found = expectFires(
      'data.migrations-differ',
      [applied(['V1', 'V2', 'V3'])],
      [applied(['V1', 'V2'])],
    );
    expect(found.map((d) => d.message)).toEqual(['flyway migrations differ (only in production: V3)']);
    expectSilent(
      'data.migrations-differ',
      [applied(['V1', 'V2', 'V3']), latest('V3'), fact('data/migrations/flyway/dirty', false)],
      [applied(['V1', 'V3', 'V2']), latest('V2'), fact('data/migrations/flyway/dirty', false)],
    );
  });

  it('data.table-missing: a table on one side; silent when staging was read only in part', () => {
    expectFires('data.table-missing', [table('orders'), table('audit')], [table('orders')]);
    expectSilent(
      'data.table-missing',
      [table('orders'), table('audit')],
      [table('orders')],
      {},
      { candidate: 'partial' },
    );
  });

  it('data.column-differs: another type; silent when the column of a missing table is not repeated', () => {
    expectFires(
      'data.column-differs',
      [table('orders'), column('type', 'text')],
      [table('orders'), column('type', 'character varying(20)')],
    );
    // The whole table is missing in staging: table-missing says it, not every column.
    expectSilent('data.column-differs', [table('orders'), column('type', 'text')], []);
  });

  it('data.index-differs and data.constraint-differs: another definition; silent inside a missing table', () => {
    const index = (def: string) => fact('data/table/orders/index/orders_customer_idx/definition', def);
    const check = (def: string) => fact('data/table/orders/constraint/orders_total_check/definition', def);
    expectFires(
      'data.index-differs',
      [table('orders'), index('btree (customer_id, created_at)')],
      [table('orders'), index('btree (customer_id)')],
    );
    expectSilent('data.index-differs', [table('orders'), index('btree (customer_id)')], []);
    expectFires('data.constraint-differs', [table('orders'), check('CHECK (total >= 0)')], [table('orders')]);
    expectSilent('data.constraint-differs', [table('orders'), check('CHECK (total >= 0)')], []);
  });

  it('data.setting-differs: a data fact no rule owns; silent when staging was read only in part', () => {
    const persistence = (v: string) => fact('data/table/orders/persistence', v);
    const found = expectFires('data.setting-differs', [persistence('permanent')], [persistence('unlogged')]);
    expect(found.map((d) => d.title)).toEqual(['A data setting differs or exists on one side only']);
    expectSilent('data.setting-differs', [persistence('permanent')], [], {}, { candidate: 'partial' });
  });
});
