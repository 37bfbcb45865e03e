// Generation rate of `data rehearse` on a typical orders table (8 columns: keys, a skewed status,
// amounts, timestamps, a NULL share), with production-like statistics. Target: >= 1,000,000 rows/s.
// node bench/out/js/bench/data-rehearse-rate.js [orders=2000000] [workers=1,2]
import { fileURLToPath } from 'node:url';
import { rehearse } from '../src/data/rehearse/rehearse.js';
import { statsFromFacts } from '../src/data/rehearse/stats.js';
import type { FactValue } from '../src/model/fact.js';
import { makeFact } from '../src/model/make-fact.js';

const orders = Number(process.argv[2] ?? 2_000_000);
const workerList = (process.argv[3] ?? '1,2').split(',').map(Number);
const f = (key: string, value: FactValue) =>
  makeFact({ dimension: 'data', path: key.split('/'), value, origin: { source: 'bench' } });
const stats = statsFromFacts([
  f('table/customers/rows', orders / 10),
  f('table/customers/column/email/avg-width', 26),
  f('table/customers/column/country/distinct-values', 6),
  f('table/customers/column/country/null-frac', 0.02),
  f('table/orders/rows', orders),
  f('table/orders/column/customer_id/distinct-values', orders / 10),
  f('table/orders/column/status/null-frac', 0),
  f('table/orders/column/status/distinct-values', 5),
  f('table/orders/column/status/avg-width', 10),
  f('table/orders/column/status/mcv', ['a=0.85', 'b=0.05', 'c=0.05', 'd=0.04', 'e=0.01']),
  f('table/orders/column/total_cents/distinct-values', 50_000),
  f('table/orders/column/currency/distinct-values', 1),
  f('table/orders/column/currency/top-frequency', 1),
  f('table/orders/column/created_at/distinct-share', 1),
  f('table/orders/column/created_at/correlation', 1),
  f('table/orders/column/shipped_at/null-frac', 0.3),
  f('table/orders/column/shipped_at/distinct-share', 0.7),
  f('table/orders/column/shipped_at/correlation', 0.98),
  f('table/orders/column/note/null-frac', 1),
]);
const schemaPath = fileURLToPath(new URL('../../../../examples/shop/db/schema.sql', import.meta.url));
for (const workers of workerList) {
  const r = await rehearse({ stats, schemaPath, queries: [], scale: 1, workers });
  const g = r.generation;
  console.log(
    `workers ${workers}: ${g.rows.toLocaleString('en-US')} rows (orders + customers) in ${(g.ms / 1000).toFixed(2)} s = ${g.rowsPerSecond.toLocaleString('en-US')} rows/s; ` +
      `keys+indexes+FK ${(g.indexMs / 1000).toFixed(1)} s; VACUUM ANALYZE ${(g.analyzeMs / 1000).toFixed(1)} s; total incl. initdb ${(g.totalMs / 1000).toFixed(1)} s`,
  );
}
