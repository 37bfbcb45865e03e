import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedServer, startEmbedded, withDatabase } from '../../postgres/embedded.js';
import { runSql } from '../../test-support/postgres.js';
import { comparePlans, planBoth } from './plans.js';
import { readTopStatements } from './top-statements.js';

// The embedded binaries ship pg_stat_statements; it must be preloaded to collect anything.
describe('pg_stat_statements as a query source (embedded PostgreSQL 18, preloaded)', () => {
  let server: EmbeddedServer;
  let shop: string;
  let bare: string;
  beforeAll(async () => {
    server = await startEmbedded({ settings: { shared_preload_libraries: 'pg_stat_statements' } });
    await runSql(server.url, 'CREATE DATABASE shop');
    await runSql(server.url, 'CREATE DATABASE bare');
    shop = withDatabase(server.url, 'shop');
    bare = withDatabase(server.url, 'bare');
    await runSql(
      shop,
      `CREATE TABLE orders (id bigint PRIMARY KEY, status text NOT NULL);
       INSERT INTO orders SELECT g, CASE WHEN g % 10 = 0 THEN 'pending' ELSE 'completed' END FROM generate_series(1, 5000) g;
       ANALYZE orders;
       CREATE EXTENSION pg_stat_statements;`,
    );
    for (let i = 0; i < 3; i++) {
      await runSql(shop, `SELECT count(*) FROM orders WHERE status = 'pending'`);
      await runSql(shop, `SELECT id FROM orders WHERE id = ${i + 1}`);
    }
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('returns the most expensive statements, normalised, and plans them generically', async () => {
    const top = await readTopStatements(shop, 5);
    const sqls = top.queries.map((q) => q.sql);
    // Parity's own session queries (no relation) are left out; the setup's INSERT was tracked too.
    expect([...sqls].sort()).toEqual([
      'INSERT INTO orders SELECT g, CASE WHEN g % $1 = $2 THEN $3 ELSE $4 END FROM generate_series($5, $6) g',
      'SELECT count(*) FROM orders WHERE status = $1',
      'SELECT id FROM orders WHERE id = $1',
    ]);
    expect(top.queries[0]?.name).toMatch(/^pgss--?\d+$/);
    const plans = await planBoth(
      { name: 'production', url: shop, production: true },
      { name: 'staging', url: shop, production: false },
      top.queries,
    );
    expect(plans.errors).toEqual([]);
    const byPk = plans.baseline.find((r) => r.summary?.shape.includes('orders_pkey'));
    expect(byPk?.generic).toBe(true);
    const verdicts = comparePlans(plans.baseline, plans.candidate).map((c, i) => [
      sqls[i]!.slice(0, 6),
      c.verdict,
    ]);
    expect(verdicts.sort()).toEqual([
      ['INSERT', 'unplanned'], // generic planning cannot type generate_series($5, $6): a per-query message
      ['SELECT', 'same'],
      ['SELECT', 'same'],
    ]);
  });

  it('says clearly when the extension is not installed', async () => {
    const top = await readTopStatements(bare, 5);
    expect(top.queries).toEqual([]);
    expect(top.notes).toEqual([
      expect.stringMatching(
        /^pg_stat_statements is not installed in 127\.0\.0\.1:\d+\/bare: add it to shared_preload_libraries/,
      ),
    ]);
  });
});
