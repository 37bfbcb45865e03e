import type { Fact } from '../../model/fact.js';
import type { FactPair, Finding, Rule, RuleContext } from '../../rule-kit/types.js';
import { formatValue, judgeScaled, sameValue, scaledBounds } from '../../rule-kit/values.js';

const seg = (key: string) => key.split('/');
const num = (f?: Fact) => (f && typeof f.value === 'number' ? f.value : undefined);
const pct = (n: number) => `${Math.round(n * 1000) / 10}%`;
const isColumn = (key: string, ...attrs: string[]) => {
  const s = seg(key);
  return s[0] === 'data' && s[1] === 'table' && s[3] === 'column' && s.length === 6 && attrs.includes(s[5]!);
};
const isTable = (key: string, ...attrs: string[]) => {
  const s = seg(key);
  return s[0] === 'data' && s[1] === 'table' && s.length === 4 && attrs.includes(s[3]!);
};
const col = (key: string) => `${seg(key)[2]}.${seg(key)[4]}`;

/** The same column's `attr` fact on each side: [baseline, candidate]. */
function sibling(key: string, attr: string, ctx: RuleContext): [Fact | undefined, Fact | undefined] {
  const other = [...seg(key).slice(0, 5), attr].join('/');
  return [ctx.baseline.get(other), ctx.candidate.get(other)];
}

/**
 * Distinct values grow with the rows: staging at the declared data scale (or at its real row
 * ratio, which `data.volume-out-of-scale` judges on its own) holds proportionally fewer.
 */
function scalesWithVolume(key: string, b: number, c: number, ctx: RuleContext): boolean {
  const rows = (map: ReadonlyMap<string, Fact>) => num(map.get(`data/table/${seg(key)[2]}/rows`));
  const [rb, rc] = [rows(ctx.baseline), rows(ctx.candidate)];
  const ratios = [ctx.scale.data, ...(rb && rc !== undefined ? [rc / rb] : [])];
  return ratios.some((ratio) => {
    const { low, high } = scaledBounds(b * ratio, ctx.tolerance, 'data', b);
    return c >= low && c <= high;
  });
}

function both(pair: FactPair): [number, number] | null {
  const b = num(pair.baseline);
  const c = num(pair.candidate);
  return b === undefined || c === undefined ? null : [b, c];
}

const nullPaths: Rule = {
  id: 'data.null-paths-unexercised',
  dimension: 'data',
  severity: 'high',
  title: 'NULL paths never exercised',
  risk: 'Production has NULLs in a column where staging has none: every code path that handles the NULL (formatting, joins, sums) runs for the first time in production.',
  remedy: 'Seed staging with NULLs in this column at production\u2019s rate, or make the column NOT NULL.',
  appliesTo: (pair) => isColumn(pair.key, 'null-frac'),
  judge(pair, ctx) {
    const v = both(pair);
    if (!v) return null;
    const [b, c] = v;
    if (c === 0 && b >= 0.001) {
      return {
        kind: 'differs',
        message: `${col(pair.key)} is NULL in ${pct(b)} of ${ctx.baselineName} rows and never in ${ctx.candidateName}`,
        detail: { baseline: b, candidate: c },
      };
    }
    if (Math.abs(b - c) >= 0.25) {
      return {
        kind: 'differs',
        severity: 'medium',
        message: `${col(pair.key)} NULL share: ${ctx.baselineName} ${pct(b)}, ${ctx.candidateName} ${pct(c)}`,
        detail: { baseline: b, candidate: c },
      };
    }
    return null;
  },
};

const skew: Rule = {
  id: 'data.value-skew-differs',
  dimension: 'data',
  severity: 'medium',
  title: 'Value skew differs',
  risk: 'The most common value covers a very different share of rows: the planner picks a different plan and queries filtering on it return far more rows in production.',
  remedy:
    'Generate staging data with production\u2019s skew (`parity data rehearse` reproduces it from fingerprints), and check the plans with `parity data plans`.',
  appliesTo: (pair) => isColumn(pair.key, 'top-frequency', 'mcv'),
  judge(pair, ctx) {
    if (isColumn(pair.key, 'mcv')) return judgeMcv(pair, ctx);
    // The most common value's share is the first of the MCV list: where both lists are compared,
    // the MCV finding says it (with the value's fingerprint), once.
    if (ctx.fingerprintsComparable && sibling(pair.key, 'mcv', ctx).every((f) => f !== undefined))
      return null;
    const v = both(pair);
    if (!v) return null;
    const [b, c] = v;
    if (Math.abs(b - c) < 0.25) return null;
    return {
      kind: 'differs',
      message: `${col(pair.key)}: the most common value covers ${pct(b)} of ${ctx.baselineName} rows, ${pct(c)} of ${ctx.candidateName}`,
      detail: { baseline: b, candidate: c },
    };
  },
};

