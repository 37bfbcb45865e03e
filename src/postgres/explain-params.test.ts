import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedServer, startTestPostgres } from '../test-support/postgres.js';
import { explainQueries } from './explain.js';
import { parseQueryFile } from './query-file.js';
import { openSession } from './session.js';

const SETUP = `
CREATE TABLE items (id int PRIMARY KEY, tags text[] NOT NULL, grid int[][], payload jsonb NOT NULL, at timestamptz);
INSERT INTO items SELECT g, ARRAY['t' || g % 7], ARRAY[[g, g], [g, g]], jsonb_build_object('k', g % 5), now() FROM generate_series(1, 200) g;
ANALYZE items;`;

/** `-- params:` values of every JSON shape reach PostgreSQL as the parameter types the statement needs. */
const QUERIES = `
-- name: int-array
-- params: [[1, 2, 3]]
SELECT id FROM items WHERE id = ANY($1)
-- name: text-array
-- params: [["t1", "t2, with a comma", "quote \\" and {brace}"]]
SELECT id FROM items WHERE tags && $1
-- name: nested-array
-- params: [[[1, 2], [3, 4]]]
SELECT id FROM items WHERE grid = $1
-- name: array-with-null
-- params: [[1, null, 3]]
SELECT id FROM items WHERE id = ANY($1::int[])
-- name: jsonb-object
-- params: [{"k": 1}]
SELECT id FROM items WHERE payload @> $1
-- name: jsonb-array-as-string
-- params: ["[1, 2]"]
SELECT id FROM items WHERE payload -> 'k' <@ $1::jsonb
-- name: scalars
-- params: [7, "2025-01-01T00:00:00Z", true, null]
SELECT id FROM items WHERE id > $1 AND at > $2 AND ($3 OR $4::int IS NULL)
`;

describe('-- params: arrays, objects and scalars on a real PostgreSQL', () => {
  let server: EmbeddedServer;
  beforeAll(async () => {
    server = await startTestPostgres({ database: 'params', sql: SETUP });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('plans every query with its sample values (arrays as PostgreSQL arrays, objects as JSON)', async () => {
    const { queries, skips } = parseQueryFile(QUERIES, 't', 'q.sql');
    expect(skips).toEqual([]);
    const session = await openSession(server.url, {
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
    expect(results.map((r) => [r.name, r.error ?? 'planned', r.generic])).toEqual([
      ['int-array', 'planned', false],
      ['text-array', 'planned', false],
      ['nested-array', 'planned', false],
      ['array-with-null', 'planned', false],
      ['jsonb-object', 'planned', false],
      ['jsonb-array-as-string', 'planned', false],
      ['scalars', 'planned', false],
    ]);
  });
});
