import type { Fact } from '../../model/fact.js';
import { describeFlip } from '../../postgres/plan-shape.js';
import type { FactPair, Finding, Rule, RuleContext } from '../../rule-kit/types.js';
import { formatValue, judgeScaled, sameValue, setDelta } from '../../rule-kit/values.js';

const seg = (key: string) => key.split('/');
const isData = (key: string, ...path: (string | null)[]) => {
  const s = seg(key);
  return (
    s[0] === 'data' && s.length === path.length + 1 && path.every((p, i) => p === null || s[i + 1] === p)
  );
};
/** `data/table/<t>/column/<c>/<attr>` */
const columnAttr = (key: string, ...attrs: string[]) =>
  isData(key, 'table', null, 'column', null, null) && attrs.includes(seg(key)[5]!);
const tableOf = (key: string) => seg(key)[2]!;
const num = (f?: Fact) => (f && typeof f.value === 'number' ? f.value : undefined);

/** One side present, the other absent: the usual only-baseline / only-candidate finding. */
function presence(pair: FactPair, ctx: RuleContext, what: string): Finding | null {
  if (pair.baseline && !pair.candidate)
    return {
      kind: 'only-baseline',
      message: `${what} exists in ${ctx.baselineName}, not in ${ctx.candidateName}`,
    };
  if (!pair.baseline && pair.candidate)
    return {
      kind: 'only-candidate',
      message: `${what} exists in ${ctx.candidateName}, not in ${ctx.baselineName}`,
    };
  return null;
}

function differs(pair: FactPair, ctx: RuleContext, what: string): Finding | null {
  const p = presence(pair, ctx, what);
  if (p) return p;
  const { baseline: b, candidate: c } = pair;
  if (!b || !c || sameValue(b, c)) return null;
  return {
    kind: 'differs',
    message: `${what}: ${ctx.baselineName} ${formatValue(b.value, b.unit)}, ${ctx.candidateName} ${formatValue(c.value, c.unit)}`,
  };
}

/** Both sides know the table: differences inside a missing table are reported once, by table-missing. */
function tableOnBothSides(key: string, ctx: RuleContext): boolean {
  const t = `data/table/${tableOf(key)}/kind`;
  return ctx.baseline.has(t) && ctx.candidate.has(t);
}

const planFlip: Rule = {
  id: 'data.plan-flip',
  dimension: 'data',
  severity: 'high',
  title: 'Query plan flips at production scale',
  risk: 'The query staging runs is not the query production runs: an index scan in staging becomes a sequential scan or a different join in production, so latency measured in staging says nothing (80 ms there, 9 s here).',
  remedy:
    'Run `parity data rehearse` to measure the production-scale plan, then add the index, rewrite the query, or raise statistics so the plans agree.',
  appliesTo: (pair) => isData(pair.key, 'plan', null, 'shape'),
  judge(pair, ctx) {
    const { baseline: b, candidate: c } = pair;
    if (!b || !c) return presence(pair, ctx, `plan of ${seg(pair.key)[2]}`);
    if (b.value === c.value || typeof b.value !== 'string' || typeof c.value !== 'string') return null;
    const name = seg(pair.key)[2]!;
    const costKey = `data/plan/${name}/total-cost`;
    const bc = num(ctx.baseline.get(costKey));
    const cc = num(ctx.candidate.get(costKey));
    const ratio = bc !== undefined && cc ? Number((bc / cc).toPrecision(3)) : null;
    return {
      kind: 'differs',
      message: `plan of ${name} flips: ${describeFlip(c.value, b.value)} (${ctx.candidateName} -> ${ctx.baselineName})${ratio ? `, cost x${ratio}` : ''}`,
      detail: {
        baselinePlan: b.value,
        candidatePlan: c.value,
        baselineCost: bc ?? null,
        candidateCost: cc ?? null,
        baselineRows: num(ctx.baseline.get(`data/plan/${name}/rows`)) ?? null,
        candidateRows: num(ctx.candidate.get(`data/plan/${name}/rows`)) ?? null,
        costRatio: ratio,
      },
    };
  },
};

const CHEAP = 1_000;
const COSTLY = 100_000;

const planCost: Rule = {
  id: 'data.plan-cost-out-of-scale',
  dimension: 'data',
  severity: 'medium',
  title: 'Query cheap in staging, costly in production',
  risk: 'Same plan, different world: the query is fast on staging data and slow on production data, so its timeouts and pool sizing were tuned on a lie.',
  remedy:
    'Check the query against production volume (`parity data rehearse`) and add an index or a limit before it meets production traffic.',
  appliesTo: (pair) => isData(pair.key, 'plan', null, 'total-cost') || isData(pair.key, 'plan', null, 'rows'),
  judge(pair, ctx) {
    if (!isData(pair.key, 'plan', null, 'total-cost')) return null;
    const name = seg(pair.key)[2]!;
    const bs = ctx.baseline.get(`data/plan/${name}/shape`);
    const cs = ctx.candidate.get(`data/plan/${name}/shape`);
    if (!bs || !cs || bs.value !== cs.value) return null; // a flip is reported by data.plan-flip
    const b = num(pair.baseline);
    const c = num(pair.candidate);
    if (b === undefined || c === undefined) return null;
    const scaled = judgeScaled(pair, ctx);
    const cheapToCostly = c < CHEAP && b >= COSTLY;
    // Only growth beyond the data ratio matters: production being cheaper than expected is fine.
    if (!cheapToCostly && (!scaled || c >= b * ctx.scale.data)) return null;
    return {
      kind: 'out-of-scale',
      message: `plan of ${name}: estimated cost ${ctx.baselineName} ${Math.round(b)}, ${ctx.candidateName} ${Math.round(c)} (x${Number((b / Math.max(c, 0.01)).toPrecision(3))}) with the same plan`,
      detail: { baselineCost: b, candidateCost: c, declaredRatio: ctx.scale.data },
    };
  },
};

