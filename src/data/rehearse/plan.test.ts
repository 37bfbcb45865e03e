import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fact } from '../../test-support/facts.js';
import type { ScratchTable } from './catalog.js';
import { matchKey, planGeneration, type TablePlan } from './plan.js';
import { rangeWindow } from './shape.js';
import { statsFromFacts } from './stats.js';

const tables = JSON.parse(
  readFileSync(
    new URL('./__fixtures__/scratch-catalog-shop-partitions-enums-many-types.json', import.meta.url),
    'utf8',
  ),
) as ScratchTable[];

/** Production's statistics as the postgres source writes them (status fingerprints: fp-completed, ...). */
const stats = statsFromFacts([
  fact('data/table/customers/rows', 1000, { unit: 'rows' }),
  fact('data/table/customers/column/email/null-frac', 0),
  fact('data/table/customers/column/email/avg-width', 26),
  fact('data/table/customers/column/country/null-frac', 0.1),
  fact('data/table/customers/column/country/distinct-values', 6),
  fact('data/table/customers/column/referred_by/null-frac', 0.9),
  fact('data/table/orders/rows', 20000, { unit: 'rows' }),
  fact('data/table/orders/column/status/null-frac', 0),
  fact('data/table/orders/column/status/distinct-values', 5),
  fact('data/table/orders/column/status/mcv', [
    'fp-completed=0.85',
    'fp-pending=0.05',
    'fp-shipped=0.05',
    'junk',
  ]),
  fact('data/table/orders/column/customer_id/distinct-values', 900),
  fact('data/table/orders/column/created_at/distinct-share', 1),
  fact('data/table/orders/column/created_at/correlation', 0.99),
  fact('data/table/orders/column/created_at/range', ['2024-01-01 00:00:00+00', '2026-01-01 00:00:00+00']),
  fact('data/table/orders/column/shipped_on/null-frac', 0.3),
  fact('data/table/orders/column/meta/null-frac', 1),
  fact('data/table/orders/column/bits/null-frac', 0),
  fact('data/table/events/rows', 5000, { unit: 'rows' }),
  fact('data/table/regional/rows', 300, { unit: 'rows' }),
  fact('data/setting/work_mem', 67108864, { unit: 'bytes' }),
]);

const plan = (matches = new Map<string, string>(), scale = 1): TablePlan[] =>
  planGeneration({ tables, stats, scale, matches, now: new Date('2026-11-22T00:00:00Z') });
const byKey = (plans: TablePlan[], key: string) => plans.find((p) => p.key === key)!;

describe('planGeneration', () => {
  it('fills parents first, at production volume times the scale, partitions through their parent', () => {
    const plans = plan(new Map(), 0.5);
    expect(plans.map((p) => [p.key, p.rows])).toEqual([
      ['customers', 500],
      ['events', 2500],
      ['orders', 10000],
      ['regional', 150],
    ]);
  });

  it('generates a query literal that matches a fingerprint at its production frequency', () => {
    const matches = new Map([[matchKey('orders', 'status', 'fp-completed'), 'completed']]);
    const orders = byKey(plan(matches), 'orders');
    expect(orders.skew).toEqual(["status = 'completed' (85.0%)"]);
    expect(orders.sql).toContain(`WHEN r2 < 0.85 THEN ('completed')::order_status`);
    // The other most-common values keep their frequencies on stand-in values.
    expect(orders.sql).toMatch(/WHEN r2 < 0\.9 THEN .*WHEN r2 < 0\.95 THEN/);
  });

  it('keeps keys unique, foreign keys inside the parent, NULL shares, ranges and generated columns out', () => {
    const orders = byKey(plan(), 'orders');
    expect(orders.sql).toMatch(
      /^INSERT INTO "public"\."orders" \("id", "customer_id", "status", "total", "vat", "public_id", "meta", "shipped_on", "bits", "created_at"\)/,
    );
    expect(orders.sql).toContain('(g)::bigint');
    expect(orders.sql).toContain('% 1000)))::bigint'); // customer ids within customers' 1,000 rows
    expect(orders.sql).toContain("timestamptz '2024-01-01 00:00:00+00'");
    expect(orders.sql).toMatch(/CASE WHEN r\d < 0\.3 THEN NULL ELSE \(date /);
    expect(orders.sql).toContain('generate_series($1::int8, $2::int8)');
    expect(orders.notes).toEqual([
      "orders.total: not in production's statistics: uniform values",
      "orders.vat: not in production's statistics: uniform values",
      "orders.public_id: not in production's statistics: uniform values",
      'orders.bits: type bit varying(8) not generated (NULL)',
    ]);
    const customers = byKey(plan(), 'customers');
    expect(customers.sql).toContain('OVERRIDING SYSTEM VALUE');
    expect(customers.sql).toContain(`('xxxxxxxxxxxxxxxxxxxxx' || (g)::text)::text`);
  });

  it('places partition keys inside the partitions: range bounds and list values', () => {
    const plans = plan();
    expect(byKey(plans, 'events').sql).toContain("timestamptz '2025-01-01 00:00:00+00'");
    expect(byKey(plans, 'regional').sql).toContain("(ARRAY['eu', 'uk', 'us'])");
  });

  it('leaves tables production does not have empty, and says so', () => {
    const only = planGeneration({
      tables,
      stats: statsFromFacts([fact('data/table/orders/rows', 10)]),
      scale: 1,
      matches: new Map(),
      now: new Date(),
    });
    expect(byKey(only, 'customers')).toMatchObject({
      rows: 0,
      notes: [expect.stringMatching(/^customers: not in production/)],
    });
    expect(byKey(only, 'orders').notes).toContain(
      'orders: no pg_stats in production (not analyzed, or not readable): uniform values',
    );
  });

  it('reads range partition bounds, numeric or quoted, with MINVALUE', () => {
    expect(
      rangeWindow([
        "FOR VALUES FROM (MINVALUE) TO ('2025-01-01')",
        "FOR VALUES FROM ('2025-01-01') TO ('2025-02-01')",
      ]),
    ).toEqual({
      from: '2025-01-01',
      to: '2025-02-01',
    });
    expect(rangeWindow(['FOR VALUES FROM (10) TO (200)', 'FOR VALUES FROM (200) TO (1000)'])).toEqual({
      from: '10',
      to: '1000',
    });
    expect(rangeWindow(['DEFAULT'])).toBeNull();
  });

  it('never throws and keeps thresholds within 0..1 on any statistics', () => {
    const num = fc.oneof(fc.double(), fc.integer(), fc.constant(Number.NaN));
    fc.assert(
      fc.property(num, num, num, num, fc.array(fc.string(), { maxLength: 5 }), (nf, nd, w, corr, mcv) => {
        const s = statsFromFacts([
          fact('data/table/orders/rows', 100),
          fact('data/table/orders/column/status/null-frac', nf),
          fact('data/table/orders/column/customer_id/distinct-values', nd),
          fact('data/table/orders/column/status/avg-width', w),
          fact('data/table/orders/column/created_at/correlation', corr),
          fact('data/table/orders/column/status/mcv', mcv),
        ]);
        const out = planGeneration({ tables, stats: s, scale: 1, matches: new Map(), now: new Date() });
        for (const p of out)
          for (const m of p.sql.matchAll(/< (-?[\d.e-]+) THEN/g))
            expect(Number(m[1])).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 100 },
    );
  });
});
