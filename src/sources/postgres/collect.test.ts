import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../postgres/embedded.js';
import { type EmbeddedServer, pg15Url, runSql, startTestPostgres } from '../../test-support/postgres.js';
import { createFingerprinter } from '../secrets.js';
import type { SourceSpec } from '../types.js';
import { postgresSource } from './index.js';

const PLANTED = 'sk_live_PLANTEDsecret0123456789';
const SETUP = `
CREATE TABLE orders (id bigint PRIMARY KEY, status text NOT NULL, api_token text DEFAULT '${PLANTED}', note text);
INSERT INTO orders SELECT g, CASE WHEN g % 10 = 0 THEN 'refunded' ELSE 'paid' END, NULL, NULL FROM generate_series(1, 2000) g;
CREATE TABLE secrets_vault (id int);
CREATE TABLE golang (version bigint, dirty boolean);
ALTER TABLE golang RENAME TO schema_migrations;
INSERT INTO schema_migrations VALUES (20260101, false);
ANALYZE;
CREATE ROLE reader LOGIN PASSWORD 'reader-pw-PLANTED';
GRANT SELECT ON orders, schema_migrations TO reader;
`;

const spec: SourceSpec = {
  kind: 'postgres',
  id: 'postgres',
  paths: [],
  baseDir: new URL('./__fixtures__/', import.meta.url).pathname,
  options: {},
};
const ctx = { environment: 'staging', production: false, fingerprint: createFingerprinter('k') };
const collect = (options: Record<string, unknown>) =>
  postgresSource.collect(spec, postgresSource.options.parse(options), ctx);

describe('postgres source against embedded PostgreSQL 18', () => {
  let server: EmbeddedServer;
  let readerUrl: string;
  beforeAll(async () => {
    server = await startTestPostgres({ database: 'shop', sql: SETUP });
    const u = new URL(server.url);
    u.username = 'reader';
    u.password = 'reader-pw-PLANTED';
    readerUrl = u.toString();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('reads schema, volume, golang-migrate state and plans; bad queries become skips naming the line', async () => {
    const result = await collect({
      url: readerUrl,
      queries: 'queries-one-invalid-one-multi.sql',
      statementTimeoutMs: 2000,
    });
    const value = (key: string) => result.facts.find((f) => f.key === key)?.value;
    expect(value('data/table/orders/column/status/type')).toBe('text');
    expect(value('data/table/orders/column/status/nullable')).toBe(false);
    expect(value('data/table/orders/index/orders_pkey/definition')).toBe('UNIQUE btree (id)');
    expect(value('data/table/orders/rows')).toBe(2000);
    expect(value('data/migrations/golang-migrate/applied')).toEqual(['20260101']);
    expect(value('data/migrations/golang-migrate/dirty')).toBe(false);
    expect(value('access/db-role/superuser')).toBe(false);
    expect(value('access/db-role/table-privileges')).toEqual(['SELECT']);
    expect(value('data/plan/orders-by-status/shape')).toBe('Seq Scan on orders');
    expect(value('data/plan/slow-generic/shape')).toEqual(expect.stringContaining('Nested Loop'));
    const reasons = result.skips.map((s) => `${s.line ?? '-'} ${s.reason}`);
    expect(reasons).toEqual([
      expect.stringMatching(/^- no SELECT privilege on table public.secrets_vault/),
      expect.stringMatching(/^5 query typo-in-column \(line 5\): .*column "idd" does not exist/),
      expect.stringMatching(
        /^8 query smuggled-second-statement \(line 8\) refused, nothing sent: expected exactly one statement, found 2/,
      ),
    ]);
  });

  it('keeps planted secrets (column default, URL password) out of every fact and skip', async () => {
    const result = await collect({ url: readerUrl, sample: true, mostCommonValues: true });
    const def = result.facts.find((f) => f.key === 'data/table/orders/column/api_token/default');
    expect(def?.value).toMatchObject({ secret: true });
    const json = JSON.stringify(result);
    expect(json).not.toContain('PLANTED');
    expect(json).not.toContain('refunded');
  });

  it('turns refused connections, wrong passwords and bad URLs into one clear skip', async () => {
    const port = await freePort();
    const refused = await collect({
      url: `postgres://u:pw-PLANTED@127.0.0.1:${port}/x`,
      connectTimeoutMs: 2000,
    });
    expect(refused.skips[0]?.reason).toMatch(/^cannot reach PostgreSQL at 127.0.0.1:\d+\/x \(ECONNREFUSED\)/);
    const auth = await collect({ url: readerUrl.replace('reader-pw-PLANTED', 'wrong-PLANTED') });
    expect(auth.skips[0]?.reason).toMatch(/^authentication failed at 127.0.0.1:\d+\/shop/);
    const bad = await collect({ url: 'mysql://nope' });
    expect(bad.skips[0]?.reason).toMatch(/^expected a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(JSON.stringify([refused, auth, bad])).not.toContain('PLANTED');
  });

  it('reports a statement timeout as a skip and keeps going', async () => {
    await runSql(server.url.replace('/postgres', '/shop'), 'SELECT 1');
    const result = await collect({ url: readerUrl, statementTimeoutMs: 1 });
    expect(result.skips.some((s) => /timed out|canceling statement/.test(s.reason))).toBe(true);
  });
});

describe.skipIf(!pg15Url())('postgres source against Debian PostgreSQL 15 (PARITY_TEST_PG15_URL)', () => {
  it('reads the catalog and plans generically without EXPLAIN (GENERIC_PLAN), which 15 lacks', async () => {
    const url = pg15Url()!;
    await runSql(
      url,
      'CREATE TABLE IF NOT EXISTS orders (id bigint PRIMARY KEY, status text NOT NULL); ANALYZE orders',
    );
    const result = await collect({ url, queries: 'queries-one-invalid-one-multi.sql' });
    expect(result.facts.find((f) => f.key === 'data/server/version')?.value).toMatch(/^15\./);
    expect(result.facts.find((f) => f.key === 'data/plan/slow-generic/shape')?.value).toEqual(
      expect.stringContaining('Nested Loop'),
    );
    expect(result.skips.map((s) => s.reason)).toContainEqual(
      expect.stringMatching(/smuggled-second-statement \(line 8\) refused, nothing sent/),
    );
  });
});
