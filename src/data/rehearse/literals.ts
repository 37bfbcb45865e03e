import type { Client } from 'pg';
import type { NamedQuery } from '../../postgres/query-file.js';
import type { Fingerprinter } from '../../sources/types.js';
import type { ScratchTable } from './catalog.js';
import { quoteLiteral } from './catalog.js';
import { matchKey } from './plan.js';
import type { ProductionStats } from './stats.js';

/**
 * The values a query compares against: its sample parameters and the string and number literals
 * of its SQL. Only these can be recognised among production's fingerprinted most-common values.
 */
export function queryLiterals(queries: readonly NamedQuery[]): string[] {
  const out = new Set<string>();
  for (const q of queries) {
    // An array parameter (`= ANY($1)` with `[["completed", "pending"]]`) compares each element.
    for (const p of (q.params ?? []).flat(8)) {
      if (typeof p === 'string' || typeof p === 'number' || typeof p === 'boolean') out.add(String(p));
    }
    // Row counts of LIMIT and OFFSET compare against no column.
    const sql = q.sql
      .replace(/--[^\n]*/g, '')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\b(LIMIT|OFFSET|FETCH FIRST|FETCH NEXT)\s+\d+/gi, '$1');
    for (const m of sql.matchAll(
      /(?<![A-Za-z0-9_$])'((?:[^']|'')*)'|(?<![A-Za-z0-9_$.])(-?\d+(?:\.\d+)?)(?![A-Za-z0-9_.])/g,
    )) {
      out.add(m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2]!);
    }
  }
  return [...out];
}

/** A safe type name as format_type() prints it (the scratch catalog's own types only). */
const TYPE_NAME = /^[A-Za-z_"][\w ."$]*(\(\d+(,\s*\d+)?\))?(\[\])*$/;

/**
 * Finds which query literals are production's most-common values: each literal is put in the
 * column type's canonical text form (as pg_stats prints it) on the scratch server, fingerprinted
 * with the snapshot's key, and compared. Returns `matchKey(...)` -> canonical literal.
 */
export async function matchLiterals(
  client: Client,
  tables: readonly ScratchTable[],
  stats: ProductionStats,
  literals: readonly string[],
  fingerprint: Fingerprinter,
): Promise<Map<string, string>> {
  const matches = new Map<string, string>();
  if (literals.length === 0 || !stats.hasMcv) return matches;
  // Columns with fingerprints, grouped by their type in the candidate schema.
  const byType = new Map<string, { table: string; column: string; fingerprints: Set<string> }[]>();
  for (const t of tables) {
    const st = stats.tables.get(t.key);
    if (!st) continue;
    for (const c of t.columns) {
      const mcv = st.columns.get(c.name)?.mcv;
      if (!mcv?.length || !TYPE_NAME.test(c.type)) continue;
      const list = byType.get(c.type) ?? [];
      list.push({ table: t.key, column: c.name, fingerprints: new Set(mcv.map((m) => m.fingerprint)) });
      byType.set(c.type, list);
    }
  }
  const timeZone = stats.settings.get('TimeZone')?.value;
  if (typeof timeZone === 'string')
    await client.query(`SET TimeZone = ${quoteLiteral(timeZone)}`).catch(() => undefined);
  for (const [type, columns] of byType) {
    let rows: { canon: string }[];
    try {
      // The array output form is what pg_stats' most_common_vals::text::text[] holds (bool: t/f).
      const result = await client.query(
        `SELECT DISTINCT (ARRAY[x::${type}]::text::text[])[1] AS canon FROM unnest($1::text[]) x WHERE pg_input_is_valid(x, $2)`,
        [literals, type],
      );
      rows = result.rows;
    } catch {
      continue;
    }
    for (const { canon } of rows) {
      if (canon === null) continue;
      const fp = fingerprint(canon);
      for (const col of columns)
        if (col.fingerprints.has(fp)) matches.set(matchKey(col.table, col.column, fp), canon);
    }
  }
  return matches;
}
