import type { Client } from 'pg';
import type { ScratchConstraint, ScratchTable } from './catalog.js';
import { declaredUnchecked, quoteIdent, quoteLiteral } from './catalog.js';

export interface RestoreOptions {
  /** Step timings (each key, index, foreign key and each phase), for benchmarks and PARITY_DEBUG. */
  debug?: (line: string) => void;
  /**
   * Foreign keys the generated rows satisfy by construction (plan.ts), by `table key` and name:
   * added NOT VALID and marked validated without a scan of the rows.
   */
  trustedForeignKeys?: ReadonlySet<string>;
  /** Session settings of every connection for the builds (scratch server only). */
  maintenanceWorkMem?: string;
  parallelMaintenanceWorkers?: number;
}

/** `orders\u0000orders_customer_id_fkey`: how restoreSchema is told which foreign keys to trust. */
export function constraintKey(table: string, name: string): string {
  return `${table}\u0000${name}`;
}

/** Runs jobs on a pool of connections, each job on one connection at a time, in list order. */
export async function pool<T>(
  clients: Client[],
  jobs: T[],
  run: (client: Client, job: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    clients.map(async (client) => {
      while (next < jobs.length) await run(client, jobs[next++]!);
    }),
  );
}

type Constraint = ScratchConstraint;
interface Build {
  t: ScratchTable;
  name: string;
  sql: string;
  /** A key or unique constraint whose index this builds: attached to it afterwards. */
  attach?: Constraint;
  /** A constraint added as a whole (exclusion, deferrable, partitioned tables). */
  whole?: Constraint;
  bytes: number;
}

/** Keys and unique constraints of plain tables are built as indexes and attached (USING INDEX). */
function attachable(t: ScratchTable, k: Constraint): boolean {
  return (
    (k.type === 'p' || k.type === 'u') &&
    !!k.index?.startsWith('CREATE UNIQUE INDEX ') &&
    !k.deferrable &&
    !t.partitioned &&
    !t.isPartition
  );
}

/** Checks and foreign keys of plain tables are added NOT VALID, then validated over the pool. */
function plain(t: ScratchTable, k: Constraint): boolean {
  return !t.partitioned && !t.isPartition && !declaredUnchecked(k);
}

/**
 * Rebuilds what prepareLoad dropped, as the candidate schema defined it:
 * 1. every index, those behind keys and unique constraints included, spread over the connections
 *    largest table first (CREATE INDEX takes a SHARE lock: several build on one table at once;
 *    ALTER TABLE ADD PRIMARY KEY would hold an exclusive lock for the whole build);
 * 2. the keys and unique constraints attached to their indexes (a catalogue change, no scan);
 * 3. checks and foreign keys added NOT VALID, then validated over the connections (VALIDATE takes
 *    a SHARE UPDATE EXCLUSIVE lock, so different tables validate at once); foreign keys the rows
 *    hold by construction are marked validated without the scan, as the planner only uses
 *    validated ones. Whatever the synthetic rows break stays NOT VALID, with a note.
 */
