import { readFileSync } from 'node:fs';
import type { Client } from 'pg';
import { describe, expect, it } from 'vitest';
import { fact } from '../../test-support/facts.js';
import { useTestPostgresClients } from '../../test-support/postgres.js';
import { readScratchCatalog } from './catalog.js';
import { finishLoad, generate, prepareLoad, restoreSchema } from './load.js';
import { matchKey, planGeneration } from './plan.js';
import { statsFromFacts } from './stats.js';

const schema = readFileSync(
  new URL('./__fixtures__/schema-shop-partitions-enums-many-types.sql', import.meta.url),
  'utf8',
);
const stats = statsFromFacts([
  fact('data/table/customers/rows', 1000),
  fact('data/table/customers/column/email/null-frac', 0),
  fact('data/table/customers/column/referred_by/null-frac', 0.9),
  fact('data/table/orders/rows', 20000),
  fact('data/table/orders/column/status/null-frac', 0),
  fact('data/table/orders/column/status/distinct-values', 5),
  fact('data/table/orders/column/status/mcv', ['fp-completed=0.85', 'fp-pending=0.05']),
  fact('data/table/orders/column/shipped_on/null-frac', 0.3),
  fact('data/table/orders/column/vat/range', ['0.5', '99.5']),
  fact('data/table/events/rows', 5000),
  fact('data/table/regional/rows', 300),
]);

describe('loading synthetic rows into a real PostgreSQL', () => {
  const { clients } = useTestPostgresClients({ database: 'scratch', sql: schema }, 2);

  it('fills every table, keeps keys, foreign keys, checks and partitions valid, and reproduces the skew', async () => {
    const [main] = clients as [Client];
    const tables = await readScratchCatalog(main);
    const plans = planGeneration({
      tables,
      stats,
      scale: 1,
      matches: new Map([[matchKey('orders', 'status', 'fp-completed'), 'completed']]),
      now: new Date('2026-11-22T00:00:00Z'),
    });
    expect(await prepareLoad(main, tables)).toEqual([]);
    const progress: number[] = [];
    const gen = await generate(clients, plans, {
      chunkRows: 4000,
      onProgress: (p) => progress.push(p.totalDone),
    });
    expect(gen.rows).toBe(26300);
    expect(progress.at(-1)).toBe(26300);
    expect(await restoreSchema(clients, tables)).toEqual([]);
    await finishLoad(clients, tables);
    const one = async (sql: string) => (await main.query(sql)).rows[0];
    expect(await one('SELECT count(*)::int AS n FROM orders')).toEqual({ n: 20000 });
    expect(
      await one(
        `SELECT count(*)::int AS a, count(*) FILTER (WHERE tableoid = 'events_2025_02'::regclass)::int AS b FROM events`,
      ),
    ).toEqual({
      a: 5000,
      b: expect.any(Number),
    });
    expect(await one(`SELECT array_agg(DISTINCT region ORDER BY region) AS r FROM regional`)).toEqual({
      r: ['eu', 'uk', 'us'],
    });
    const skew = await one(
      `SELECT avg((status = 'completed')::int)::float8 AS completed, avg((shipped_on IS NULL)::int)::float8 AS unshipped,
         min(vat)::float8 AS lo, max(vat)::float8 AS hi FROM orders`,
    );
    expect(skew.completed).toBeCloseTo(0.85, 1);
    expect(skew.unshipped).toBeCloseTo(0.3, 1);
    expect(skew.lo).toBeGreaterThanOrEqual(0.5);
    expect(skew.hi).toBeLessThanOrEqual(99.5);
    const constraints = await main.query(
      `SELECT conname, convalidated FROM pg_constraint WHERE conrelid = ANY('{customers,orders,events}'::regclass[]) AND contype <> 'n' ORDER BY 1`,
    );
    expect(constraints.rows).toEqual([
      { conname: 'customers_email_key', convalidated: true },
      { conname: 'customers_pkey', convalidated: true },
      { conname: 'customers_referred_by_fkey', convalidated: true },
      { conname: 'events_pkey', convalidated: true },
      { conname: 'orders_customer_id_fkey', convalidated: true },
      { conname: 'orders_pkey', convalidated: true },
      { conname: 'orders_vat_check', convalidated: true },
    ]);
    expect(
      await one(
        `SELECT count(*)::int AS n FROM pg_indexes WHERE indexname IN ('orders_status_idx', 'orders_customer_created_idx', 'events_kind_idx')`,
      ),
    ).toEqual({ n: 3 });
    expect(await one(`SELECT count(*)::int AS n FROM pg_stats WHERE tablename = 'orders'`)).toEqual({
      n: 11,
    });
    // Sequences moved past the generated keys: the application's inserts keep working.
    await main.query(
      `INSERT INTO orders (customer_id, status, total, vat, public_id, created_at) VALUES (1, 'pending', 1, 1, gen_random_uuid(), now())`,
    );
  });
});
