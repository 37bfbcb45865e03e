// Collects two databases of 1,000 tables x 20 columns with the postgres source (both environments
// at once, as `parity audit` does). Target: <= 5 s for both.

import { startEmbedded, withDatabase } from '../src/postgres/embedded.js';
import { postgresSource } from '../src/sources/postgres/index.js';
import { createFingerprinter } from '../src/sources/secrets.js';
import { runSql } from '../src/test-support/postgres.js';
import { wideSchemaSql } from './data-generators.js';

const tables = Number(process.argv[2] ?? 1000);
const columns = Number(process.argv[3] ?? 20);
const envs = [
  { name: 'production', rows: 200 },
  { name: 'staging', rows: 20 },
];
const servers = await Promise.all(envs.map(() => startEmbedded()));
try {
  const t0 = Date.now();
  const urls = await Promise.all(
    servers.map(async (s, i) => {
      await runSql(s.url, 'CREATE DATABASE app');
      const url = withDatabase(s.url, 'app');
      await runSql(url, wideSchemaSql(tables, columns, envs[i]!.rows));
      return url;
    }),
  );
  console.log(
    `built ${tables} tables x ${columns} columns in both databases in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  const fingerprint = createFingerprinter('bench');
  for (const mostCommonValues of [false, true]) {
    const started = Date.now();
    const results = await Promise.all(
      urls.map((url, i) =>
        postgresSource.collect(
          { kind: 'postgres', id: 'db', paths: [], baseDir: '.', options: {} },
          postgresSource.options.parse({ url, mostCommonValues, statementTimeoutMs: 60_000 }),
          { environment: envs[i]!.name, production: i === 0, fingerprint },
        ),
      ),
    );
    const ms = Date.now() - started;
    const facts = results.reduce((n, r) => n + r.facts.length, 0);
    const skips = results.reduce((n, r) => n + r.skips.length, 0);
    console.log(
      `collect both (mostCommonValues ${mostCommonValues}): ${(ms / 1000).toFixed(2)} s, ${facts.toLocaleString('en-US')} facts, ${skips} skips`,
    );
  }
} finally {
  await Promise.all(servers.map((s) => s.stop()));
}
