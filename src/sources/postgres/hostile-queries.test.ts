import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planBoth } from '../../data/plans/plans.js';
import { type EmbeddedServer, startEmbedded, withDatabase } from '../../postgres/embedded.js';
import { explainQueries } from '../../postgres/explain.js';
import { parseQueryFile } from '../../postgres/query-file.js';
import { openSession } from '../../postgres/session.js';
import { pg15Url, runSql } from '../../test-support/postgres.js';
import { createFingerprinter } from '../secrets.js';
import { postgresSource } from './index.js';

/**
 * Hostile query files against real PostgreSQL 18 (embedded) and 15 (Debian, in CI): whatever a
 * query file holds, `data plans`, the postgres source's `queries:` (audit) and the EXPLAINs of
 * `data rehearse` on a user database (all three go through explainQueries) never change a row.
 * Checked three ways: the table's checksum, the table's insert/update/delete counters (which count
 * aborted writes too), and the server's own log of every statement (log_statement=all).
 */
const DELETE = 'DELETE FROM victims';
const HOSTILE: Record<string, string> = {
  'quote-in-comment-then-commit': `SELECT * FROM victims WHERE id = $1 -- it's\n; COMMIT; BEGIN READ WRITE; ${DELETE}; COMMIT; --'`,
  'dollar-quote-hides-semicolon': `SELECT $$;$$, id FROM victims WHERE id = $1; ${DELETE}`,
  'tagged-dollar-quote': `SELECT $x$ '; $x$ FROM victims; ${DELETE}; SELECT $x$ ' $x$`,
  'e-string-escaped-quote': `SELECT E'it\\'s' FROM victims; ${DELETE}; --'`,
  'e-string-holding-a-semicolon': `SELECT E'\\'; ${DELETE}; --' FROM victims`,
  'nested-comment-closes-late': `SELECT 1 /* outer /* inner */ still comment ; */ FROM victims; ${DELETE}`,
  'semicolon-in-identifier': `SELECT "a;b" FROM (SELECT 1 AS "a;b") s; ${DELETE}`,
  'commit-alone': 'COMMIT',
  rollback: 'ROLLBACK',
  'begin-read-write': 'BEGIN READ WRITE',
  'session-characteristics': 'SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE',
  'transaction-read-write': 'SET TRANSACTION READ WRITE',
  'read-only-off': 'SET default_transaction_read_only = off',
  reset: 'RESET ALL',
  discard: 'DISCARD ALL',
  'do-block': `DO $$ BEGIN ${DELETE}; END $$`,
  truncate: 'TRUNCATE victims',
  'select-into': 'SELECT * INTO stolen FROM victims',
  'explain-analyze-inside': `EXPLAIN ANALYZE ${DELETE}`,
  'call-procedure': 'CALL wipe()',
  'copy-to-program': "COPY victims TO PROGRAM 'true'",
  'immutable-function-that-writes': 'SELECT wipe_immutable()',
  'volatile-function-that-writes': 'SELECT wipe_volatile() FROM victims WHERE id = $1',
  'set-config-in-select': "SELECT set_config('default_transaction_read_only', 'off', false)",
  'writing-cte': `WITH gone AS (${DELETE} RETURNING *) SELECT count(*) FROM gone`,
  'plain-delete-is-only-explained': `${DELETE} WHERE id > $1`,
};

const SETUP = `
CREATE TABLE victims (id int PRIMARY KEY, v text);
INSERT INTO victims SELECT g, md5(g::text) FROM generate_series(1, 500) g;
CREATE PROCEDURE wipe() LANGUAGE sql AS $$ ${DELETE} $$;
CREATE FUNCTION wipe_immutable() RETURNS int LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN ${DELETE}; RETURN 1; END $$;
CREATE FUNCTION wipe_volatile() RETURNS int LANGUAGE plpgsql AS $$ BEGIN ${DELETE}; RETURN 1; END $$;
ANALYZE victims;
`;

function queryFile(): string {
  return Object.entries(HOSTILE)
    .map(([name, sql]) => `-- name: ${name}\n${sql}\n`)
    .join('\n');
}

