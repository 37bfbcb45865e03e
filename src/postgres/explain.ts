import { type PlanSummary, summarisePlan } from './plan-shape.js';
import type { NamedQuery } from './query-file.js';
import { explainPgError, ReadOnlyBreach, type Session } from './session.js';
import { checkStatement } from './statement.js';

export interface ExplainResult {
  name: string;
  line: number;
  summary?: PlanSummary;
  /** Planned as a generic plan: no sample parameters were given. */
  generic: boolean;
  /** Why this query could not be planned; a skip, never a crash. */
  error?: string;
  /** The statement was refused before reaching the database (not one SELECT/INSERT/UPDATE/DELETE). */
  refused?: boolean;
}

export interface ExplainOptions {
  /** EXPLAIN ANALYZE: runs the statement. Refused on production; used on scratch databases only. */
  analyze: boolean;
  /** The environment is production: ANALYZE is refused whatever the caller asked. */
  production: boolean;
}

let prepared = 0;

/**
 * EXPLAIN (FORMAT JSON) each query in the session's read-only transaction; failures are per query.
 * Each statement is checked by PostgreSQL's own parser first and sent through the extended protocol
 * only; on a read-only session, the transaction is confirmed still READ ONLY after every statement
 * (a ReadOnlyBreach is thrown otherwise, and nothing more is sent).
 */
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
    results.push(result);
    const check = await checkStatement(q.sql);
    if (!check.ok) {
      result.refused = true;
      result.error = `query ${q.name} (line ${q.line}) refused, nothing sent: ${check.reason}`;
      continue;
    }
    const placeholders = check.params;
    let params: unknown[] = [];
    if (q.params) {
      if (q.params.length < placeholders) {
        result.error = `query ${q.name}: uses $${placeholders} but -- params: gives ${q.params.length} values`;
        continue;
      }
      params = q.params.slice(0, placeholders).map(sampleValue);
    } else if (placeholders > 0) {
      if (options.analyze) {
        result.error = `query ${q.name}: EXPLAIN ANALYZE needs sample values; add -- params: [...]`;
        continue;
      }
      if (session.serverVersionNum < 120000) {
        result.error = `query ${q.name}: has parameters and no -- params: line; PostgreSQL ${Math.floor(session.serverVersionNum / 10000)} cannot plan generically (plan_cache_mode needs 12+): add sample values`;
        continue;
      }
      result.generic = true;
    }
    try {
      const plan = result.generic
        ? await explainGeneric(session, q.sql, placeholders)
        : (
            await session.query<{ 'QUERY PLAN': unknown }>(
              `EXPLAIN (${options.analyze ? 'FORMAT JSON, ANALYZE, TIMING, BUFFERS false' : 'FORMAT JSON'}) ${q.sql}`,
              params,
            )
          )[0]?.['QUERY PLAN'];
      const summary = summarisePlan(plan);
      if (summary) result.summary = summary;
      else result.error = `query ${q.name}: EXPLAIN returned no plan`;
    } catch (error) {
      result.error = `query ${q.name} (line ${q.line}): ${explainPgError(error, session.display)}`;
    }
    await session.assertReadOnly();
  }
  return results;
}

/**
 * A `-- params:` value as the driver sends it: a JSON array becomes a PostgreSQL array (node-postgres
 * writes the literal, nested arrays and NULLs included), an object becomes JSON text (for json and
 * jsonb parameters); a JSON array meant as jsonb is written as a string (`"[1, 2]"`).
 */
function sampleValue(value: unknown): unknown {
  if (Array.isArray(value)) return value;
  return value !== null && typeof value === 'object' ? JSON.stringify(value) : value;
}

/**
 * A generic plan (what a prepared statement gets after five runs) without sample values, on any
 * PostgreSQL from 12: PREPARE, then EXPLAIN EXECUTE under `plan_cache_mode = force_generic_plan`,
 * so the NULLs passed to EXECUTE are never folded into the plan. Unlike EXPLAIN (GENERIC_PLAN),
 * which needs the simple protocol to leave `$n` unbound, every message is one extended-protocol
 * statement. The prepared statement is dropped whatever happens.
 */
async function explainGeneric(session: Session, sql: string, placeholders: number): Promise<unknown> {
  const name = `parity_generic_${++prepared}`;
  await session.query(`PREPARE ${name} AS ${sql}`);
  try {
    await session.query('SET LOCAL plan_cache_mode = force_generic_plan');
    const args = placeholders ? `(${Array.from({ length: placeholders }, () => 'NULL').join(', ')})` : '';
    const rows = await session.query<{ 'QUERY PLAN': unknown }>(
      `EXPLAIN (FORMAT JSON) EXECUTE ${name}${args}`,
    );
    return rows[0]?.['QUERY PLAN'];
  } finally {
    await session.query('SET LOCAL plan_cache_mode TO DEFAULT').catch(() => undefined);
    await session.query(`DEALLOCATE ${name}`).catch(() => undefined);
  }
}

export { ReadOnlyBreach };
