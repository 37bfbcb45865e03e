import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQueryFile } from '../../postgres/query-file.js';
import { type EmbeddedServer, pg15Url, runSql, startTestPostgres } from '../../test-support/postgres.js';
import { rehearse } from './rehearse.js';
import { statsFromUrl } from './source.js';

/**
 * `--schema` takes what `pg_dump --schema-only` writes, as it writes it: the fixture is Debian's
 * pg_dump 15.20 output of schema-source-of-the-pg-dump-fixture.sql (`\restrict` lines, `SET`s,
 * `OWNER TO` roles the scratch database lacks, `GRANT`, a row-level policy, comments, a partitioned
 * table, an enum, a domain, a function whose body has a line starting with a backslash).
 */
const fixture = (name: string) => new URL(`./__fixtures__/${name}`, import.meta.url).pathname;
const SOURCE = readFileSync(fixture('schema-source-of-the-pg-dump-fixture.sql'), 'utf8');
const DUMP = fixture('schema-pg-dump-15-restrict-owners-grants-policy.sql');
const FILL = `
INSERT INTO shop.customers (email) SELECT 'c' || g || '@example.com' FROM generate_series(1, 500) g;
INSERT INTO shop.orders (customer_id, status, total_cents, created_at)
SELECT 1 + g % 500, (ARRAY['pending','completed','completed','cancelled'])[1 + g % 4]::shop.order_status,
  g % 9000, '2025-01-01'::timestamptz + g * interval '10 minutes'
FROM generate_series(1, 8000) g;
ANALYZE;`;
const QUERIES = parseQueryFile(
  [
    '-- name: open-by-customer',
    "SELECT id FROM shop.orders WHERE customer_id = 42 AND status = 'pending'",
    '-- name: open-view',
    'SELECT count(*) FROM shop.open_orders',
  ].join('\n'),
  't',
  'q.sql',
).queries;

async function rehearseWith(schemaPath: string, production: string) {
  const input = await statsFromUrl(production, { statementTimeoutMs: 5000 });
  const log: string[] = [];
  const result = await rehearse({
    stats: input.stats,
    fingerprint: input.fingerprint!,
    schemaPath,
    queries: QUERIES,
    scale: 1,
    workers: 1,
    log: (line) => log.push(line),
  });
  return { result, log };
}

/** Both tables at production's row counts, both queries planned on the scratch database. */
function expectEveryTableFilledAndQueryPlanned(result: Awaited<ReturnType<typeof rehearseWith>>['result']) {
  expect(result.tables.map((t) => [t.key, t.rows])).toEqual([
    ['shop.customers', 500],
    ['shop.orders', 8000],
  ]);
  expect(result.queries.map((q) => [q.name, q.rehearsal.error ?? 'planned'])).toEqual([
    ['open-by-customer', 'planned'],
    ['open-view', 'planned'],
  ]);
}

describe('data rehearse --schema with pg_dump output', () => {
  let server: EmbeddedServer;
  beforeAll(async () => {
    server = await startTestPostgres({ database: 'prod', sql: SOURCE + FILL });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('applies the dump unedited: meta-commands and OWNER TO left out, granted roles created, every query planned', async () => {
    const { result, log } = await rehearseWith(DUMP, server.url);
    expectEveryTableFilledAndQueryPlanned(result);
    expect(log.join('\n')).toMatch(
      /left out psql meta-command \\restrict \(line 5\), psql meta-command \\unrestrict \(line \d+\), \d+ OWNER TO \(lines \d+-\d+\)/,
    );
  });

  // pg_dump 18.3 as PGlite's tools build it (@electric-sql/pglite-tools 0.4.8 on PGlite 0.5.8, run
  // once over the same source SQL): no `\restrict` lines, and PostgreSQL 17+'s `SET transaction_timeout`.
  it('applies pg_dump 18 output of the same source unedited', async () => {
    const dump18 = fixture('schema-pg-dump-18-pglite-owners-grants-policy.sql');
    expect(readFileSync(dump18, 'utf8')).toMatch(/^-- Dumped by pg_dump version 18\./m);
    const { result, log } = await rehearseWith(dump18, server.url);
    expectEveryTableFilledAndQueryPlanned(result);
    expect(log.join('\n')).toMatch(/left out \d+ OWNER TO \(lines \d+-\d+\)/);
  });

  it('a statement the scratch database refuses names the dump file and the statement line', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-dump-'));
    const broken = path.join(dir, 'broken.sql');
    const lines = readFileSync(DUMP, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.startsWith('CREATE INDEX orders_customer_idx'));
    lines[at] = 'CREATE INDEX orders_customer_idx ON shop.orders USING btree (no_such_column);';
    writeFileSync(broken, lines.join('\n'));
    await expect(rehearseWith(broken, server.url)).rejects.toThrow(
      `${broken}:${at + 1}: the candidate schema does not apply: column "no_such_column" does not exist`,
    );
  });

  const pgDump15 = '/usr/lib/postgresql/15/bin/pg_dump';
  it.skipIf(!pg15Url() || !existsSync(pgDump15))(
    "Debian's pg_dump 15 run now, on PostgreSQL 15, applies as written",
    async () => {
      const admin = pg15Url()!;
      await runSql(admin, 'DROP DATABASE IF EXISTS parity_dump_src');
      await runSql(admin, 'CREATE DATABASE parity_dump_src');
      const url = new URL(admin);
      url.pathname = '/parity_dump_src';
      // Roles belong to the cluster, not the database: create each one only if it is not there yet
      // (a fresh CI server has none; a developer's server keeps them from an earlier run). The
      // replacement is a function so that `$$` in the DO block is not read as a replacement pattern.
      await runSql(
        url.toString(),
        SOURCE.replace(
          /CREATE ROLE (\w+) NOLOGIN;/g,
          (_match, role: string) =>
            `DO $do$ BEGIN CREATE ROLE ${role} NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $do$;`,
        ),
      );
      const dump = path.join(mkdtempSync(path.join(tmpdir(), 'parity-dump-')), 'live.sql');
      writeFileSync(dump, execFileSync(pgDump15, ['--schema-only', url.toString()]));
      expect(readFileSync(dump, 'utf8')).toMatch(/^\\restrict /m);
      const { result } = await rehearseWith(dump, server.url);
      expect(result.tables.map((t) => t.key)).toEqual(['shop.customers', 'shop.orders']);
    },
  );
});
