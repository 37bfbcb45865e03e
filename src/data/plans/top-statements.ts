import { type NamedQuery, placeholderCount } from '../../postgres/query-file.js';
import { explainPgError, openSession, type SessionError } from '../../postgres/session.js';

export interface TopStatements {
  queries: NamedQuery[];
  /** Why fewer (or no) statements came back: not installed, not preloaded, not readable. */
  notes: string[];
}

/** Statements worth planning: queries and DML (EXPLAIN without ANALYZE never runs them). */
const PLANNABLE = /^\s*(SELECT|WITH|VALUES|TABLE|INSERT|UPDATE|DELETE|MERGE)\b/i;

/**
 * The N statements of this database with the most total execution time, from pg_stat_statements
 * (normalised: constants are `$n`, so they are planned generically, PostgreSQL 12+; they cannot
 * be given sample values). Statements ranked among them that have no plan to compare (utility
 * statements, catalog reads, statements reading no table) are skipped and counted in a note.
 * Read over a read-only session; every failure is a note, never a throw.
 */
export async function readTopStatements(
  url: string,
  top: number,
  options: { statementTimeoutMs?: number } = {},
): Promise<TopStatements> {
  const notes: string[] = [];
  let session: Awaited<ReturnType<typeof openSession>>;
  try {
    session = await openSession(url, {
      statementTimeoutMs: options.statementTimeoutMs ?? 10_000,
      lockTimeoutMs: 1_000,
      connectTimeoutMs: 10_000,
    });
  } catch (error) {
    return { queries: [], notes: [`pg_stat_statements: ${(error as SessionError).message}`] };
  }
  try {
    const ext = await session.query<{ schema: string; version: string }>(
      `SELECT n.nspname AS schema, e.extversion AS version FROM pg_extension e
       JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_stat_statements'`,
    );
    if (!ext[0]) {
      notes.push(
        `pg_stat_statements is not installed in ${session.display}: add it to shared_preload_libraries and run CREATE EXTENSION pg_stat_statements (or use --queries)`,
      );
      return { queries: [], notes };
    }
    const view = `"${ext[0].schema.replace(/"/g, '""')}".pg_stat_statements`;
    // PostgreSQL 13 renamed total_time to total_exec_time.
    const time = session.serverVersionNum >= 130000 ? 'total_exec_time' : 'total_time';
    let rows: { queryid: string; query: string; calls: string; total_ms: number }[];
    try {
      rows = await session.query(
        `SELECT queryid::text AS queryid, query, calls::text AS calls, ${time}::float8 AS total_ms
         FROM ${view}
         WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
         ORDER BY ${time} DESC`,
      );
    } catch (error) {
      notes.push(
        `pg_stat_statements is installed but not readable: ${explainPgError(error, session.display)}`,
      );
      return { queries: [], notes };
    }
    const queries: NamedQuery[] = [];
    const seen = new Set<string>();
    let hidden = 0;
    const skipped = { utility: new Map<string, number>(), catalog: 0, noTable: 0 };
    for (const r of rows) {
      if (queries.length >= top) break;
      // Other roles' statements read as "<insufficient privilege>" without pg_read_all_stats.
      if (r.query === null || r.query.startsWith('<insufficient privilege>')) {
        hidden++;
        continue;
      }
      // Catalog reads (Parity's own collection among them) are not the application's queries.
      if (!PLANNABLE.test(r.query)) {
        const kind = utilityKind(r.query);
        skipped.utility.set(kind, (skipped.utility.get(kind) ?? 0) + 1);
        continue;
      }
      if (/\b(pg_[a-z_]+|information_schema)\b/i.test(r.query)) {
        skipped.catalog++;
        continue;
      }
      if (!/\b(FROM|INTO|UPDATE|MERGE)\b/i.test(r.query)) {
        skipped.noTable++; // reads no table: nothing to flip
        continue;
      }
      const sql = r.query.trim().replace(/;\s*$/, '');
      if (seen.has(sql)) continue;
      seen.add(sql);
      queries.push({
        name: `pgss-${r.queryid}`,
        sql,
        line: queries.length + 1,
        origin: 'pg_stat_statements',
      });
    }
    const skippedNote = describeSkipped(skipped);
    if (skippedNote) notes.push(skippedNote);
    if (hidden)
      notes.push(`${hidden} statements of other roles hidden (grant pg_read_all_stats to read their text)`);
    if (!queries.length)
      notes.push(`pg_stat_statements in ${session.display} holds no plannable statement yet`);
    return { queries, notes };
  } catch (error) {
    notes.push(`pg_stat_statements: ${explainPgError(error, session.display)}`);
    return { queries: [], notes };
  } finally {
    await session.close();
  }
}

/** `CREATE INDEX`, `VACUUM`, `SET`: the first words of a utility statement, to count it by kind. */
function utilityKind(sql: string): string {
  const words = sql
    .trim()
    .split(/\s+/, 3)
    .map((w) => w.toUpperCase());
  const two = ['CREATE', 'DROP', 'ALTER', 'REFRESH', 'COMMENT'].includes(words[0] ?? '');
  const kind = (
    two ? words.slice(0, words[1] === 'UNIQUE' || words[1] === 'OR' ? 3 : 2) : words.slice(0, 1)
  ).join(' ');
  return /^[A-Z ]+$/.test(kind) ? kind : 'other';
}

function describeSkipped(skipped: {
  utility: Map<string, number>;
  catalog: number;
  noTable: number;
}): string {
  const parts: string[] = [];
  const utility = [...skipped.utility.values()].reduce((a, b) => a + b, 0);
  if (utility) {
    const kinds = [...skipped.utility]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([k, n]) => (n > 1 ? `${k} x${n}` : k));
    parts.push(
      `${utility} utility ${utility === 1 ? 'statement' : 'statements'} (${kinds.join(', ')}): EXPLAIN has no plan for them`,
    );
  }
  if (skipped.catalog)
    parts.push(
      `${skipped.catalog} reading the system catalogs (pg_*, information_schema): not the application's queries`,
    );
  if (skipped.noTable) parts.push(`${skipped.noTable} reading no table: no plan to flip`);
  if (!parts.length) return '';
  const total = utility + skipped.catalog + skipped.noTable;
  return `pg_stat_statements: skipped ${total} of the most expensive ${total === 1 ? 'statement' : 'statements'}, ${parts.join('; ')}`;
}

/**
 * A query-file block for statements from pg_stat_statements that need sample values: each under
 * its `-- name:`, with a `-- params:` line to fill (left invalid on purpose, so an unfilled copy
 * is a skip naming its line, never planned with made-up values).
 * @example queryFileBlock([{ name: 'pgss-1', sql: 'SELECT * FROM t WHERE a = $1', line: 1 }])
 */
export function queryFileBlock(queries: readonly Pick<NamedQuery, 'name' | 'sql'>[]): string {
  return queries
    .map((q) => {
      const n = placeholderCount(q.sql);
      const params = Array.from({ length: n }, (_, i) => `<$${i + 1}>`).join(', ');
      return `-- name: ${q.name}\n-- params: [${params}]\n${q.sql};`;
    })
    .join('\n\n');
}
