// Measures `startDemoDatabases`: startup + load of staging (12k orders) and production (2M orders),
// cold (loaded, then cached when stopped) and warm (started from the cache), in a private cache root.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDemoDatabases } from '../src/demo/databases.js';

const root = await mkdtemp(path.join(tmpdir(), 'parity-bench-cache-'));
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
try {
  for (const run of ['cold', 'warm']) {
    const started = Date.now();
    const dbs = await startDemoDatabases({ cache: { root }, log: (line) => console.log(`  ${line}`) });
    const ready = Date.now() - started;
    const stopping = Date.now();
    await dbs.stop();
    console.log(
      `${run}: both ready in ${secs(ready)}; stop ${secs(Date.now() - stopping)}${run === 'cold' ? ' (includes writing the cache)' : ''}`,
    );
    if (run === 'cold')
      console.log(
        `  production load rate: ${Math.round(dbs.production.orders / (dbs.production.loadMs / 1000)).toLocaleString('en-US')} orders/s (incl. start, indexes, ANALYZE)`,
      );
  }
} finally {
  await rm(root, { recursive: true, force: true });
}