const migrations: Rule = {
  id: 'data.migrations-differ',
  dimension: 'data',
  severity: 'high',
  title: 'Schema version differs',
  risk: 'Staging runs a different schema than production: a migration tested in staging meets a production schema it never saw, or production has a hotfix staging lacks.',
  remedy:
    'Apply the missing migrations (or record the production hotfix as a migration) so both run the same schema version.',
  appliesTo: (pair) => isData(pair.key, 'migrations', null, null),
  judge(pair, ctx) {
    const tool = seg(pair.key)[2]!;
    const attr = seg(pair.key)[3];
    if (attr === 'latest') return null; // the applied set says it all
    if (attr === 'dirty') {
      const dirty = [pair.baseline, pair.candidate].some((f) => f?.value === true);
      return dirty
        ? {
            kind: 'differs',
            message: `${tool} migrations are marked dirty (a migration failed half-way)`,
            severity: 'critical',
          }
        : null;
    }
    const p = presence(pair, ctx, `${tool} migration history`);
    if (p) return p;
    const { baseline: b, candidate: c } = pair;
    if (!b || !c || sameValue(b, c)) return null;
    const { onlyA, onlyB } = setDelta(b.value, c.value);
    const list = (xs: string[]) =>
      xs.length > 5 ? `${xs.slice(0, 5).join(', ')} and ${xs.length - 5} more` : xs.join(', ');
    const parts = [];
    if (onlyA.length) parts.push(`only in ${ctx.baselineName}: ${list(onlyA)}`);
    if (onlyB.length) parts.push(`only in ${ctx.candidateName}: ${list(onlyB)}`);
    return {
      kind: 'differs',
      message: `${tool} migrations differ (${parts.join('; ')})`,
      detail: { onlyBaseline: onlyA.length, onlyCandidate: onlyB.length },
    };
  },
};

const tableMissing: Rule = {
  id: 'data.table-missing',
  dimension: 'data',
  severity: 'high',
  title: 'Table exists in one environment only',
  risk: 'Code paths that touch this table were never exercised against the other environment.',
  remedy: 'Bring the schemas together with a migration.',
  appliesTo: (pair) => isData(pair.key, 'table', null, 'kind'),
  judge: (pair, ctx) => differs(pair, ctx, `table ${tableOf(pair.key)}`),
};

function schemaRule(id: string, part: 'column' | 'index' | 'constraint', title: string, risk: string): Rule {
  return {
    id,
    dimension: 'data',
    severity: 'high',
    title,
    risk,
    remedy: 'Bring the schemas together with a migration applied to both environments.',
    appliesTo: (pair) =>
      part === 'column'
        ? columnAttr(pair.key, 'type', 'nullable', 'default')
        : isData(pair.key, 'table', null, part, null, 'definition'),
    judge(pair, ctx) {
      if (!tableOnBothSides(pair.key, ctx)) return null;
      const s = seg(pair.key);
      const what = part === 'column' ? `${s[2]}.${s[4]} ${s[5]}` : `${part} ${s[4]} on ${s[2]}`;
      if (part === 'column' && s[5] !== 'type') {
        // A missing column is reported once, by its type fact.
        const typeKey = `data/table/${s[2]}/column/${s[4]}/type`;
        if (!ctx.baseline.has(typeKey) || !ctx.candidate.has(typeKey)) return null;
      }
      const found = differs(
        pair,
        ctx,
        part === 'column' && s[5] === 'type' && (!pair.baseline || !pair.candidate)
          ? `column ${s[2]}.${s[4]}`
          : what,
      );
      if (found && part === 'column' && s[5] === 'default') found.severity = 'medium';
      return found;
    },
  };
}

const columnDiffers = schemaRule(
  'data.column-differs',
  'column',
  'Column differs (presence, type, nullability or default)',
  'Writes that succeed in staging fail in production (or the reverse): a NOT NULL, a narrower type or a missing column surfaces as errors only after the deploy.',
);
const indexDiffers = schemaRule(
  'data.index-differs',
  'index',
  'Index differs',
  'Query plans differ because the indexes differ: a query fast in one environment scans the whole table in the other, and unique indexes reject writes only one of them sees.',
);
const constraintDiffers = schemaRule(
  'data.constraint-differs',
  'constraint',
  'Constraint or foreign key differs',
  'Data that one environment rejects the other accepts: bugs that violate a constraint pass staging and fail in production.',
);

export { columnDiffers, constraintDiffers, indexDiffers, migrations, planCost, planFlip, tableMissing };