/** Fingerprints pair across environments collected with one key; compare each value's frequency. */
function judgeMcv(pair: FactPair, ctx: RuleContext): Finding | null {
  const parse = (f?: Fact) =>
    new Map(
      (Array.isArray(f?.value) ? f.value : [])
        .map((e) => e.split('=') as [string, string])
        .map(([k, v]) => [k, Number(v)]),
    );
  if (!ctx.fingerprintsComparable) return null;
  const b = parse(pair.baseline);
  const c = parse(pair.candidate);
  let worst: { fp: string; b: number; c: number } | null = null;
  for (const fp of new Set([...b.keys(), ...c.keys()])) {
    const d = { fp, b: b.get(fp) ?? 0, c: c.get(fp) ?? 0 };
    if (!worst || Math.abs(d.b - d.c) > Math.abs(worst.b - worst.c)) worst = d;
  }
  if (!worst || Math.abs(worst.b - worst.c) < 0.25) return null;
  return {
    kind: 'differs',
    message: `${col(pair.key)}: one common value (fingerprint ${worst.fp.slice(0, 8)}) is ${pct(worst.b)} of ${ctx.baselineName} rows, ${pct(worst.c)} of ${ctx.candidateName}`,
    detail: { fingerprint: worst.fp.slice(0, 8), baseline: worst.b, candidate: worst.c },
  };
}

const shape: Rule = {
  id: 'data.shape-differs',
  dimension: 'data',
  severity: 'medium',
  title: 'Value shape differs',
  risk: 'Values in production are longer, more varied, non-ASCII or empty where staging\u2019s are not: truncation, encoding and validation bugs wait there.',
  remedy: 'Seed staging with values of production\u2019s shape (widths, unicode, empty strings).',
  appliesTo: (pair) =>
    isColumn(
      pair.key,
      'avg-width',
      'max-length',
      'non-ascii-share',
      'empty-share',
      'correlation',
      'distinct-values',
      'distinct-share',
      'range',
    ),
  judge(pair, ctx) {
    // Ranges (opt-in, real values) feed `data rehearse`; environments legitimately differ there.
    if (isColumn(pair.key, 'range')) return null;
    const v = both(pair);
    if (!v) return null;
    const [b, c] = v;
    const attr = seg(pair.key)[5];
    const say = (what: string, unit?: string) => ({
      kind: 'differs' as const,
      message: `${col(pair.key)} ${what}: ${ctx.baselineName} ${formatValue(b, unit)}, ${ctx.candidateName} ${formatValue(c, unit)}`,
      detail: { baseline: b, candidate: c },
    });
    switch (attr) {
      case 'avg-width':
        return b > c * 2 && b - c >= 16 ? say('average width', 'bytes') : null;
      case 'max-length':
        return b > c * 1.5 && b - c >= 16 ? say('longest value', 'chars') : null;
      case 'non-ascii-share':
        return b > 0 && c === 0 ? say('non-ASCII share') : null;
      case 'empty-share':
        return b > 0 && c === 0 ? say('empty-string share') : null;
      case 'correlation':
        // A column holding one value is trivially ordered: its correlation says nothing.
        if (sibling(pair.key, 'distinct-values', ctx).some((f) => num(f) !== undefined && num(f)! <= 1))
          return null;
        return Math.abs(b - c) >= 0.5 ? say('physical order correlation') : null;
      case 'distinct-values':
        if (scalesWithVolume(pair.key, b, c, ctx)) return null;
        return b > c * 2 && b - c >= 5 ? say('distinct values') : null;
      default:
        return Math.max(b, c) > Math.min(b, c) * 4 ? say('distinct share') : null;
    }
  },
};

