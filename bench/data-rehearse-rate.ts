// Generation rate of `data rehearse` on a typical orders table (8 columns: keys, a skewed status,
// amounts, timestamps, a NULL share), with production-like statistics. Target: >= 1,000,000 rows/s,
// and keys + indexes + foreign keys in no more time than generation.
// node bench/out/js/bench/data-rehearse-rate.js [orders=2000000] [workers=1,2] [parallel workers per index build]
// Per phase: wall time and CPU (user+sys) of this process and every process under it (the
// scratch server and its backends), read from /proc; the load average at the start and the end.
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { rehearse } from '../src/data/rehearse/rehearse.js';
import { statsFromFacts } from '../src/data/rehearse/stats.js';
import type { FactValue } from '../src/model/fact.js';
import { makeFact } from '../src/model/make-fact.js';

const orders = Number(process.argv[2] ?? 2_000_000);
const workerList = (process.argv[3] ?? '1,2').split(',').map(Number);
const parallelWorkers = process.argv[4] === undefined ? undefined : Number(process.argv[4]);
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

/** CPU ms (user+sys) of this process and all its descendants, live or reaped. */
function treeCpuMs(): number {
  const procs = new Map<number, { ppid: number; ticks: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // state ppid ... utime(14) stime(15) cutime(16) cstime(17), counted from field 3
      procs.set(Number(name), {
        ppid: Number(f[1]),
        ticks: f.slice(11, 15).reduce((n, x) => n + Number(x), 0),
      });
    } catch {
      // gone meanwhile
    }
  }
  let ticks = 0;
  const mine = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, p] of procs)
      if (!mine.has(pid) && mine.has(p.ppid)) {
        mine.add(pid);
        grew = true;
      }
  }
  for (const pid of mine) ticks += procs.get(pid)?.ticks ?? 0;
  return ticks * 10;
}

const schemaPath = fileURLToPath(new URL('../../../../examples/shop/db/schema.sql', import.meta.url));
for (const workers of workerList) {
  const load0 = loadavg()[0]!.toFixed(2);
  const phases: string[] = [];
  let lastWall = Date.now();
  let lastCpu = treeCpuMs();
  const cpu0 = lastCpu;
  const wall0 = lastWall;
  const debug = (line: string) => {
    if (process.env.BENCH_STEPS === '1') console.error(`  ${line}`);
    const m = /^phase (.+): \d+ ms$/.exec(line);
    if (!m) return;
    const wall = Date.now();
    const cpu = treeCpuMs();
    phases.push(
      `${m[1]} ${((wall - lastWall) / 1000).toFixed(2)} s (CPU ${((cpu - lastCpu) / 1000).toFixed(2)} s)`,
    );
    lastWall = wall;
    lastCpu = cpu;
  };
  const r = await rehearse({
    stats,
    schemaPath,
    queries: [],
    scale: 1,
    workers,
    debug,
    ...(parallelWorkers === undefined ? {} : { maintenance: { parallelWorkers } }),
  });
  const g = r.generation;
  console.log(
    `workers ${workers}: ${g.rows.toLocaleString('en-US')} rows (orders + customers) in ${(g.ms / 1000).toFixed(2)} s = ${g.rowsPerSecond.toLocaleString('en-US')} rows/s; ` +
      `keys+indexes+FK ${(g.indexMs / 1000).toFixed(1)} s; VACUUM ANALYZE ${(g.analyzeMs / 1000).toFixed(1)} s; total incl. initdb ${(g.totalMs / 1000).toFixed(1)} s` +
      `\n  phases: ${phases.join('; ')}` +
      `\n  in all: wall ${((Date.now() - wall0) / 1000).toFixed(2)} s, CPU ${((treeCpuMs() - cpu0) / 1000).toFixed(2)} s; load ${load0} -> ${loadavg()[0]!.toFixed(2)}`,
  );
}
