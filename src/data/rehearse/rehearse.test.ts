import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SNAPSHOT_SCHEMA_VERSION, type Snapshot } from '../../model/snapshot.js';
import { withDatabase } from '../../postgres/embedded.js';
import { parseQueryFile } from '../../postgres/query-file.js';
import { postgresSource } from '../../sources/postgres/index.js';
import { createFingerprinter, fingerprintKeyId } from '../../sources/secrets.js';
import { type EmbeddedServer, pg15Url, runSql, startTestPostgres } from '../../test-support/postgres.js';
import { rehearse } from './rehearse.js';
import { renderRehearsalMarkdown, renderRehearsalText } from './report.js';
import { statsFromSnapshot, statsFromUrl } from './source.js';

const fixture = (name: string) => new URL(`./__fixtures__/${name}`, import.meta.url).pathname;
const schemaPath = fixture('schema-orders-customers-coupons.sql');
const SECRET = 'sk_live_PLANTEDcoupon0123456789';
const fill = (orders: number, completed: number) => `
${readFileSync(schemaPath, 'utf8')}
INSERT INTO customers SELECT g, 'c' || g || '@example.com', 'DE' FROM generate_series(1, ${orders / 10}) g;
INSERT INTO orders SELECT g, 1 + g % ${orders / 10},
  CASE WHEN g % 100 < ${completed} THEN 'completed' WHEN g % 100 < 95 THEN 'pending' ELSE 'cancelled' END,
  CASE WHEN g % 10 < 4 THEN '${SECRET}' END, g % 5000, '2025-01-01'::timestamptz + g * interval '1 minute'
FROM generate_series(1, ${orders}) g;
ANALYZE;`;

