// PostgreSQL targets of the attack: Debian PostgreSQL 15 (log: /work/pg15/log) and an embedded 18
// started with the project's own helper, each with attack_prod / attack_stg databases.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './lib.mjs';

const { default: pg } = await import(path.join(ROOT, 'node_modules/pg/lib/index.js'));
export const PG15 = process.env.ATTACK_PG15 ?? 'postgres://postgres@127.0.0.1:54315';
export const PG15_LOG = process.env.ATTACK_PG15_LOG ?? '/work/pg15/log';

export const SETUP = `
CREATE TABLE attack_victims (id int PRIMARY KEY, v text);
INSERT INTO attack_victims SELECT g, md5(g::text) FROM generate_series(1, 500) g;
CREATE SEQUENCE attack_seq;
CREATE PROCEDURE wipe() LANGUAGE sql AS $$ DELETE FROM attack_victims $$;
CREATE FUNCTION wipe_immutable() RETURNS int LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN DELETE FROM attack_victims; RETURN 1; END $$;
CREATE FUNCTION wipe_stable() RETURNS int LANGUAGE plpgsql STABLE AS $$ BEGIN DELETE FROM attack_victims; RETURN 1; END $$;
CREATE FUNCTION wipe_volatile() RETURNS int LANGUAGE plpgsql AS $$ BEGIN DELETE FROM attack_victims; RETURN 1; END $$;
ANALYZE attack_victims;`;

export async function sql(url, text) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text)).rows ?? [];
  } finally {
    await c.end();
  }
}

export function db(server, name) {
  const u = new URL(server);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Fresh attack_prod and attack_stg on a server (its admin URL). */
export async function prepare(server) {
  const admin = db(server, 'postgres');
  for (const name of ['attack_prod', 'attack_stg']) {
    await sql(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await sql(admin, `CREATE DATABASE ${name}`);
    await sql(db(server, name), SETUP);
  }
}

/** Checksum, write counters (count aborted writes too) and stray objects. */
export async function state(url) {
  await sql(url, 'SELECT pg_stat_force_next_flush()').catch(() => undefined);
  const rows = await sql(
    url,
    `SELECT (SELECT md5(string_agg(id || ':' || v, ',' ORDER BY id)) FROM attack_victims) AS sum,
            (SELECT n_tup_ins || '/' || n_tup_upd || '/' || n_tup_del FROM pg_stat_user_tables WHERE relname = 'attack_victims') AS counters,
            (SELECT count(*) FROM pg_class WHERE relname IN ('attack_stolen')) AS stolen,
            (SELECT count(*) FROM pg_proc WHERE proname = 'attack_f') AS funcs,
            (SELECT count(*) FROM pg_prepared_xacts) AS prepared`,
  );
  return JSON.stringify(rows[0]);
}

/** Statements a read-only run may send (as logged); anything else touching attack_ objects is a write attempt. */
export const ALLOWED = [
  /^SAVEPOINT parity_\d+$/,
  /^RELEASE SAVEPOINT parity_\d+$/,
  /^ROLLBACK( TO SAVEPOINT parity_\d+)?$/,
  /^BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY$/,
  /^SELECT\b/is,
  /^WITH\b/is,
  /^SHOW\b/is,
  /^SET (SESSION )?(statement_timeout|lock_timeout|idle_in_transaction_session_timeout|application_name|default_transaction_read_only)\b/i,
  /^EXPLAIN \(FORMAT JSON\) (SELECT|WITH|DELETE|INSERT|UPDATE|TABLE|VALUES|EXECUTE parity_generic_\d+)\b/s,
  /^PREPARE parity_generic_\d+ AS (SELECT|WITH|DELETE|INSERT|UPDATE|TABLE|VALUES)\b/s,
  /^SET LOCAL plan_cache_mode (= force_generic_plan|TO DEFAULT)$/,
  /^DEALLOCATE parity_generic_\d+$/,
];

export function logOffset() {
  try {
    return statSync(PG15_LOG).size;
  } catch {
    return 0;
  }
}

/** Statements logged since `from` by the server log file. */
export function statementsSince(from, text = undefined) {
  let t = text;
  if (t === undefined) {
    const buf = readFileSync(PG15_LOG);
    t = buf.subarray(from).toString('utf8');
  }
  return t
    .split(/\n(?=\d{4}-\d\d-\d\d )/)
    .map((e) => /\b(?:LOG:\s+statement|LOG:\s+execute [^:]*): ([\s\S]*)$/.exec(e)?.[1]?.trim())
    .filter(Boolean);
}

/** Logged statements that are not reads (only those mentioning our objects: the server is shared). */
export function nonReads(statements) {
  return statements.filter(
    (s) =>
      /attack_|wipe|parity_generic/.test(s) &&
      !ALLOWED.some((re) => re.test(s)) &&
      !/^(SELECT|WITH) .*pg_stat|md5\(string_agg/s.test(s),
  );
}
