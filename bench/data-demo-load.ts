// Measures `startDemoDatabases`: startup + load of staging (12k orders) and production (2M orders).
import { startDemoDatabases } from '../src/data/demo-databases.js';

const started = Date.now();
const dbs = await startDemoDatabases({ log: (line) => console.log(line) });
console.log(`both ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(
  `production rate: ${Math.round(dbs.production.orders / (dbs.production.loadMs / 1000)).toLocaleString('en-US')} orders/s (incl. start, indexes, ANALYZE)`,
);
await dbs.stop();
