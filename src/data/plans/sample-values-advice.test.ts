import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedServer, startEmbedded, withDatabase } from '../../postgres/embedded.js';
import { noValuesAdvice } from '../../postgres/explain.js';
import { parseQueryFile } from '../../postgres/query-file.js';
import { pg15Url, runSql } from '../../test-support/postgres.js';
import { planBoth } from './plans.js';
import { queryFileBlock, readTopStatements } from './top-statements.js';

/**
 * `--top N`: statements from pg_stat_statements have `$n` for their constants and no line to add
 * sample values on, so the advice for one that cannot be planned is to copy it into a query file;
 * utility statements and statements without parameters need no values at all. Checked on the
 * embedded PostgreSQL 18 and on Debian's 15 (no EXPLAIN (GENERIC_PLAN)) when CI started it.
 */
function adviceSuite(label: string, server: () => { url: string; database: string }) {
  describe(label, () => {
    let url: string;
    beforeAll(async () => {
      const s = server();
      await runSql(s.url, `CREATE DATABASE ${s.database}`);
      url = withDatabase(s.url, s.database);
      await runSql(url, 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      // This database's statements only (the server may be shared with other tests).
      await runSql(
        url,
        'SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0)',
      );
      const statements = [
        'CREATE TABLE orders (id bigint PRIMARY KEY, status text NOT NULL)',
        "INSERT INTO orders SELECT g, CASE WHEN g % 10 = 0 THEN 'pending' ELSE 'completed' END FROM generate_series(1, 20000) g",
        'CREATE INDEX orders_status ON orders (status)',
        'ANALYZE orders',
        'VACUUM orders',
        "SELECT count(*) FROM orders WHERE status = 'pending'",
        'SELECT count(*) FROM orders',
        'SELECT 1',
      ];
      for (const sql of statements) await runSql(url, sql);
    }, 60_000);
    afterAll(async () => {
      const s = server();
      await runSql(s.url, `DROP DATABASE IF EXISTS ${s.database} WITH (FORCE)`).catch(() => undefined);
    });

    it('says which statements were skipped and why, and advises a query file only where values are needed', async () => {
      const top = await readTopStatements(url, 10);
      expect(top.notes).toContainEqual(
        expect.stringMatching(
          /^pg_stat_statements: skipped \d+ of the most expensive statements, \d+ utility statements \((?=.*CREATE TABLE)(?=.*CREATE INDEX)(?=.*VACUUM)(?=.*ANALYZE)[^)]*\): EXPLAIN has no plan for them/,
        ),
      );
      expect(top.notes.join('\n')).toMatch(/1 reading no table: no plan to flip/);
      const sqls = top.queries.map((q) => q.sql);
      expect([...sqls].sort()).toEqual([
        'INSERT INTO orders SELECT g, CASE WHEN g % $1 = $2 THEN $3 ELSE $4 END FROM generate_series($5, $6) g',
        'SELECT count(*) FROM orders',
        'SELECT count(*) FROM orders WHERE status = $1',
      ]);
      const plans = await planBoth(
        { name: 'production', url, production: true },
        { name: 'staging', url, production: false },
        [
          ...top.queries,
          // The same statement from a query file: it can be given values.
          { name: 'fill', line: 3, sql: sqls.find((s) => s.startsWith('INSERT'))! },
        ],
      );
      const byName = new Map(plans.baseline.map((r) => [r.name, r]));
      const insert = byName.get(top.queries.find((q) => q.sql.startsWith('INSERT'))!.name)!;
      expect(insert.summary).toBeUndefined();
      expect(insert.error).toContain(
        'the type of a parameter ($1..$6) cannot be inferred without a value, and pg_stat_statements replaced its constants with $1..$6, so it cannot be given sample values here; to plan it, copy it into a --queries file with a -- params: line',
      );
      expect(insert.error).not.toContain('add a -- params:');
      expect(insert.needsValues).toBe(true);
      expect(byName.get('fill')!.error).toContain(
        'add a -- params: line with sample values, or cast the parameter ($6::integer)',
      );
      // A parameter PostgreSQL can type, and a statement without one: planned, no advice.
      for (const q of top.queries.filter((x) => x.sql.startsWith('SELECT'))) {
        expect(byName.get(q.name)!.error).toBeUndefined();
        expect(byName.get(q.name)!.summary).toBeDefined();
      }
    });
  });
}

let embedded: EmbeddedServer | undefined;
beforeAll(async () => {
  embedded = await startEmbedded({ settings: { shared_preload_libraries: 'pg_stat_statements' } });
}, 120_000);
afterAll(async () => {
  await embedded?.stop();
});
adviceSuite('embedded PostgreSQL 18', () => ({ url: embedded!.url, database: 'advice' }));

// CI starts Debian's 15 with pg_stat_statements preloaded (.ci/run).
describe.skipIf(!pg15Url())('PostgreSQL 15 (PARITY_TEST_PG15_URL)', () => {
  adviceSuite('Debian PostgreSQL 15', () => ({ url: pg15Url()!, database: `parity_advice_${process.pid}` }));
});

describe('advice per version and per origin', () => {
  it('below 12 there is no generic plan: a query file adds values, a pg_stat_statements statement is copied', () => {
    expect(noValuesAdvice({}, 2, 110_005)).toBe(
      'PostgreSQL 11 cannot plan $1..$2 without values (generic plans need 12+); add a -- params: line with sample values',
    );
    expect(noValuesAdvice({ origin: 'pg_stat_statements' }, 1, 110_005)).toBe(
      'PostgreSQL 11 cannot plan $1 without values (generic plans need 12+), and pg_stat_statements replaced its constants with $1, so it cannot be given sample values here; to plan it, copy it into a --queries file with a -- params: line',
    );
  });
});

describe('a query-file block for the statements that need values', () => {
  it('is a skip until each <$n> is replaced, then a query with its sample values', () => {
    const block = queryFileBlock([
      { name: 'pgss-42', sql: 'INSERT INTO t SELECT g FROM generate_series($1, $2) g' },
    ]);
    expect(block).toBe(
      '-- name: pgss-42\n-- params: [<$1>, <$2>]\nINSERT INTO t SELECT g FROM generate_series($1, $2) g;',
    );
    expect(parseQueryFile(block, 'data plans', 'q.sql').skips[0]?.reason).toBe(
      'query pgss-42: -- params: expected a JSON array of sample values',
    );
    const filled = parseQueryFile(block.replace('<$1>', '1').replace('<$2>', '10'), 'data plans', 'q.sql');
    expect(filled.queries).toEqual([
      {
        name: 'pgss-42',
        line: 1,
        params: [1, 10],
        sql: 'INSERT INTO t SELECT g FROM generate_series($1, $2) g',
      },
    ]);
  });
});
