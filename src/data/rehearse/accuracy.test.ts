import { rm } from 'node:fs/promises';
import type { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbedded, withDatabase } from '../../postgres/embedded.js';
import { parseQueryFile } from '../../postgres/query-file.js';
import { type EmbeddedServer, startTestPostgres } from '../../test-support/postgres.js';
import { rehearse } from './rehearse.js';
import { type StatsInput, statsFromUrl } from './source.js';

const fixture = (name: string) => new URL(`./__fixtures__/${name}`, import.meta.url).pathname;
const schemaPath = fixture('schema-items-groups-batches-days.sql');
const ROWS = 25_000;
/**
 * grp: 50 values 1..50 at 2% each, scattered (all 50 are most-common values, no histogram);
 * batch: 20 values at 5% each in physical order (most-common values, correlation 1);
 * day: 200 values in physical order (a histogram, correlation 1); ref: 5,000 values scattered.
 * 25,000 rows: ANALYZE reads every row, so equal data in equal order gives equal statistics.
 */
const PRODUCTION = `
CREATE TABLE items (id bigint PRIMARY KEY, grp int NOT NULL, batch int NOT NULL, day int NOT NULL,
  ref int NOT NULL, note text);
CREATE INDEX items_grp ON items (grp);
CREATE INDEX items_day ON items (day);
CREATE INDEX items_ref ON items (ref);
INSERT INTO items SELECT g, 1 + (g * 7919) % 50, 1 + (g - 1) / ${ROWS / 20}, 1 + (g - 1) / ${ROWS / 200},
  1 + (g * 104729) % 5000, 'note ' || g FROM generate_series(1::int8, ${ROWS}) g;
ANALYZE items;
ALTER DATABASE prod SET random_page_cost = 1.1;
ALTER DATABASE prod SET work_mem = '48MB';`;

const queries = parseQueryFile(
  `-- name: group-7
SELECT count(*) FROM items WHERE grp = 7;
-- name: group-13
SELECT id FROM items WHERE grp = 13 AND ref < 100;
-- name: batch-3
SELECT * FROM items WHERE batch = 3 ORDER BY day;
-- name: days
SELECT * FROM items WHERE day BETWEEN 20 AND 40;
-- name: ref
SELECT * FROM items WHERE ref = 17;
`,
  'accuracy.sql',
  'q',
).queries;

async function connect(url: string): Promise<Client> {
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return c;
}

describe('data rehearse reproduces what production looks like', () => {
  let production: EmbeddedServer;
  let input: StatsInput;
  let kept: EmbeddedServer | undefined;
  let scratch: Client;
  let keptDir: string | undefined;
  beforeAll(async () => {
    production = await startTestPostgres({ database: 'prod', sql: PRODUCTION });
    input = await statsFromUrl(production.url, { statementTimeoutMs: 10_000 });
    const result = await rehearse({
      stats: input.stats,
      fingerprint: input.fingerprint!,
      schemaPath,
      queries,
      scale: 1,
      keep: true,
      // Two connections and several chunks per table: physical order must survive them.
      workers: 2,
      chunkRows: 5000,
    });
    keptDir = result.keptDataDir!;
    kept = await startEmbedded({ dataDir: keptDir, reuse: true, removeOnStop: true });
    scratch = await connect(withDatabase(kept.url, 'rehearse'));
  }, 120_000);
  afterAll(async () => {
    await scratch?.end();
    await kept?.stop();
    if (keptDir) await rm(keptDir, { recursive: true, force: true });
    await production?.stop();
  });

  it('generates the query literals at their production frequency; stand-ins never land on them', async () => {
    const { rows } = await scratch.query<{ n: string; lo: number; hi: number; f7: number; f13: number }>(
      `SELECT count(DISTINCT grp) AS n, min(grp) AS lo, max(grp) AS hi,
         avg((grp = 7)::int)::float8 AS f7, avg((grp = 13)::int)::float8 AS f13 FROM items`,
    );
    const r = rows[0]!;
    expect(Number(r.n)).toBe(50);
    expect([r.lo, r.hi]).toEqual([1, 50]);
    expect(r.f7).toBeGreaterThan(0.015);
    expect(r.f7).toBeLessThan(0.025);
    expect(r.f13).toBeGreaterThan(0.015);
    expect(r.f13).toBeLessThan(0.025);
  });

  it("keeps the columns' physical order (pg_stats correlation) and their distinct counts", async () => {
    const { rows } = await scratch.query<{ attname: string; correlation: number; n_distinct: number }>(
      `SELECT attname, correlation, n_distinct FROM pg_stats WHERE tablename = 'items' ORDER BY attname`,
    );
    const by = new Map(rows.map((r) => [r.attname, r]));
    // Production: 1. batch's values 7 and 13 are the query's literals too (grp = 7): placed at their rank.
    expect(by.get('batch')!.correlation).toBeGreaterThanOrEqual(0.98);
    expect(by.get('day')!.correlation).toBeGreaterThanOrEqual(0.98);
    expect(by.get('id')!.correlation).toBeGreaterThanOrEqual(0.9);
    expect(Math.abs(by.get('grp')!.correlation)).toBeLessThan(0.3);
    expect(by.get('batch')!.n_distinct).toBe(20);
    expect(by.get('day')!.n_distinct).toBe(200);
  });

  it("gives the planner production's distinct counts, not ones re-estimated from a sample", async () => {
    const { default: pg } = await import('pg');
    const prod = new pg.Client({ connectionString: production.url });
    await prod.connect();
    const sql = `SELECT attname, n_distinct FROM pg_stats WHERE tablename = 'items' ORDER BY attname`;
    const expected = (await prod.query(sql)).rows;
    await prod.end();
    expect((await scratch.query(sql)).rows).toEqual(expected);
  });

  it("applies production's planner settings to the scratch database itself: a new session sees them", async () => {
    const show = async (name: string) => (await scratch.query(`SHOW ${name}`)).rows[0][name];
    expect(await show('random_page_cost')).toBe('1.1');
    expect(await show('work_mem')).toBe('48MB');
  });

  it('plans identically in 10 runs with the same seed, parallel connections and small chunks', async () => {
    const runs: string[] = [];
    for (let i = 0; i < 10; i++) {
      const result = await rehearse({
        stats: input.stats,
        fingerprint: input.fingerprint!,
        schemaPath,
        queries,
        scale: 1,
        workers: 2,
        chunkRows: 1500,
        seed: 7,
      });
      runs.push(
        JSON.stringify(
          result.queries.map((q) => [q.name, q.rehearsal.summary?.shape, q.rehearsal.summary?.totalCost]),
        ),
      );
    }
    expect(new Set(runs).size).toBe(1);
  }, 400_000);
});
