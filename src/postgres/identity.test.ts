import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedServer, pg15Url, runSql, startTestPostgres } from '../test-support/postgres.js';
import { withDatabase } from './embedded.js';
import { compareDatabases, readIdentityOfUrl } from './identity.js';

/** The same URL with a change made to it (host, user, parameters). */
function variant(url: string, change: (u: URL) => void): string {
  const u = new URL(url);
  change(u);
  return u.toString();
}

/** Every other spelling of a database URL that still reaches that database. */
function spellings(url: string, other: { user: string; password: string }) {
  return {
    localhost: variant(url, (u) => {
      u.hostname = 'localhost';
    }),
    'another role': variant(url, (u) => {
      u.username = other.user;
      u.password = other.password;
    }),
    'application_name=x': variant(url, (u) => u.searchParams.set('application_name', 'x')),
    'sslmode=disable': variant(url, (u) => u.searchParams.set('sslmode', 'disable')),
  };
}

describe('database identity on embedded PostgreSQL 18', () => {
  let server: EmbeddedServer;
  let prod: string;
  let socketDir: string;
  beforeAll(async () => {
    server = await startTestPostgres({ database: 'prod' });
    prod = server.url;
    const admin = withDatabase(prod, 'postgres');
    await runSql(admin, 'CREATE DATABASE stg');
    await runSql(admin, "CREATE ROLE reader LOGIN PASSWORD 'reader-pw'");
    const { default: pg } = await import('pg');
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    socketDir = (
      await c.query<{ d: string }>("SELECT current_setting('unix_socket_directories') AS d")
    ).rows[0]!.d.split(',')[0]!;
    await c.end();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('the same database however its URL is spelt', async () => {
    const urls = {
      ...spellings(prod, { user: 'reader', password: 'reader-pw' }),
      'unix socket': `postgres://${new URL(prod).username}:${new URL(prod).password}@${encodeURIComponent(socketDir)}:${server.port}/prod`,
    };
    for (const [how, url] of Object.entries(urls)) {
      const same = await compareDatabases({ name: 'production', url: prod }, { name: how, url });
      expect([how, same.verdict]).toEqual([how, 'same']);
    }
  });

  it('another database on the same server is another database (another OID)', async () => {
    const same = await compareDatabases(
      { name: 'production', url: prod },
      { name: 'staging', url: variant(withDatabase(prod, 'stg'), (u) => (u.hostname = 'localhost')) },
    );
    expect(same).toMatchObject({ verdict: 'different', sameServer: true });
    if (same.verdict !== 'different') return;
    expect(same.a.databaseOid).not.toBe(same.b.databaseOid);
    expect(same.b.database).toBe('stg');
  });

  it('another server is another database', async () => {
    const other = await startTestPostgres({ database: 'prod' });
    try {
      const same = await compareDatabases(
        { name: 'production', url: prod },
        { name: 'staging', url: other.url },
      );
      expect(same).toMatchObject({ verdict: 'different', sameServer: false });
    } finally {
      await other.stop();
    }
  });

  it('unknown when the identity cannot be read: a revoked pg_control_system(), a server not reached', async () => {
    // Function privileges live in each database's own catalogue: revoked in prod itself.
    const admin = prod;
    const reader = variant(prod, (u) => {
      u.username = 'reader';
      u.password = 'reader-pw';
    });
    await runSql(admin, 'REVOKE EXECUTE ON FUNCTION pg_control_system() FROM PUBLIC');
    try {
      const same = await compareDatabases(
        { name: 'production', url: prod },
        { name: 'staging', url: reader },
      );
      expect(same.verdict).toBe('unknown');
      if (same.verdict !== 'unknown') return;
      expect(same.reason).toMatch(
        /^staging: .*permission denied.*GRANT EXECUTE ON FUNCTION pg_control_system\(\)/,
      );
    } finally {
      await runSql(admin, 'GRANT EXECUTE ON FUNCTION pg_control_system() TO PUBLIC');
    }
    const closed = variant(prod, (u) => {
      u.port = '1';
    });
    const same = await compareDatabases(
      { name: 'production', url: closed },
      { name: 'staging', url: prod },
      2000,
    );
    expect(same).toMatchObject({
      verdict: 'unknown',
      reason: expect.stringMatching(/^production: cannot reach/),
    });
  });
});

describe.skipIf(!pg15Url())('database identity on Debian PostgreSQL 15 (PARITY_TEST_PG15_URL)', () => {
  it('reads the identity as a plain role; spellings are the same database, another database is not', async () => {
    const url = pg15Url()!;
    await runSql(
      url,
      `DO $$ BEGIN
         IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'parity_identity_reader') THEN
           CREATE ROLE parity_identity_reader LOGIN PASSWORD 'reader-pw';
         END IF;
       END $$`,
    );
    const { default: pg } = await import('pg');
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const exists = await c.query("SELECT 1 FROM pg_database WHERE datname = 'parity_identity_other'");
    if (!exists.rowCount) await c.query('CREATE DATABASE parity_identity_other');
    await c.end();
    const id = await readIdentityOfUrl(url);
    expect(id.systemIdentifier).toMatch(/^\d+$/);
    for (const [how, other] of Object.entries(
      spellings(url, { user: 'parity_identity_reader', password: 'reader-pw' }),
    )) {
      const same = await compareDatabases({ name: 'production', url }, { name: how, url: other });
      expect([how, same.verdict]).toEqual([how, 'same']);
    }
    const different = await compareDatabases(
      { name: 'production', url },
      { name: 'staging', url: withDatabase(url, 'parity_identity_other') },
    );
    expect(different).toMatchObject({ verdict: 'different', sameServer: true });
  });
});
