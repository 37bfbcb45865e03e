import type { ScratchColumn } from './catalog.js';
import { quoteLiteral } from './catalog.js';

/** What a column's values look like beyond their number: width and the time range they span. */
export interface ValueShape {
  /** Average stored width in bytes (pg_stats avg_width); text is padded to it. */
  avgWidth?: number;
  /** Largest key that will be generated (digits of text values, numeric overflow guard). */
  maxKey: number;
  /** Distinct keys the column spreads over (time values spread evenly across the window). */
  distinct: number;
  /** End of the time window (exclusive): values fall in the two years before it. */
  now: Date;
  /**
   * A range partition key: values spread over the partitions' bounds [from, to) instead; with
   * `inclusive` (production's smallest and largest value), over [from, to], both ends included.
   */
  window?: { from: string; to: string; inclusive?: boolean };
  /** A list partition key without a default partition: only the listed values fit. */
  listValues?: string[];
}

const TIME_WINDOW_DAYS = 730;

/**
 * SQL for the value of key `k` (a bigint expression) in a column's type, or null when the type
 * cannot be generated. Equal keys give equal values and distinct keys distinct values (within
 * the type's range), so distinct counts and frequencies carry over from keys to values.
 */
export function valueSql(column: ScratchColumn, k: string, shape: ValueShape): string | null {
  const base = shape.listValues?.length
    ? `(ARRAY[${shape.listValues.map(quoteLiteral).join(', ')}])[1 + ((${k}) % ${shape.listValues.length})::int]`
    : ((shape.window && windowSql(column.baseType, k, shape.window, shape.distinct)) ??
      baseValueSql(column.baseType, column.category, column, k, shape));
  if (base === null) return null;
  // The explicit cast truncates over-long strings silently and applies domains and typmods.
  return `(${base})::${column.type}`;
}

function baseValueSql(
  typname: string,
  category: string,
  column: ScratchColumn,
  k: string,
  shape: ValueShape,
): string | null {
  switch (typname) {
    case 'int2':
      return `(${k}) % 32767`;
    case 'int4':
      return `(${k}) % 2147483647`;
    case 'int8':
    case 'oid':
      return k;
    case 'numeric': {
      // numeric(p,s) holds p-s integer digits; wrap around below that so the cast never overflows.
      const m = /\((\d+)(?:,\s*(\d+))?\)/.exec(column.type);
      if (!m) return `(${k})::numeric`;
      const digits = Number(m[1]) - Number(m[2] ?? 0);
      return digits >= 18 ? `(${k})::numeric` : `((${k}) % ${10 ** Math.max(digits, 0) || 1})::numeric`;
    }
    case 'float4':
    case 'float8':
    case 'money':
      return `(${k})::float8`;
    case 'bool':
      return `(${k}) % 2 = 0`;
    case 'uuid':
      return `lpad(to_hex(${k}), 32, '0')::uuid`;
    case 'date': {
      // As many days as distinct dates, within two to ten years back.
      const days = Math.min(10 * 365, Math.max(TIME_WINDOW_DAYS, shape.distinct));
      return `date ${quoteLiteral(isoDate(shape.now, -days))} + ((${k}) % ${days})::int`;
    }
    case 'timestamp':
    case 'timestamptz': {
      const start = isoDate(shape.now, -TIME_WINDOW_DAYS);
      const stepUs = Math.max(
        1,
        Math.floor((TIME_WINDOW_DAYS * 86_400_000_000) / Math.max(shape.distinct, 1)),
      );
      return `${typname} ${quoteLiteral(start)} + (${k}) * interval '${stepUs} microseconds'`;
    }
    case 'time':
    case 'timetz':
      return `time '00:00' + ((${k}) % 86400) * interval '1 second'`;
    case 'interval':
      return `(${k}) * interval '1 second'`;
    case 'json':
    case 'jsonb':
      return `json_build_object('k', ${k}, 'p', ${quoteLiteral(pad(shape, 12))})`;
    case 'bytea':
      return `convert_to(${textSql(k, shape)}, 'UTF8')`;
    case 'inet':
    case 'cidr':
      return `inet '10.0.0.0' + ((${k}) % 4294967295)`;
    case 'tsvector':
      return `to_tsvector('simple', 'w' || (${k}))`;
    case 'point':
      return `point((${k}) % 1000, (${k}) / 1000)`;
  }
  if (category === 'S') return textSql(k, shape);
  if (category === 'E' && column.labels?.length) {
    const labels = column.labels.map(quoteLiteral).join(', ');
    return `(ARRAY[${labels}])[1 + ((${k}) % ${column.labels.length})::int]`;
  }
  if (category === 'A' && column.elemType) {
    const elem = baseValueSql(column.elemType, column.elemCategory ?? '', column, k, shape);
    return elem === null ? null : `ARRAY[${elem}]`;
  }
  return null;
}

/** Values of a range partition key, spread over the partitions' bounds so every row finds its partition. */
function windowSql(
  typname: string,
  k: string,
  w: { from: string; to: string; inclusive?: boolean },
  distinct: number,
): string | null {
  const from = quoteLiteral(w.from);
  const to = quoteLiteral(w.to);
  const n = Math.max(distinct, 1);
  // Steps between the first and the last value: n - 1 when both ends are values, else n.
  const steps = w.inclusive ? Math.max(n - 1, 1) : n;
  switch (typname) {
    case 'int2':
    case 'int4':
    case 'int8':
    case 'numeric': {
      const lo = Number(w.from);
      const hi = Number(w.to);
      if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi < lo || (hi === lo && !w.inclusive)) return null;
      if (typname === 'numeric' && !Number.isInteger(lo))
        return `${lo} + ((${k}) % ${n}) * ${(hi - lo) / steps}::float8`;
      if (w.inclusive)
        return `${Math.floor(lo)} + round(((${k}) % ${n}) * ${(Math.floor(hi) - Math.floor(lo)) / steps}::float8)::int8`;
      const span = Math.max(1, Math.floor(hi - lo));
      // Spread the distinct keys evenly over the span.
      return `${Math.floor(lo)} + (((${k}) % ${n}) * ${span / n}::float8)::int8`;
    }
    case 'date':
      return `date ${from} + ((${k}) % (date ${to} - date ${from}${w.inclusive ? ' + 1' : ''}))::int`;
    case 'timestamp':
    case 'timestamptz':
      return `${typname} ${from} + ((${k}) % ${n}) * ((${typname} ${to} - ${typname} ${from}) / ${steps})`;
    default:
      return null;
  }
}

/** Text of the average width: a constant pad then the key, so distinct keys stay distinct. */
function textSql(k: string, shape: ValueShape): string {
  const p = pad(shape, 0);
  return p ? `${quoteLiteral(p)} || (${k})::text` : `(${k})::text`;
}

/** Padding so that pad + the key's digits is about the average width (minus the 1-byte header). */
function pad(shape: ValueShape, overhead: number): string {
  const target = Math.max(0, (shape.avgWidth ?? 8) - 1 - overhead);
  const digits = String(Math.max(0, Math.floor(shape.maxKey))).length;
  return 'x'.repeat(Math.min(2000, Math.max(0, target - digits)));
}

function isoDate(now: Date, days: number): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