async function state(url: string): Promise<string> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query(
      `SELECT (SELECT md5(string_agg(id || ':' || v, ',' ORDER BY id)) FROM victims) AS sum,
              (SELECT n_tup_ins || '/' || n_tup_upd || '/' || n_tup_del FROM pg_stat_user_tables WHERE relname = 'victims') AS counters,
              (SELECT count(*) FROM pg_class WHERE relname = 'stolen') AS stolen`,
    );
    await client.query('SELECT pg_stat_force_next_flush()').catch(() => undefined);
    return JSON.stringify(r.rows[0]);
  } finally {
    await client.end();
  }
}

/** Statements a read-only run may send, as the server logged them. */
const ALLOWED = [
  /^SAVEPOINT parity_\d+$/,
  /^RELEASE SAVEPOINT parity_\d+$/,
  /^ROLLBACK( TO SAVEPOINT parity_\d+)?$/,
  /^BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY$/,
  /^SELECT\b/is,
  /^WITH\b/is,
  /^EXPLAIN \(FORMAT JSON\) (SELECT|WITH|DELETE|EXECUTE parity_generic_\d+)\b/s,
  /^PREPARE parity_generic_\d+ AS (SELECT|WITH|DELETE)\b/s,
  /^SET LOCAL plan_cache_mode (= force_generic_plan|TO DEFAULT)$/,
  /^DEALLOCATE parity_generic_\d+$/,
];

