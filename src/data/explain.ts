import { explainPgError, type Session } from '../sources/postgres/session.js';
import { type PlanSummary, summarisePlan } from './plan-shape.js';
import { type NamedQuery, placeholderCount } from './query-file.js';

export interface ExplainResult {
  name: string;
  line: number;
  summary?: PlanSummary;
  /** Planned with EXPLAIN (GENERIC_PLAN): no sample parameters were given. */
  generic: boolean;
  /** Why this query could not be planned; a skip, never a crash. */
  error?: string;
}

export interface ExplainOptions {
  /** EXPLAIN ANALYZE: runs the statement. Refused on production; used on scratch databases only. */
  analyze: boolean;
  /** The environment is production: ANALYZE is refused whatever the caller asked. */
  production: boolean;
}

/** EXPLAIN (FORMAT JSON) each query in the session's read-only transaction; failures are per query. */
export async function explainQueries(
  session: Session,
  queries: NamedQuery[],
  options: ExplainOptions,
): Promise<ExplainResult[]> {
  if (options.analyze && options.production)
    throw new Error('EXPLAIN ANALYZE is never run on a production environment');
  const results: ExplainResult[] = [];
  for (const q of queries) {
    const result: ExplainResult = { name: q.name, line: q.line, generic: false };
    const placeholders = placeholderCount(q.sql);
    const opts = ['FORMAT JSON'];
    let params: unknown[] = [];
    if (q.params) {
      if (q.params.length < placeholders) {
        result.error = `query ${q.name}: uses $${placeholders} but -- params: gives ${q.params.length} values`;
        results.push(result);
        continue;
      }
      params = q.params
        .slice(0, placeholders)
        .map((p) => (p !== null && typeof p === 'object' ? JSON.stringify(p) : p));
    } else if (placeholders > 0) {
      if (session.serverVersionNum < 160000) {
        result.error = `query ${q.name}: has parameters and no -- params: line; PostgreSQL ${Math.floor(session.serverVersionNum / 10000)} cannot plan generically (EXPLAIN GENERIC_PLAN needs 16+): add sample values`;
        results.push(result);
        continue;
      }
      if (options.analyze) {
        result.error = `query ${q.name}: EXPLAIN ANALYZE needs sample values; add -- params: [...]`;
        results.push(result);
        continue;
      }
      if (hasSecondStatement(q.sql)) {
        result.error = `query ${q.name}: expected one statement, found more than one`;
        results.push(result);
        continue;
      }
      opts.push('GENERIC_PLAN');
      result.generic = true;
    }
    if (options.analyze) opts.push('ANALYZE', 'TIMING', 'BUFFERS false');
    try {
      const rows = await session.query<{ 'QUERY PLAN': unknown }>(
        `EXPLAIN (${opts.join(', ')}) ${q.sql}`,
        params,
        result.generic,
      );
      const summary = summarisePlan(rows[0]?.['QUERY PLAN']);
      if (summary) result.summary = summary;
      else result.error = `query ${q.name}: EXPLAIN returned no plan`;
    } catch (error) {
      result.error = `query ${q.name} (line ${q.line}): ${explainPgError(error, session.display)}`;
    }
    results.push(result);
  }
  return results;
}

/** A `;` outside quotes and comments: the simple protocol would run what follows it. */
export function hasSecondStatement(sql: string): boolean {
  const stripped = sql
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/"(?:[^"]|"")*"/g, '""')
    .replace(/--[^\n]*/g, '')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\$([A-Za-z_]*)\$[\s\S]*?\$\1\$/g, '$$');
  return /;\s*\S/.test(stripped);
}
