import type { Skip } from '../model/snapshot.js';

/** One named statement of a query file. */
export interface NamedQuery {
  name: string;
  sql: string;
  /** Sample parameter values (`-- params: [...]`); absent means plan it generically. */
  params?: unknown[];
  /** 1-based line of the `-- name:` comment. */
  line: number;
  /**
   * Where the statement came from when not a query file: `pg_stat_statements` text has its
   * constants replaced by `$n` and no line to add sample values on.
   */
  origin?: 'pg_stat_statements';
}

export interface QueryFile {
  queries: NamedQuery[];
  skips: Skip[];
}

const NAME = /^\s*--\s*name:\s*(\S+)\s*(?::\S+)?\s*$/i;
const PARAMS = /^\s*--\s*params:\s*(.*)$/i;

/**
 * Parses a file of named SQL statements (sqlc / PgTyped style): `-- name: x`, optionally
 * `-- params: [json array]`, then the statement up to the next name. Pure; odd input is a skip.
 */
export function parseQueryFile(text: string, source: string, file: string): QueryFile {
  const queries: NamedQuery[] = [];
  const skips: Skip[] = [];
  let current: { name: string; line: number; params?: unknown[]; body: string[]; bad?: boolean } | null =
    null;
  const seen = new Set<string>();
  const flush = () => {
    if (!current || current.bad) return;
    const sql = stripSql(current.body.join('\n'));
    if (sql === '') {
      skips.push({
        source,
        file,
        line: current.line,
        reason: `query ${current.name} has no SQL after its -- name: line`,
      });
    } else if (seen.has(current.name)) {
      skips.push({
        source,
        file,
        line: current.line,
        reason: `query name ${current.name} is used twice; expected unique names`,
      });
    } else {
      seen.add(current.name);
      const q: NamedQuery = { name: current.name, sql, line: current.line };
      if (current.params) q.params = current.params;
      queries.push(q);
    }
  };
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    const name = NAME.exec(raw);
    if (name) {
      flush();
      current = { name: name[1] ?? '', line, body: [] };
      if (!/^[A-Za-z0-9_.-]+$/.test(current.name)) {
        skips.push({
          source,
          file,
          line,
          reason: `query name ${JSON.stringify(current.name)}: expected letters, digits, _ . -`,
        });
        current.bad = true;
      }
      return;
    }
    const params = PARAMS.exec(raw);
    if (params && current?.body.every((b) => b.trim() === '' || b.trim().startsWith('--'))) {
      const parsed = parseParams(params[1] ?? '');
      if (parsed === null) {
        skips.push({
          source,
          file,
          line,
          reason: `query ${current.name}: -- params: expected a JSON array of sample values`,
        });
        current.bad = true;
      } else current.params = parsed;
      return;
    }
    if (current) current.body.push(raw);
    else if (raw.trim() !== '' && !raw.trim().startsWith('--')) {
      skips.push({
        source,
        file,
        line,
        reason: 'SQL before any -- name: line; expected -- name: <query name> above each statement',
      });
      current = { name: '', line, body: [], bad: true };
    }
  });
  flush();
  return { queries, skips };
}

function parseParams(text: string): unknown[] | null {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

/** Drops comment-only lines at the edges and a trailing semicolon. */
function stripSql(sql: string): string {
  const lines = sql.split('\n');
  while (lines.length && (lines[0]!.trim() === '' || lines[0]!.trim().startsWith('--'))) lines.shift();
  while (lines.length && (lines.at(-1)!.trim() === '' || lines.at(-1)!.trim().startsWith('--'))) lines.pop();
  return lines.join('\n').trim().replace(/;\s*$/, '').trim();
}

/** Number of `$n` placeholders a statement uses (outside quotes, roughly). */
export function placeholderCount(sql: string): number {
  const stripped = sql.replace(/'(?:[^']|'')*'/g, "''");
  let max = 0;
  for (const m of stripped.matchAll(/\$(\d+)/g)) max = Math.max(max, Number(m[1]));
  return max;
}
