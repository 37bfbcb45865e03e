// Input generators of the data benchmarks: SQL that builds the databases inside the server.

/** N tables of C columns (mixed types), R rows each, an index per table, analyzed. */
export function wideSchemaSql(tables: number, columns: number, rows: number): string {
  const types = ['bigint', 'text', 'integer', 'timestamptz', 'boolean', 'numeric(10,2)', 'text', 'date'];
  const value = (type: string, i: number) =>
    ({
      bigint: `g * ${i + 1}`,
      text: `CASE WHEN g % ${i + 2} = 0 THEN NULL ELSE 'v' || (g % ${10 * (i + 1)}) END`,
      integer: `(g % ${100 + i})::int`,
      timestamptz: `timestamptz '2025-01-01' + g * interval '1 hour'`,
      boolean: `g % 3 = 0`,
      'numeric(10,2)': `(g % 1000) / 7.0`,
      date: `date '2025-01-01' + (g % 365)::int`,
    })[type];
  const out: string[] = [];
  for (let t = 0; t < tables; t++) {
    const cols = Array.from({ length: columns - 1 }, (_, i) => `c${i} ${types[i % types.length]}`);
    out.push(`CREATE TABLE t${t} (id bigint PRIMARY KEY, ${cols.join(', ')});`);
    out.push(`CREATE INDEX t${t}_c0_idx ON t${t} (c0);`);
    const exprs = Array.from({ length: columns - 1 }, (_, i) => value(types[i % types.length]!, i));
    out.push(`INSERT INTO t${t} SELECT g, ${exprs.join(', ')} FROM generate_series(1, ${rows}) g;`);
  }
  out.push('ANALYZE;');
  return out.join('\n');
}

/** The schema of the plan-flip cases: customers, orders (three indexes), monthly-partitioned events. */
export const FLIP_SCHEMA = `
CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL, country text NOT NULL);
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id),
  status text NOT NULL,
  total_cents integer NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX orders_status_idx ON orders (status);
CREATE INDEX orders_customer_id_idx ON orders (customer_id);
CREATE INDEX orders_created_at_idx ON orders (created_at);
CREATE INDEX orders_total_cents_idx ON orders (total_cents);
CREATE TABLE events (id bigint NOT NULL, at timestamptz NOT NULL, kind text NOT NULL) PARTITION BY RANGE (at);
CREATE INDEX events_kind_idx ON events (kind);
DO $$
BEGIN
  FOR m IN 0..23 LOOP
    EXECUTE format('CREATE TABLE events_m%s PARTITION OF events FOR VALUES FROM (%L) TO (%L)', m,
      timestamptz '2024-01-01' + m * interval '1 month', timestamptz '2024-01-01' + (m + 1) * interval '1 month');
  END LOOP;
END $$;
`;

export interface FlipData {
  customers: number;
  orders: number;
  events: number;
  /** Share of orders `completed` (the rest pending / shipped / cancelled). */
  completed: number;
  /** Orders and events span this many months back from 2026-01-01. */
  months: number;
}

/** Fills the flip schema inside the server; the skew and the time span differ per environment. */
export function flipFillSql(d: FlipData): string {
  const span = `${d.months} * interval '1 month'`;
  return `
SELECT setseed(0.42);
INSERT INTO customers SELECT g, 'c' || g || '@example.com', (ARRAY['DE','FR','NL','ES','IT','US','PL','SE'])[1 + g % 8]
FROM generate_series(1::int8, ${d.customers}) g;
INSERT INTO orders
SELECT g, 1 + (g * 7919) % ${d.customers},
  CASE WHEN r < ${d.completed} THEN 'completed' WHEN r < ${d.completed} + (1 - ${d.completed}) / 2 THEN 'pending'
       WHEN r < 0.99 THEN 'shipped' ELSE 'cancelled' END,
  (g * 37) % 50000,
  timestamptz '2026-01-01' - ${span} + ((g - 1)::float8 / ${d.orders}) * ${span}
FROM (SELECT g, random() AS r FROM generate_series(1::int8, ${d.orders}) g) x;
INSERT INTO events
SELECT g, timestamptz '2026-01-01' - ${span} + ((g - 1)::float8 / ${d.events}) * ${span},
  (ARRAY['view','click','cart','buy'])[1 + g % 4]
FROM generate_series(1::int8, ${d.events}) g;
ANALYZE;`;
}

/**
 * The cases, each a named query with sample values, and the kind of flip it is meant to show
 * (or `none`: a control that must not flip).
 */
export const FLIP_CASES: { name: string; kind: string; params?: unknown[]; sql: string }[] = [
  {
    name: 'index-vs-seq-scan',
    kind: 'index scan vs seq scan (skew)',
    params: ['completed'],
    sql: 'SELECT id, total_cents FROM orders WHERE status = $1',
  },
  {
    name: 'range-selectivity',
    kind: 'index scan vs seq scan (range)',
    params: ['2025-11-15'],
    sql: 'SELECT id FROM orders WHERE created_at < $1',
  },
  {
    // Staging hashes its tiny customers table; production probes 100,000 customers by key.
    name: 'nested-loop-vs-hash-join',
    kind: 'nested loop vs hash join',
    params: ['2025-12-30 16:00'],
    sql: 'SELECT o.id, c.email FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.created_at >= $1',
  },
  {
    // 1% cancelled in both: staging sorts its 100 rows, production walks the total_cents index.
    name: 'sort-vs-index-order',
    kind: 'sort vs index order',
    params: ['cancelled'],
    sql: 'SELECT id, total_cents FROM orders WHERE status = $1 ORDER BY total_cents LIMIT 50',
  },
  {
    name: 'partition-pruning',
    kind: 'partition pruning (3 of 24 partitions; parallel at volume)',
    params: ['2025-10-01'],
    sql: 'SELECT count(*) FROM events WHERE at >= $1',
  },
  { name: 'primary-key-lookup', kind: 'none', params: [4242], sql: 'SELECT * FROM orders WHERE id = $1' },
  { name: 'customer-orders', kind: 'none', params: [42], sql: 'SELECT * FROM orders WHERE customer_id = $1' },
  {
    name: 'rare-status',
    kind: 'none',
    params: ['cancelled'],
    sql: 'SELECT id FROM orders WHERE status = $1 AND total_cents > 100',
  },
];

/** The cases as a query file (`-- name:` / `-- params:`). */
export function flipQueryFile(): string {
  return FLIP_CASES.map(
    (c) => `-- name: ${c.name}\n${c.params ? `-- params: ${JSON.stringify(c.params)}\n` : ''}${c.sql};\n`,
  ).join('\n');
}
