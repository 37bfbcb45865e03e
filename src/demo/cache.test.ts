import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSql } from '../test-support/postgres.js';
import { cacheKey, restoreFromCache, saveToCache } from './cache.js';
import { startDemoDatabases } from './databases.js';

const roots: string[] = [];
async function freshRoot(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'parity-cache-test-'));
  roots.push(root);
  return root;
}
afterAll(async () => {
  await Promise.all(roots.map((r) => rm(r, { recursive: true, force: true })));
});

describe('demo data cache', () => {
  it('keys on every part, restores only complete entries, and prunes stale ones', async () => {
    expect(cacheKey(['seed', 'a'])).not.toBe(cacheKey(['seeda', '']));
    const root = await freshRoot();
    const cache = { root };
    const data = path.join(await freshRoot(), 'source-data');
    await mkdir(data);
    await writeFile(path.join(data, 'PG_VERSION'), '18\n');
    await writeFile(path.join(data, 'postmaster.pid'), '12345\n');
    // A half-written entry (no marker) of a crashed run is never used.
    await mkdir(path.join(root, 'prod--k1', 'data'), { recursive: true });
    expect(await restoreFromCache(cache, 'prod', 'k1')).toBeNull();
    // A dead run's temporary entry, an hour old, and a stale key are pruned on the next save.
    const deadTmp = path.join(root, 'prod--k0.tmp-999-abcd');
    await mkdir(deadTmp);
    await utimes(deadTmp, new Date(0), new Date(0));
    await mkdir(path.join(root, 'prod--old-key'));
    await mkdir(path.join(root, 'staging--k2'));
    await saveToCache(cache, 'prod', 'k1', data);
    expect((await readdir(root)).sort()).toEqual(['prod--k1', 'staging--k2']);
    const copy = await restoreFromCache(cache, 'prod', 'k1');
    expect(copy && existsSync(path.join(copy, 'PG_VERSION'))).toBe(true);
    expect(existsSync(path.join(copy!, 'postmaster.pid'))).toBe(false);
    await rm(copy!, { recursive: true, force: true });
    // A second run saving the same key keeps the first entry (another run may be copying it).
    await saveToCache(cache, 'prod', 'k1', data);
    expect(await readdir(root)).toContain('prod--k1');
  });

  it('starts the demo from cached data directories on the second run, with the same data', async () => {
    const cache = { root: await freshRoot() };
    const options = { stagingOrders: 500, productionOrders: 5000, cache };
    const first = await startDemoDatabases(options);
    expect([first.staging.cached, first.production.cached]).toEqual([false, false]);
    await first.stop();
    const second = await startDemoDatabases(options);
    try {
      expect([second.staging.cached, second.production.cached]).toEqual([true, true]);
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: second.production.url });
      await client.connect();
      const { rows } = await client.query('SELECT count(*)::int AS n FROM orders');
      await client.end();
      expect(rows).toEqual([{ n: 5000 }]);
      await runSql(second.staging.url, 'SELECT 1 FROM customers LIMIT 1');
    } finally {
      await second.stop();
    }
  });
});
