import type { Client } from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { type EmbeddedServer, startEmbedded, withDatabase } from '../postgres/embedded.js';

export type { EmbeddedServer };

/**
 * Starts a throwaway embedded PostgreSQL 18 on 127.0.0.1 for a test file; call `stop()` in afterAll.
 * Optionally creates a database and runs setup SQL in it; returns the URL of that database.
 */
export async function startTestPostgres(setup?: {
  database?: string;
  sql?: string;
}): Promise<EmbeddedServer> {
  const server = await startEmbedded();
  if (!setup) return server;
  const { default: pg } = await import('pg');
  let url = server.url;
  if (setup.database) {
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${setup.database}"`);
    await admin.end();
    url = withDatabase(server.url, setup.database);
  }
  if (setup.sql) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(setup.sql);
    await client.end();
  }
  return { ...server, url };
}

/**
 * For the tests of one describe block: a server set up as startTestPostgres does and `count`
 * connected clients (filled in before the tests run), all closed after them.
 */
export function useTestPostgresClients(
  setup: { database?: string; sql?: string },
  count: number,
): { clients: Client[] } {
  const clients: Client[] = [];
  let server: EmbeddedServer | undefined;
  beforeAll(async () => {
    server = await startTestPostgres(setup);
    const { default: pg } = await import('pg');
    for (let i = 0; i < count; i++) {
      const c = new pg.Client({ connectionString: server.url });
      await c.connect();
      clients.push(c);
    }
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end()));
    await server?.stop();
  });
  return { clients };
}

/** Debian's PostgreSQL 15, when the CI started one: `PARITY_TEST_PG15_URL=postgres://...`. */
export function pg15Url(): string | undefined {
  return process.env.PARITY_TEST_PG15_URL || undefined;
}

/** Runs SQL against a URL (test setup only; never used on a user's database). */
export async function runSql(url: string, sql: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
