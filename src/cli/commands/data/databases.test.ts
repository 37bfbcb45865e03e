import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDatabase } from '../../../postgres/embedded.js';
import { runParity } from '../../../test-support/cli.js';
import { type EmbeddedServer, runSql, startTestPostgres } from '../../../test-support/postgres.js';

/** `data plans` and `data rehearse` take both databases from parity.yaml's postgres sources. */
const SCHEMA = `
CREATE TYPE order_status AS ENUM ('pending', 'completed');
CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL);
CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id),
  status order_status NOT NULL, created_at timestamptz NOT NULL);
CREATE INDEX orders_customer_idx ON orders (customer_id);`;
const fill = (n: number) => `
INSERT INTO customers SELECT g, 'c' || g || '@example.com' FROM generate_series(1, ${n / 10}) g;
INSERT INTO orders (customer_id, status, created_at)
  SELECT 1 + g % ${n / 10}, (ARRAY['pending', 'completed'])[1 + g % 2]::order_status, now() FROM generate_series(1, ${n}) g;
ANALYZE;`;
const QUERIES = `-- name: by-customer
-- params: [[7, 8]]
SELECT id FROM orders WHERE customer_id = ANY($1)
`;

const config = (environments: Record<string, string | null>) =>
  [
    'version: 1',
    'baseline: production',
    'environments:',
    ...Object.entries(environments).flatMap(([name, variable]) => [
      `  ${name}:`,
      '    sources:',
      variable
        ? `      - kind: postgres\n        id: orders-db\n        url: \${${variable}}`
        : '      - kind: dotenv\n        path: app.env',
    ]),
  ].join('\n');

describe('data commands read their databases from parity.yaml', () => {
  let server: EmbeddedServer;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  beforeAll(async () => {
    server = await startTestPostgres({ database: 'prod', sql: SCHEMA + fill(5000) });
    await runSql(withDatabase(server.url, 'postgres'), 'CREATE DATABASE stg');
    await runSql(withDatabase(server.url, 'stg'), SCHEMA + fill(500));
    env = { PROD_DB: server.url, STG_DB: withDatabase(server.url, 'stg') };
    dir = mkdtempSync(path.join(tmpdir(), 'parity-data-config-'));
    writeFileSync(path.join(dir, 'q.sql'), QUERIES);
    writeFileSync(path.join(dir, 'app.env'), 'A=1\n');
  });
  afterAll(async () => {
    await server?.stop();
  });

  const at = (name: string, yaml: string) => {
    const d = mkdtempSync(path.join(dir, `${name}-`));
    writeFileSync(path.join(d, 'parity.yaml'), yaml);
    writeFileSync(path.join(d, 'q.sql'), QUERIES);
    writeFileSync(path.join(d, 'app.env'), 'A=1\n');
    return d;
  };

  it('data plans with no URL flags: ./parity.yaml gives both sides, named as parity.yaml names them', async () => {
    const cwd = at('plans', config({ production: 'PROD_DB', staging: 'STG_DB' }));
    const run = await runParity(['data', 'plans', '--queries', 'q.sql', '--format', 'json'], { cwd, env });
    expect(run.stderr).toBe('');
    expect(run.code).toBeLessThan(2);
    const out = JSON.parse(run.stdout) as { comparisons: { name: string; verdict: string }[] };
    expect(out.comparisons.map((c) => c.name)).toEqual(['by-customer']);
    expect(out.comparisons[0]!.verdict).not.toBe('unplanned');
  }, 120_000);

  it('a flag still wins over parity.yaml, side by side', async () => {
    const cwd = at('override', config({ production: 'PROD_DB', staging: 'NOT_SET_ANYWHERE' }));
    const run = await runParity(
      ['data', 'plans', '--queries', 'q.sql', '--candidate-url', env.STG_DB!, '--format', 'json'],
      { cwd, env },
    );
    expect(run.code).toBeLessThan(2);
  }, 120_000);

  it('says which environment lacks a database, and how to choose between several candidates', async () => {
    const none = await runParity(['data', 'plans', '--queries', 'q.sql'], {
      cwd: at('none', config({ production: 'PROD_DB', staging: null })),
      env,
    });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/staging has no postgres source in parity\.yaml: add one \(kind: postgres/);
    const unset = await runParity(['data', 'plans', '--queries', 'q.sql'], {
      cwd: at('unset', config({ production: 'PROD_DB', staging: 'STG_UNSET' })),
      env,
    });
    expect(unset.code).toBe(2);
    expect(unset.stderr).toMatch(/parity\.yaml:\d+: .*STG_UNSET/);
    const many = await runParity(['data', 'plans', '--queries', 'q.sql'], {
      cwd: at('many', config({ production: 'PROD_DB', staging: 'STG_DB', qa: 'STG_DB' })),
      env,
    });
    expect(many.code).toBe(2);
    expect(many.stderr).toMatch(
      /2 environments besides the baseline production \(staging, qa\): say which to compare with --candidate-name NAME/,
    );
    const chosen = await runParity(['data', 'plans', '--queries', 'q.sql', '--candidate-name', 'qa'], {
      cwd: at('chosen', config({ production: 'PROD_DB', staging: 'STG_DB', qa: 'STG_DB' })),
      env,
    });
    expect(chosen.code).toBeLessThan(2);
    for (const run of [none, unset, many, chosen]) expect(run.stderr).not.toMatch(/postgres:\/\/|\n\s+at /);
  }, 120_000);

  it('data rehearse with no --schema and no URLs: statistics from production, schema read from staging', async () => {
    const cwd = at('rehearse', config({ production: 'PROD_DB', staging: 'STG_DB' }));
    const run = await runParity(
      ['data', 'rehearse', '--queries', 'q.sql', '--format', 'json', '--workers', '1'],
      {
        cwd,
        env,
        timeoutMs: 240_000,
      },
    );
    expect(run.stderr).toMatch(
      /reading the candidate schema from .*stg \(read-only; parity\.yaml:\d+ \(source orders-db\)\)/,
    );
    expect(run.code).toBeLessThan(2);
    const out = JSON.parse(run.stdout) as {
      tables: { key: string; rows: number }[];
      queries: { name: string; rehearsal: { error?: string; summary?: unknown } }[];
    };
    expect(out.tables.map((t) => [t.key, t.rows])).toEqual([
      ['customers', 500],
      ['orders', 5000],
    ]);
    expect(out.queries[0]!.rehearsal.error).toBeUndefined();
    expect(out.queries[0]!.rehearsal.summary).toBeDefined();
  }, 240_000);
});
