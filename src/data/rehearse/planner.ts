import type { Client } from 'pg';
import { quoteIdent, type ScratchTable } from './catalog.js';
import type { ProductionStats } from './stats.js';

/**
 * Gives each column production's distinct count (`ALTER COLUMN ... SET (n_distinct = ...)`)
 * before ANALYZE: the planner then uses production's own estimate, not one re-estimated from a
 * random sample of the synthetic rows, which varies from run to run on tables larger than the
 * sample (300 x statistics target rows). Returns a note per table that refused it.
 */
export async function pinDistinct(
  client: Client,
  tables: readonly ScratchTable[],
  stats: ProductionStats,
): Promise<string[]> {
  const notes: string[] = [];
  for (const t of tables) {
    if (t.isPartition) continue;
    const st = stats.tables.get(t.key);
    if (!st) continue;
    const option = t.partitioned ? 'n_distinct_inherited' : 'n_distinct';
    const clauses: string[] = [];
    for (const c of t.columns) {
      const cs = st.columns.get(c.name);
      const n =
        cs?.distinctValues !== undefined && cs.distinctValues > 0
          ? Math.round(cs.distinctValues)
          : cs?.distinctShare !== undefined && cs.distinctShare > 0
            ? -Math.min(1, cs.distinctShare)
            : undefined;
      if (n !== undefined) clauses.push(`ALTER COLUMN ${quoteIdent(c.name)} SET (${option} = ${n})`);
    }
    if (!clauses.length) continue;
    await client
      .query(`ALTER TABLE ${t.qualified} ${clauses.join(', ')}`)
      .catch((error: Error) =>
        notes.push(`${t.key}: production's distinct counts not pinned: ${error.message}`),
      );
  }
  return notes;
}