/** Every statement logged after `from` (characters), up to the marker query that ends the run. */
async function loggedStatements(read: () => string, from: number, marker: string): Promise<string[]> {
  for (let i = 0; i < 100; i++) {
    const text = read().slice(from);
    if (text.includes(marker)) {
      return text
        .split(/\n(?=\S)/)
        .map((entry) => /\b(?:LOG:\s+statement|LOG:\s+execute [^:]*): ([\s\S]*)$/.exec(entry)?.[1]?.trim())
        .filter((s): s is string => !!s && !s.includes(marker));
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the marker never reached the server log');
}

function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const bin = new URL('../../../dist/cli/bin.js', import.meta.url).pathname;
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

function hostileSuite(label: string, target: () => { url: string; log?: () => string }): void {
  describe(`hostile query files against ${label}`, () => {
    let dir: string;
    beforeAll(async () => {
      await runSql(
        target().url,
        `DROP TABLE IF EXISTS victims, stolen; DROP PROCEDURE IF EXISTS wipe(); DROP FUNCTION IF EXISTS wipe_immutable(), wipe_volatile(); ${SETUP}`,
      );
      await runSql(target().url, 'DROP DATABASE IF EXISTS hostile_candidate');
      await runSql(target().url, 'CREATE DATABASE hostile_candidate');
      await runSql(withDatabase(target().url, 'hostile_candidate'), SETUP);
      dir = await mkdtemp(path.join(tmpdir(), 'parity-hostile-'));
      writeFileSync(path.join(dir, 'queries.sql'), queryFile());
    });

    it('refuses every statement that is not one SELECT/INSERT/UPDATE/DELETE, and writes nothing', async () => {
      const { url, log } = target();
      const before = await state(url);
      const candidateBefore = await state(withDatabase(url, 'hostile_candidate'));
      const logStart = log ? log().length : 0;
      const { queries, skips } = parseQueryFile(queryFile(), 'q', 'queries.sql');
      expect(skips).toEqual([]);
      expect(queries).toHaveLength(Object.keys(HOSTILE).length);

      // 1. explainQueries on a read-only session (what rehearse --from-url does on production).
      const session = await openSession(url, {
        statementTimeoutMs: 5000,
        lockTimeoutMs: 1000,
        connectTimeoutMs: 5000,
      });
      let results: Awaited<ReturnType<typeof explainQueries>>;
      try {
        results = await explainQueries(session, queries, { analyze: false, production: true });
      } finally {
        await session.close();
      }
      const refused = results
        .filter((r) => r.refused)
        .map((r) => r.name)
        .sort();
      const planned = results
        .filter((r) => r.summary)
        .map((r) => r.name)
        .sort();
      expect(planned).toEqual(
        [
          'e-string-holding-a-semicolon',
          'plain-delete-is-only-explained',
          'set-config-in-select',
          'volatile-function-that-writes',
          'writing-cte',
        ].sort(),
      );
      expect(refused).toEqual(
        Object.keys(HOSTILE)
          .filter((n) => !planned.includes(n) && n !== 'immutable-function-that-writes')
          .sort(),
      );
      // Folded at plan time, the immutable function's DELETE fails inside the read-only transaction.
      expect(results.find((r) => r.name === 'immutable-function-that-writes')?.error).toMatch(
        /read-only transaction|non-volatile function/,
      );

      // 2. data plans (library), both sides the same server.
      const plans = await planBoth(
        { name: 'production', url, production: true },
        { name: 'staging', url, production: false },
        queries,
      );
      expect(plans.errors).toEqual([]);

      // 3. the postgres source's queries: (audit).
      const collected = await postgresSource.collect(
        { kind: 'postgres', id: 'db', paths: [], baseDir: dir, options: {} },
        postgresSource.options.parse({ url, queries: 'queries.sql' }),
        { environment: 'production', production: true, fingerprint: createFingerprinter('k') },
      );
      expect(collected.skips.filter((s) => /refused, nothing sent/.test(s.reason))).toHaveLength(
        refused.length,
      );

      // 4. data plans (CLI): refused queries mean it could not judge: exit 2.
      const candidate = withDatabase(url, 'hostile_candidate');
      const cli = await runCli([
        ...['data', 'plans', '--queries', path.join(dir, 'queries.sql')],
        ...['--baseline-url', url, '--candidate-url', candidate],
      ]);
      expect(cli.code).toBe(2);
      expect(cli.stderr).toMatch(/refused before reaching a database/);

      expect(await state(url)).toBe(before);
      expect(await state(candidate)).toBe(candidateBefore);
      if (log) {
        const marker = `parity-hostile-marker-${Date.now()}`;
        await runSql(url, `SELECT '${marker}'`);
        const sent = await loggedStatements(log, logStart, marker);
        const setupOrState = (s: string) => /^(SELECT \(SELECT md5|SELECT pg_stat_force_next_flush)/.test(s);
        const unexpected = sent.filter((s) => !setupOrState(s) && !ALLOWED.some((re) => re.test(s)));
        expect(unexpected).toEqual([]);
        expect(sent.some((s) => /^EXPLAIN/.test(s))).toBe(true);
      }
    }, 120_000);

    it('data plans refuses to compare a database with itself, however the URL is spelt', async () => {
      const url = target().url;
      const alias = url.replace('127.0.0.1', 'localhost');
      const cli = await runCli([
        ...['data', 'plans', '--queries', path.join(dir, 'queries.sql')],
        ...[
          '--baseline-url',
          url,
          '--candidate-url',
          `${alias}${alias.includes('?') ? '&' : '?'}application_name=x`,
        ],
      ]);
      expect(cli.code).toBe(2);
      expect(cli.stderr).toMatch(/reach the same database \(system_identifier \d+/);
    }, 60_000);
  });
}

let server: EmbeddedServer | undefined;
let serverUrl = '';
let serverLog = '';
beforeAll(async () => {
  server = await startEmbedded({
    settings: { log_statement: 'all' },
    onLog: (message) => {
      serverLog += message;
    },
  });
  serverUrl = server.url;
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

hostileSuite('embedded PostgreSQL 18', () => ({
  url: serverUrl,
  log: () => serverLog,
}));

describe.skipIf(!pg15Url())('PostgreSQL 15 (PARITY_TEST_PG15_URL)', () => {
  const file = process.env.PARITY_TEST_PG15_LOG;
  hostileSuite('Debian PostgreSQL 15', () => ({
    url: pg15Url()!,
    log: file && existsSync(file) ? () => readFileSync(file, 'utf8') : undefined,
  }));
});
