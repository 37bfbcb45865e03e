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
  /** It could not be planned without sample values (the error says what to do). */
  needsValues?: boolean;
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
        result.error = `query ${q.name}: ${noValuesAdvice(q, placeholders, session.serverVersionNum)}`;
        result.needsValues = true;
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
      // Generic planning sees $n without a type: where one cannot be inferred, say what can be done.
      if (result.generic && UNTYPED.has((error as { code?: string }).code ?? '')) {
        result.error += `; ${noValuesAdvice(q, placeholders, session.serverVersionNum)}`;
        result.needsValues = true;
      }
    }
    await session.assertReadOnly();
  }
  return results;
}

/** SQLSTATEs of a parameter whose type planning cannot infer without a value or a cast. */
const UNTYPED = new Set(['42P18', '42725', '42883', '42804']);

/**
 * What to do about a statement with `$n` and no sample values that cannot be planned: a query
 * file's statement can be given them (`-- params:`) or a cast; a statement from
 * pg_stat_statements cannot (its constants were replaced by `$n`, and it has no line to add
 * them on), so only a copy in a query file can be planned. Below PostgreSQL 12 no generic plan
 * exists at all (`plan_cache_mode` is 12+); from 12 it is planned generically, and only a
 * parameter whose type cannot be inferred needs this.
 */
export function noValuesAdvice(
  q: Pick<NamedQuery, 'origin'>,
  placeholders: number,
  serverVersionNum: number,
): string {
  const params = placeholders === 1 ? '$1' : `$1..$${placeholders}`;
  const why =
    serverVersionNum < 120000
      ? `PostgreSQL ${Math.floor(serverVersionNum / 10000)} cannot plan ${params} without values (generic plans need 12+)`
      : `the type of ${placeholders === 1 ? '$1' : `a parameter (${params})`} cannot be inferred without a value`;
  return q.origin === 'pg_stat_statements'
    ? `${why}, and pg_stat_statements replaced its constants with ${params}, so it cannot be given sample values here; to plan it, copy it into a --queries file with a -- params: line`
    : `${why}; add a -- params: line with sample values${serverVersionNum < 120000 ? '' : `, or cast the parameter (${placeholders === 1 ? '$1' : `$${placeholders}`}::integer)`}`;
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
