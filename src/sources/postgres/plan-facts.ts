import path from 'node:path';
import type { Fact } from '../../model/fact.js';
import { makeFact } from '../../model/make-fact.js';
import { explainQueries } from '../../postgres/explain.js';
import { parseQueryFile } from '../../postgres/query-file.js';
import type { Session } from '../../postgres/session.js';
import { readRegularText } from '../../regular-file.js';
import type { SourceResult, SourceSpec } from '../types.js';

/** Plans of the source's query file as facts, so `parity audit` judges flips like any difference. */
export async function collectPlanFacts(
  session: Session,
  spec: SourceSpec,
  queriesPath: string,
  production: boolean,
): Promise<SourceResult> {
  const absolute = path.resolve(spec.baseDir, queriesPath);
  let text: string;
  try {
    text = await readRegularText(absolute, 64 * 1024 * 1024);
  } catch (error) {
    const code = (error as { code?: string }).code ?? (error as Error).message;
    return {
      facts: [],
      skips: [
        {
          source: spec.id,
          file: queriesPath,
          reason: `query file not readable (${code}); expected a file of -- name: statements`,
        },
      ],
    };
  }
  const parsed = parseQueryFile(text, spec.id, queriesPath);
  // Never ANALYZE here, production or not: an audit only plans.
  const results = await explainQueries(session, parsed.queries, { analyze: false, production });
  return planFacts(results, spec.id, queriesPath, parsed.skips);
}

/** Turns EXPLAIN results into `data/plan/<name>/{shape,total-cost,rows}` facts and per-query skips. Pure. */
export function planFacts(
  results: Awaited<ReturnType<typeof explainQueries>>,
  source: string,
  file: string,
  skips: SourceResult['skips'] = [],
): SourceResult {
  const facts: Fact[] = [];
  const out = [...skips];
  for (const r of results) {
    if (!r.summary) {
      out.push({ source, file, line: r.line, reason: r.error ?? `query ${r.name}: no plan` });
      continue;
    }
    const origin = { source, file, line: r.line, query: r.name };
    facts.push(
      makeFact({ dimension: 'data', path: ['plan', r.name, 'shape'], value: r.summary.shape, origin }),
      makeFact({
        dimension: 'data',
        path: ['plan', r.name, 'total-cost'],
        value: r.summary.totalCost,
        compare: 'scaled',
        scale: 'data',
        origin,
      }),
      makeFact({
        dimension: 'data',
        path: ['plan', r.name, 'rows'],
        value: r.summary.rows,
        compare: 'scaled',
        scale: 'data',
        unit: 'rows',
        origin,
      }),
    );
  }
  return { facts, skips: out };
}
