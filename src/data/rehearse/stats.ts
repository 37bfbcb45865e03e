import type { Fact } from '../../model/fact.js';

/** One most-common value of production: its keyed fingerprint (never the value) and frequency. */
export interface McvEntry {
  fingerprint: string;
  freq: number;
}

/** Production's statistics of one column, as pg_stats describes it. */
export interface ColumnStats {
  type?: string;
  nullFrac?: number;
  /** A fixed number of distinct values (pg_stats n_distinct > 0). */
  distinctValues?: number;
  /** Distinct values as a share of the rows (pg_stats n_distinct < 0, negated). */
  distinctShare?: number;
  avgWidth?: number;
  correlation?: number;
  /** Frequency of the most common value (kept even when the values are not). */
  topFrequency?: number;
  mcv?: McvEntry[];
  /** Smallest and largest sampled value (opt-in `ranges`; histogram bounds and most-common values): where numbers and times lie. */
  range?: [string, string];
}

export interface TableStats {
  rows: number;
  columns: Map<string, ColumnStats>;
}

/** Production's statistics, keyed like the facts: `orders`, `billing.invoices`. */
export interface ProductionStats {
  tables: Map<string, TableStats>;
  /** Planner settings (`data/setting/<name>` facts) to reproduce on the scratch server. */
  settings: Map<string, { value: string | number | boolean; unit?: string }>;
  /** True when some column carried fingerprinted most-common values. */
  hasMcv: boolean;
}

const TABLE_KEY = /^data\/table\/(.+)\/rows$/;
const COLUMN_KEY = /^data\/table\/(.+?)\/column\/(.+)\/([a-z-]+)$/;
const SETTING_KEY = /^data\/setting\/(.+)$/;

/** Reads the `data/table/...` and `data/setting/...` facts of a postgres source into statistics. Pure. */
export function statsFromFacts(facts: readonly Fact[]): ProductionStats {
  const stats: ProductionStats = { tables: new Map(), settings: new Map(), hasMcv: false };
  const table = (key: string): TableStats => {
    let t = stats.tables.get(key);
    if (!t) {
      t = { rows: 0, columns: new Map() };
      stats.tables.set(key, t);
    }
    return t;
  };
  for (const f of facts) {
    if (f.dimension !== 'data') continue;
    const t = TABLE_KEY.exec(f.key);
    if (t) {
      if (typeof f.value === 'number') table(t[1]!).rows = f.value;
      continue;
    }
    const s = SETTING_KEY.exec(f.key);
    if (s) {
      const v = f.value;
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
        stats.settings.set(s[1]!, f.unit ? { value: v, unit: f.unit } : { value: v });
      continue;
    }
    const c = COLUMN_KEY.exec(f.key);
    if (!c) continue;
    const columns = table(c[1]!).columns;
    const name = c[2]!;
    const col = columns.get(name) ?? {};
    columns.set(name, col);
    const v = f.value;
    const n = typeof v === 'number' && Number.isFinite(v) ? v : undefined;
    switch (c[3]) {
      case 'type':
        if (typeof v === 'string') col.type = v;
        break;
      case 'null-frac':
        if (n !== undefined) col.nullFrac = clamp01(n);
        break;
      case 'distinct-values':
        if (n !== undefined && n >= 0) col.distinctValues = n;
        break;
      case 'distinct-share':
        if (n !== undefined) col.distinctShare = clamp01(n);
        break;
      case 'avg-width':
        if (n !== undefined && n >= 0) col.avgWidth = n;
        break;
      case 'correlation':
        if (n !== undefined) col.correlation = Math.max(-1, Math.min(1, n));
        break;
      case 'top-frequency':
        if (n !== undefined) col.topFrequency = clamp01(n);
        break;
      case 'range':
        if (Array.isArray(v) && v.length === 2) col.range = [v[0]!, v[1]!];
        break;
      case 'mcv':
        if (Array.isArray(v)) {
          col.mcv = parseMcv(v);
          if (col.mcv.length) stats.hasMcv = true;
        }
        break;
    }
  }
  return stats;
}

/** `fingerprint=frequency` entries (as the postgres source writes them); odd entries are dropped. */
export function parseMcv(entries: readonly string[]): McvEntry[] {
  const out: McvEntry[] = [];
  for (const e of entries) {
    const i = e.lastIndexOf('=');
    if (i <= 0) continue;
    const freq = Number(e.slice(i + 1));
    if (!Number.isFinite(freq) || freq < 0 || freq > 1) continue;
    out.push({ fingerprint: e.slice(0, i), freq });
  }
  return out;
}

function clamp01(n: number): number {
  return Math.max(0, Math.min(1, n));
}

/** Keeps only the facts of one source (a snapshot may hold several databases). */
export function factsOfSource(facts: readonly Fact[], source?: string): Fact[] {
  return source ? facts.filter((f) => f.origin.source === source) : [...facts];
}
