import type { Client } from 'pg';
import type { ScratchTable } from './catalog.js';
import { quoteIdent } from './catalog.js';
import type { TablePlan } from './plan.js';
import { pool } from './restore.js';

export { restoreSchema } from './restore.js';

export interface LoadProgress {
  table: string;
  tableRows: number;
  tableDone: number;
  totalRows: number;
  totalDone: number;
  /** Rows per second since generation started. */
  rate: number;
}

export interface LoadTimings {
  rows: number;
  /** Inserting the rows (the generation rate is measured on this). */
  generateMs: number;
  /** Rebuilding keys, indexes and foreign keys afterwards. */
  indexMs: number;
  /** VACUUM (ANALYZE): statistics and the visibility map, as a long-lived production table has. */
  analyzeMs: number;
}

/**
 * Makes the schema cheap to fill: drops foreign keys, keys, checks and indexes (rebuilt after the
 * load, which is faster than maintaining them row by row) and makes tables UNLOGGED (the scratch
 * database never needs to survive a crash; the planner does not care).
 */
export async function prepareLoad(client: Client, tables: ScratchTable[]): Promise<string[]> {
  const notes: string[] = [];
  const order: ScratchTable['constraints'][number]['type'][] = ['f', 'c', 'x', 'u', 'p'];
  for (const type of order)
    for (const t of tables)
      for (const k of t.constraints.filter((x) => x.type === type))
        await client.query(`ALTER TABLE ${t.qualified} DROP CONSTRAINT IF EXISTS ${quoteIdent(k.name)}`);
  for (const t of tables)
    for (const i of t.indexes) await client.query(`DROP INDEX IF EXISTS ${i.qualified}`);
  const roots = tables.filter((t) => !t.isPartition);
  if (roots.length) await client.query(`TRUNCATE ${roots.map((t) => t.qualified).join(', ')} CASCADE`);
  for (const t of tables.filter((x) => !x.partitioned)) {
    try {
      await client.query(`ALTER TABLE ${t.qualified} SET UNLOGGED`);
    } catch (error) {
      notes.push(`${t.key}: stays logged (${(error as Error).message}); loading is slower`);
    }
  }
  return notes;
}

/** Fills the tables in chunks on all connections, parents first; reports progress after each chunk. */
export async function generate(
  clients: Client[],
  plans: TablePlan[],
  options: { chunkRows: number; seed?: number; onProgress?: (p: LoadProgress) => void },
): Promise<{ rows: number; ms: number; perTable: Map<string, number> }> {
  // A table's chunks run in order on one connection (tables fill at the same time): rows land in
  // the pages in row order, so physical order (pg_stats correlation) and the statistics are the
  // same in every run; two connections filling one table interleave their pages at random.
  const jobs: { plan: TablePlan; index: number; from: number; to: number }[][] = [];
  plans.forEach((plan, index) => {
    if (!plan.sql || plan.rows <= 0) return;
    const chunks: (typeof jobs)[number] = [];
    for (let from = 1; from <= plan.rows; from += options.chunkRows)
      chunks.push({ plan, index, from, to: Math.min(plan.rows, from + options.chunkRows - 1) });
    jobs.push(chunks);
  });
  // Largest tables first, so a big table does not start last.
  jobs.sort((a, b) => b[0]!.plan.rows - a[0]!.plan.rows);
  const totalRows = plans.reduce((n, p) => n + (p.sql ? p.rows : 0), 0);
  const done = new Map<string, number>();
  const perTable = new Map<string, number>();
  let totalDone = 0;
  const started = Date.now();
  await pool(clients, jobs, async (client, chunks) => {
    for (const job of chunks) await runChunk(client, job);
  });
  async function runChunk(client: Client, job: (typeof jobs)[number][number]): Promise<void> {
    const t0 = Date.now();
    // A seed per chunk (from the run's seed): the same data whichever connection runs it.
    await client.query('SELECT setseed($1)', [chunkSeed(options.seed ?? 0, job.index, job.from)]);
    await client.query({ text: job.plan.sql, values: [job.from, job.to] });
    const rows = job.to - job.from + 1;
    totalDone += rows;
    done.set(job.plan.key, (done.get(job.plan.key) ?? 0) + rows);
    perTable.set(job.plan.key, (perTable.get(job.plan.key) ?? 0) + Date.now() - t0);
    options.onProgress?.({
      table: job.plan.key,
      tableRows: job.plan.rows,
      tableDone: done.get(job.plan.key)!,
      totalRows,
      totalDone,
      rate: totalDone / Math.max((Date.now() - started) / 1000, 0.001),
    });
  }
  return { rows: totalDone, ms: Date.now() - started, perTable };
}

/** setseed()'s argument in [-1, 1] for one chunk of one table, spread by the run's seed. */
export function chunkSeed(seed: number, table: number, from: number): string {
  const h =
    (Math.imul(seed + 1, 0x9e3779b1) ^ Math.imul(table + 1, 0x85ebca6b) ^ Math.imul(from, 0xc2b2ae35)) >>> 0;
  return ((h / 0xffffffff) * 2 - 1).toFixed(9);
}

/** Moves owned sequences past the generated keys, then VACUUM (ANALYZE) every table. */
export async function finishLoad(clients: Client[], tables: ScratchTable[]): Promise<void> {
  const first = clients[0]!;
  for (const t of tables)
    for (const s of t.sequences)
      await first.query(
        `SELECT setval('${s.qualified.replace(/'/g, "''")}', GREATEST(1, (SELECT max(${quoteIdent(s.column)})::int8 FROM ${t.qualified})))`,
      );
  const leaves = tables.filter((t) => !t.partitioned);
  await pool(clients, leaves, async (client, t) => {
    await client.query(`VACUUM (ANALYZE) ${t.qualified}`);
  });
  // Partitioned parents keep their own (inherited) statistics; VACUUM skips them.
  for (const t of tables.filter((x) => x.partitioned)) await first.query(`ANALYZE ${t.qualified}`);
}