export async function restoreSchema(
  clients: Client[],
  tables: ScratchTable[],
  options: RestoreOptions = {},
): Promise<string[]> {
  const notes: string[] = [];
  const first = clients[0]!;
  const debug = options.debug;
  const timed = async <R>(what: string, run: () => Promise<R>): Promise<R> => {
    const t0 = Date.now();
    const r = await run();
    debug?.(`${what}: ${Date.now() - t0} ms`);
    return r;
  };
  for (const c of clients) {
    if (options.maintenanceWorkMem)
      await c.query(`SET maintenance_work_mem = ${quoteLiteral(options.maintenanceWorkMem)}`);
    if (options.parallelMaintenanceWorkers !== undefined)
      await c.query(
        `SET max_parallel_maintenance_workers = ${Math.max(0, Math.floor(options.parallelMaintenanceWorkers))}`,
      );
  }
  const size = await tableBytes(first, tables);
  const builds: Build[] = [];
  for (const t of tables) {
    const bytes = size.get(t.oid) ?? 0;
    for (const k of t.constraints.filter((x) => x.type === 'p' || x.type === 'u' || x.type === 'x')) {
      if (attachable(t, k)) builds.push({ t, name: k.name, sql: k.index!, attach: k, bytes });
      else builds.push({ t, name: k.name, sql: addSql(t, k), whole: k, bytes });
    }
    for (const i of t.indexes) builds.push({ t, name: i.name, sql: i.definition, bytes });
  }
  // Largest first (stable: equal sizes keep the schema's order), so no big build starts last.
  builds.sort((a, b) => b.bytes - a.bytes);
  const built = new Set<Build>();
  await timed('phase keys and indexes', () =>
    pool(clients, builds, async (client, b) => {
      try {
        await timed(`${b.t.key} ${b.name}`, () => client.query(b.sql));
        built.add(b);
      } catch (error) {
        const what = b.attach || b.whole ? 'constraint' : 'index';
        const why =
          b.attach || b.whole ? 'could not be rebuilt on the synthetic rows' : 'could not be rebuilt';
        notes.push(`${b.t.key}: ${what} ${b.name} ${why}: ${(error as Error).message}`);
      }
    }),
  );
  await timed('phase attach keys', async () => {
    for (const b of builds) {
      if (!b.attach || !built.has(b)) continue;
      const kind = b.attach.type === 'p' ? 'PRIMARY KEY' : 'UNIQUE';
      try {
        await first.query(
          `ALTER TABLE ${b.t.qualified} ADD CONSTRAINT ${quoteIdent(b.name)} ${kind} USING INDEX ${quoteIdent(b.name)}`,
        );
      } catch {
        // Refused USING INDEX: the constraint is added whole, building its index again.
        try {
          await first.query(`DROP INDEX ${quoteIdent(b.t.schema)}.${quoteIdent(b.name)}`);
          await first.query(addSql(b.t, b.attach));
        } catch (error) {
          notes.push(`${b.t.key}: constraint ${b.name} could not be rebuilt: ${(error as Error).message}`);
        }
      }
    }
  });
  const trusted = options.trustedForeignKeys ?? new Set<string>();
  for (const type of ['c', 'f'] as const) {
    const phase = type === 'c' ? 'checks' : 'foreign keys';
    await timed(`phase ${phase}`, async () => {
      const validate: { t: ScratchTable; k: Constraint }[] = [];
      for (const t of tables)
        for (const k of t.constraints.filter((x) => x.type === type)) {
          if (!plain(t, k)) {
            await addWhole(first, t, k, notes, debug);
            continue;
          }
          try {
            await first.query(`${addSql(t, k)} NOT VALID`);
          } catch (error) {
            notes.push(`${t.key}: constraint ${k.name} could not be rebuilt: ${(error as Error).message}`);
            continue;
          }
          if (type === 'f' && trusted.has(constraintKey(t.key, k.name)))
            await first.query(
              `UPDATE pg_constraint SET convalidated = true WHERE conrelid = ${quoteLiteral(t.qualified)}::regclass AND conname = $1 AND contype = 'f'`,
              [k.name],
            );
          else validate.push({ t, k });
        }
      await pool(clients, validate, async (client, { t, k }) => {
        try {
          await timed(`${t.key} ${k.name}`, () =>
            client.query(`ALTER TABLE ${t.qualified} VALIDATE CONSTRAINT ${quoteIdent(k.name)}`),
          );
        } catch {
          notes.push(`${t.key}: constraint ${k.name} re-added NOT VALID (the synthetic rows break it)`);
        }
      });
    });
  }
  return notes;
}

function addSql(t: ScratchTable, k: Constraint): string {
  return `ALTER TABLE ${t.qualified} ADD CONSTRAINT ${quoteIdent(k.name)} ${k.definition}`;
}

/** A check or foreign key of a partitioned table, added as before: validated, else NOT VALID. */
async function addWhole(
  client: Client,
  t: ScratchTable,
  k: Constraint,
  notes: string[],
  debug?: (line: string) => void,
): Promise<void> {
  try {
    const t0 = Date.now();
    await client.query(addSql(t, k));
    debug?.(`${t.key} ${k.name}: ${Date.now() - t0} ms`);
    return;
  } catch {
    // the rows break it: NOT VALID below
  }
  try {
    await client.query(`${addSql(t, k)} NOT VALID`);
    notes.push(`${t.key}: constraint ${k.name} re-added NOT VALID (the synthetic rows break it)`);
  } catch (error) {
    notes.push(`${t.key}: constraint ${k.name} could not be rebuilt: ${(error as Error).message}`);
  }
}

/** Bytes of each table's heap, a partitioned table's partitions summed: the builds' relative cost. */
async function tableBytes(client: Client, tables: ScratchTable[]): Promise<Map<string, number>> {
  if (!tables.length) return new Map();
  const { rows } = await client.query<{ oid: string; bytes: string }>(
    `SELECT t.oid::int8::text AS oid, (SELECT coalesce(sum(pg_relation_size(p.relid)), 0) FROM pg_partition_tree(t.oid) p)::int8::text AS bytes
     FROM unnest($1::oid[]) AS t(oid)`,
    [tables.map((t) => t.oid)],
  );
  return new Map(rows.map((r) => [r.oid, Number(r.bytes)]));
}
