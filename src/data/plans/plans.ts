import { type ExplainResult, explainQueries } from '../../postgres/explain.js';
import { describeFlip } from '../../postgres/plan-shape.js';
import type { NamedQuery } from '../../postgres/query-file.js';
import { openSession, type Session } from '../../postgres/session.js';

export type PlanVerdict = 'same' | 'flip' | 'cost-out-of-scale' | 'unplanned';

export interface PlanComparison {
  name: string;
  verdict: PlanVerdict;
  baseline?: ExplainResult;
  candidate?: ExplainResult;
  /** Baseline total cost / candidate total cost. */
  costRatio?: number;
  /** One line: what flipped, or why it could not be compared. */
  note: string;
}

/** Compares the plans of the same queries in two environments. Pure. */
export function comparePlans(
  baseline: ExplainResult[],
  candidate: ExplainResult[],
  dataScale = 1,
): PlanComparison[] {
  return baseline.map((b) => {
    const c = candidate.find((x) => x.name === b.name);
    const out: PlanComparison = { name: b.name, verdict: 'unplanned', baseline: b, note: '' };
    if (c) out.candidate = c;
    if (!b.summary || !c?.summary) {
      out.note = b.error ?? c?.error ?? 'no plan';
      return out;
    }
    out.costRatio = Number((b.summary.totalCost / Math.max(c.summary.totalCost, 0.01)).toPrecision(3));
    if (b.summary.shape !== c.summary.shape) {
      out.verdict = 'flip';
      out.note = describeFlip(c.summary.shape, b.summary.shape);
    } else if (c.summary.totalCost < 1000 && b.summary.totalCost >= 100_000) {
      out.verdict = 'cost-out-of-scale';
      out.note = 'same plan, cheap in the candidate and costly in the baseline';
    } else if (dataScale < 1 && out.costRatio > (1 / dataScale) * 1.5) {
      out.verdict = 'cost-out-of-scale';
      out.note = `cost grows x${out.costRatio}, faster than the data (x${Number((1 / dataScale).toPrecision(3))})`;
    } else {
      out.verdict = 'same';
      out.note = 'same plan';
    }
    return out;
  });
}

export interface PlansTarget {
  name: string;
  url: string;
  production: boolean;
}

/** Opens read-only sessions on both environments and EXPLAINs every query on each (never ANALYZE). */
export async function planBoth(
  baseline: PlansTarget,
  candidate: PlansTarget,
  queries: NamedQuery[],
  options: { statementTimeoutMs?: number } = {},
): Promise<{ baseline: ExplainResult[]; candidate: ExplainResult[]; errors: string[] }> {
  const errors: string[] = [];
  const run = async (t: PlansTarget): Promise<ExplainResult[]> => {
    let session: Session;
    try {
      session = await openSession(t.url, {
        statementTimeoutMs: options.statementTimeoutMs ?? 10_000,
        lockTimeoutMs: 1_000,
        connectTimeoutMs: 10_000,
      });
    } catch (error) {
      errors.push(`${t.name}: ${(error as Error).message}`);
      return queries.map((q) => ({
        name: q.name,
        line: q.line,
        generic: false,
        error: `${t.name} unreachable`,
      }));
    }
    try {
      return await explainQueries(session, queries, { analyze: false, production: t.production });
    } finally {
      await session.close();
    }
  };
  const [b, c] = await Promise.all([run(baseline), run(candidate)]);
  return { baseline: b, candidate: c, errors };
}