describe('data rehearse on embedded PostgreSQL', () => {
  let server: EmbeddedServer;
  let production: string;
  let staging: string;
  const queries = parseQueryFile(
    readFileSync(fixture('queries-rehearsal-status-and-customer.sql'), 'utf8'),
    't',
    'q',
  ).queries;
  beforeAll(async () => {
    server = await startTestPostgres({ database: 'prod', sql: fill(20000, 85) });
    production = server.url;
    await runSql(withDatabase(server.url, 'postgres'), 'CREATE DATABASE stg');
    staging = withDatabase(server.url, 'stg');
    await runSql(staging, fill(1000, 10));
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('from a URL: production volume, the query literal at its production frequency, staging measured', async () => {
    const input = await statsFromUrl(production, { statementTimeoutMs: 5000 });
    const progress: number[] = [];
    const result = await rehearse({
      stats: input.stats,
      fingerprint: input.fingerprint!,
      schemaPath,
      queries,
      scale: 1,
      staging: { name: 'staging', url: staging, production: false },
      production: { name: 'production', url: production, production: true },
      workers: 2,
      onProgress: (p) => progress.push(p.totalDone),
    });
    expect(result.tables.map((t) => [t.key, t.rows])).toEqual([
      ['customers', 2000],
      ['orders', 20000],
    ]);
    expect(progress.at(-1)).toBe(22000);
    expect(result.generation.rowsPerSecond).toBeGreaterThan(0);
    const orders = result.tables.find((t) => t.key === 'orders')!;
    expect(orders.skew).toEqual(["status = 'completed' (85.0%)", "status = 'cancelled' (5.0%)"]);
    const [byStatus, customer, cancelled] = result.queries;
    expect(byStatus!.rehearsal.summary!.rows).toBeGreaterThan(15000);
    expect(byStatus!.rehearsal.summary!.executionMs).toBeGreaterThan(0);
    expect(byStatus!.staging).toMatchObject({ measured: true });
    expect(byStatus!.production!.summary!.shape).toBe(byStatus!.rehearsal.summary!.shape);
    expect(customer!.rehearsal.summary!.shape).toContain('orders_customer_id_idx');
    expect(cancelled!.rehearsal.summary!.rows).toBe(1);
    const text = renderRehearsalText(result);
    expect(text).toMatch(/^Rehearsal at production volume: 22,000 rows generated/);
    // The frequent coupon is a production value: it reaches neither the result nor the report.
    const out = JSON.stringify(result) + text + renderRehearsalMarkdown(result);
    expect(out).not.toContain('PLANTED');
    expect(out).not.toContain('parity-embedded');
  });

  it('from a snapshot: literals recognised only under the same fingerprint key; staging marked production is only estimated', async () => {
    const snapshotWith = async (key: string) => {
      const collected = await postgresSource.collect(
        { kind: 'postgres', id: 'orders-db', paths: [], baseDir: '.', options: {} },
        postgresSource.options.parse({ url: production, mostCommonValues: true, ranges: true }),
        { environment: 'production', production: true, fingerprint: createFingerprinter(key) },
      );
      const snapshot: Snapshot = {
        schemaVersion: SNAPSHOT_SCHEMA_VERSION,
        environment: 'production',
        takenAt: '2026-11-22T00:00:00.000Z',
        fingerprintKeyId: fingerprintKeyId(key),
        facts: collected.facts,
        coverage: [],
        skips: collected.skips,
      };
      return JSON.stringify(snapshot);
    };
    const text = await snapshotWith('team-key');
    expect(text).not.toContain('PLANTED');
    // Opt-in ranges: first and last histogram bound of number and time columns, never of text.
    expect(text).toContain('"data/table/orders/column/created_at/range"');
    expect(text).not.toContain('"data/table/orders/column/coupon/range"');
    expect(statsFromSnapshot(text, 'prod.json', 'another-key').notes).toEqual([
      expect.stringMatching(
        /^skew cannot be reproduced on the query's literals: PARITY_FINGERPRINT_KEY \(key \w+\) is not the key/,
      ),
    ]);
    expect(statsFromSnapshot(text, 'prod.json', undefined).notes[0]).toMatch(
      /PARITY_FINGERPRINT_KEY is not set/,
    );
    expect(() => statsFromSnapshot('{"facts": []}', 'bad.json', 'k')).toThrow(
      /^bad.json: not a parity snapshot/,
    );
    const input = statsFromSnapshot(text, 'prod.json', 'team-key', 'orders-db');
    expect(input.notes).toEqual([]);
    const result = await rehearse({
      stats: input.stats,
      fingerprint: input.fingerprint!,
      schemaPath,
      queries: queries.slice(0, 1),
      scale: 0.1,
      keep: true,
      staging: { name: 'staging', url: staging, production: true },
    });
    expect(result.tables.map((t) => t.rows)).toEqual([200, 2000]);
    expect(result.tables[1]!.skew).toEqual(["status = 'completed' (85.0%)"]);
    expect(result.queries[0]!.staging).toMatchObject({ measured: false });
    expect(result.queries[0]!.staging!.summary!.executionMs).toBeUndefined();
    expect(result.keptDataDir && existsSync(result.keptDataDir)).toBe(true);
    await rm(result.keptDataDir!, { recursive: true, force: true });
  });

  it("from a URL reads no table's rows, not even a migration tool's table", async () => {
    // A migration table whose rows cannot be read without an error saying so.
    await runSql(
      production,
      `CREATE FUNCTION rows_were_read() RETURNS boolean LANGUAGE plpgsql VOLATILE AS
         $$ BEGIN RAISE EXCEPTION 'the rows of schema_migrations were read'; END $$;
       CREATE VIEW schema_migrations AS SELECT '20250101'::text AS version WHERE rows_were_read();`,
    );
    try {
      const input = await statsFromUrl(production, { statementTimeoutMs: 5000 });
      expect(input.skips).toEqual([]);
      expect(input.stats.tables.get('orders')?.rows).toBe(20000);
    } finally {
      await runSql(production, 'DROP VIEW schema_migrations; DROP FUNCTION rows_were_read()');
    }
  });
});

describe.skipIf(!pg15Url())(
  'data rehearse statistics from Debian PostgreSQL 15 (PARITY_TEST_PG15_URL)',
  () => {
    it('reads row counts, fingerprints and ranges from a PostgreSQL 15 production', async () => {
      const url = pg15Url()!;
      await runSql(
        url,
        `DROP TABLE IF EXISTS parity_rehearse_probe;
       CREATE TABLE parity_rehearse_probe (id int PRIMARY KEY, state text, at timestamptz);
       INSERT INTO parity_rehearse_probe SELECT g, CASE WHEN g % 10 = 0 THEN 'b' ELSE 'a' END, '2025-01-01'::timestamptz + g * interval '1 hour' FROM generate_series(1, 1000) g;
       ANALYZE parity_rehearse_probe;`,
      );
      const input = await statsFromUrl(url, { statementTimeoutMs: 5000 });
      const table = input.stats.tables.get('parity_rehearse_probe');
      expect(table?.rows).toBe(1000);
      expect(table?.columns.get('state')?.mcv?.map((m) => m.freq)).toEqual([0.9, 0.1]);
      expect(table?.columns.get('at')?.range?.[0]).toMatch(/^2025-01-01 01:00:00/);
    });
  },
);
