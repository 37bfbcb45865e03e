import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDatabase } from '../../postgres/embedded.js';
import { readIdentityOfUrl } from '../../postgres/identity.js';
import { parseQueryFile } from '../../postgres/query-file.js';
import { openSession } from '../../postgres/session.js';
import { type EmbeddedServer, runSql, startTestPostgres } from '../../test-support/postgres.js';
import { clearStagingForAnalyze, recheckSession } from './guard.js';
import { rehearse } from './rehearse.js';
import { rehearseExitCode } from './report.js';
import { statsFromUrl } from './source.js';

const fixture = (name: string) => new URL(`./__fixtures__/${name}`, import.meta.url).pathname;
const schemaPath = fixture('schema-orders-customers-coupons.sql');
const queries = parseQueryFile(
  readFileSync(fixture('queries-rehearsal-status-and-customer.sql'), 'utf8'),
  't',
  'q',
).queries;

const respell = (url: string, change: (u: URL) => void) => {
  const u = new URL(url);
  change(u);
  return u.toString();
};

describe('data rehearse: staging is EXPLAIN ANALYZEd only when it is provably not production', () => {
  let server: EmbeddedServer;
  let production: string;
  beforeAll(async () => {
    server = await startTestPostgres({
      database: 'prod',
      sql: `${readFileSync(schemaPath, 'utf8')}
        INSERT INTO customers SELECT g, 'c' || g || '@example.com', 'DE' FROM generate_series(1, 100) g;
        INSERT INTO orders SELECT g, 1 + g % 100, 'completed', NULL, g, now() FROM generate_series(1, 1000) g;
        ANALYZE;`,
    });
    production = server.url;
    await runSql(withDatabase(production, 'postgres'), 'CREATE DATABASE empty_staging');
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('refuses production reached by another spelling, before anything is generated', async () => {
    const stats = (await statsFromUrl(production, { statementTimeoutMs: 5000 })).stats;
    const spellings = [
      respell(production, (u) => (u.hostname = 'localhost')),
      respell(production, (u) => u.searchParams.set('application_name', 'x')),
    ];
    for (const url of spellings) {
      let started = false;
      await expect(
        rehearse({
          stats,
          schemaPath,
          queries,
          scale: 0.01,
          staging: { name: 'staging', url, production: false },
          production: { name: 'production', url: production, production: true },
          onStarted: () => {
            started = true;
          },
        }),
      ).rejects.toThrow(
        /^refusing to EXPLAIN ANALYZE staging: (localhost|127\.0\.0\.1):\d+\/prod is the production database \(system_identifier \d+, database prod \(oid \d+\)/,
      );
      expect(started).toBe(false);
    }
  });

  it('refuses when production cannot be compared, unless told to go ahead (loudly)', async () => {
    const staging = { name: 'staging', url: withDatabase(production, 'empty_staging'), production: false };
    // From a snapshot there is no production connection to compare with.
    await expect(clearStagingForAnalyze(staging, undefined)).rejects.toThrow(
      /^refusing to EXPLAIN ANALYZE staging: whether it is production cannot be checked \(production is known only from a snapshot.*--allow-unverified-staging/,
    );
    const closed = { name: 'production', url: respell(production, (u) => (u.port = '1')), production: true };
    await expect(clearStagingForAnalyze(staging, closed)).rejects.toThrow(
      /cannot be checked \(production: cannot reach/,
    );
    const allowed = await clearStagingForAnalyze(staging, undefined, { allowUnverified: true });
    expect(allowed.warning).toMatch(/^WARNING: staging was not checked against production/);
    // The override never covers a match.
    await expect(
      clearStagingForAnalyze(
        { name: 'staging', url: respell(production, (u) => (u.hostname = 'localhost')), production: false },
        { name: 'production', url: production, production: true },
        { allowUnverified: true },
      ),
    ).rejects.toThrow(/is the production database/);
    // A staging marked production is only EXPLAINed: nothing to clear.
    expect(await clearStagingForAnalyze({ ...staging, production: true }, undefined)).toEqual({});
  });

  it('checks again over the session that runs EXPLAIN ANALYZE', async () => {
    const id = await readIdentityOfUrl(production);
    const session = await openSession(
      respell(production, (u) => (u.hostname = 'localhost')),
      {
        statementTimeoutMs: 5000,
        lockTimeoutMs: 1000,
        connectTimeoutMs: 5000,
      },
    );
    try {
      await expect(recheckSession(session, 'staging', id)).rejects.toThrow(/is the production database/);
    } finally {
      await session.close();
    }
  });

  it('a query that fails on staging is a failure: exit 2', async () => {
    const input = await statsFromUrl(production, { statementTimeoutMs: 5000 });
    const result = await rehearse({
      stats: input.stats,
      schemaPath,
      queries: queries.slice(0, 1),
      scale: 0.1,
      staging: { name: 'staging', url: withDatabase(production, 'empty_staging'), production: false },
      production: { name: 'production', url: production, production: true },
    });
    expect(result.queries[0]!.rehearsal.error).toBeUndefined();
    expect(result.queries[0]!.staging!.error).toMatch(/relation "orders" does not exist/);
    expect(rehearseExitCode(result)).toBe(2);
  });
});