const volume: Rule = {
  id: 'data.volume-out-of-scale',
  dimension: 'data',
  severity: 'high',
  title: 'Data volume out of the declared scale',
  risk: 'Staging holds far less (or more) data than the declared scale: query plans, index sizes, VACUUM and migration durations measured there do not carry over.',
  remedy:
    'Load staging to the declared scale, declare the real ratio in `scale.data`, or rehearse at production volume with `parity data rehearse`.',
  appliesTo: (pair) => isTable(pair.key, 'rows', 'table-bytes', 'index-bytes', 'partitions'),
  judge(pair, ctx) {
    if (!isTable(pair.key, 'rows')) return null; // sizes follow rows; one finding per table
    const b = num(pair.baseline);
    if (b === undefined || b < 1000) return null; // tiny tables (lookups) say nothing about scale
    return judgeScaled(pair, ctx);
  },
};

const stale: Rule = {
  id: 'data.statistics-stale',
  dimension: 'data',
  severity: 'medium',
  title: 'Planner statistics stale or missing',
  risk: 'The planner decides from old statistics: plans compared between environments (or trusted in one) can change after the next ANALYZE.',
  remedy: 'Run ANALYZE on the table and check autovacuum settings.',
  appliesTo: (pair) => isTable(pair.key, 'modified-since-analyze', 'last-analyze'),
  judge(pair, ctx) {
    if (!isTable(pair.key, 'modified-since-analyze')) return null;
    const t = seg(pair.key)[2];
    const sides: [string, Fact | undefined, ReadonlyMap<string, Fact>][] = [
      [ctx.baselineName, pair.baseline, ctx.baseline],
      [ctx.candidateName, pair.candidate, ctx.candidate],
    ];
    const bad = sides.flatMap(([env, f, facts]) => {
      if (!f) return [];
      const rows = num(facts.get(`data/table/${t}/rows`)) ?? 0;
      if (f.value === null) return rows >= 1000 ? [`${env}: never analyzed`] : [];
      return typeof f.value === 'number' && f.value > 0.2
        ? [`${env}: ${pct(f.value)} of rows modified since the last ANALYZE`]
        : [];
    });
    return bad.length
      ? { kind: 'differs', message: `statistics of ${t} are stale (${bad.join('; ')})` }
      : null;
  },
};

const settings: Rule = {
  id: 'data.planner-setting-differs',
  dimension: 'data',
  severity: 'medium',
  title: 'Planner setting differs',
  risk: 'The planner is configured differently (work_mem, random_page_cost, ...): the same query on the same data gets a different plan or spills to disk in only one environment.',
  remedy:
    'Set planner settings the same in both environments, or scale memory settings deliberately and record the decision.',
  appliesTo: (pair) => seg(pair.key)[0] === 'data' && seg(pair.key)[1] === 'setting',
  judge(pair, ctx) {
    const { baseline: b, candidate: c } = pair;
    if (!b || !c || sameValue(b, c)) return null;
    return {
      kind: 'differs',
      message: `${seg(pair.key)[2]}: ${ctx.baselineName} ${formatValue(b.value, b.unit)}, ${ctx.candidateName} ${formatValue(c.value, c.unit)}`,
    };
  },
};

const server: Rule = {
  id: 'data.server-version-differs',
  dimension: 'data',
  severity: 'medium',
  title: 'PostgreSQL or extension version differs',
  risk: 'Planner, SQL features and extension behaviour change between versions: what staging accepts production may reject, and plans differ.',
  remedy: 'Run the same PostgreSQL major version and extension versions in both environments.',
  appliesTo: (pair) =>
    pair.key === 'data/server/version' || (seg(pair.key)[1] === 'extension' && seg(pair.key)[0] === 'data'),
  judge(pair, ctx) {
    const what = pair.key === 'data/server/version' ? 'PostgreSQL' : `extension ${seg(pair.key)[2]}`;
    const { baseline: b, candidate: c } = pair;
    if (!b || !c) {
      if (pair.key === 'data/server/version') return null;
      return {
        kind: b ? 'only-baseline' : 'only-candidate',
        message: `${what} installed only in ${b ? ctx.baselineName : ctx.candidateName}`,
      };
    }
    if (sameValue(b, c)) return null;
    const major = (v: unknown) => String(v).split('.')[0];
    return {
      kind: 'differs',
      severity: major(b.value) !== major(c.value) ? 'high' : 'low',
      message: `${what}: ${ctx.baselineName} ${formatValue(b.value)}, ${ctx.candidateName} ${formatValue(c.value)}`,
    };
  },
};

export { nullPaths, server, settings, shape, skew, stale, volume };
