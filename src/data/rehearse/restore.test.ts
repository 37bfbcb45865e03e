import { readFileSync } from 'node:fs';
import type { Client } from 'pg';
import { describe, expect, it } from 'vitest';
import { fact } from '../../test-support/facts.js';
import { useTestPostgresClients } from '../../test-support/postgres.js';
import { readScratchCatalog } from './catalog.js';
import { generate, prepareLoad } from './load.js';
import { matchKey, planGeneration, type TablePlan } from './plan.js';
import { constraintKey, restoreSchema } from './restore.js';
import { statsFromFacts } from './stats.js';

const schema = readFileSync(
  new URL('./__fixtures__/schema-keys-include-deferrable-exclusion-partitioned-fks.sql', import.meta.url),
  'utf8',
);
const stats = statsFromFacts([
  fact('data/table/customers/rows', 200),
  fact('data/table/customers/column/referred_by/null-frac', 0.5),
  fact('data/table/customers/column/handle/null-frac', 0),
  fact('data/table/products/rows', 50),
  fact('data/table/orders/rows', 3000),
  fact('data/table/orders/column/slot/null-frac', 1),
  fact('data/table/order_lines/rows', 6000),
  fact('data/table/events/rows', 500),
]);
const now = new Date('2025-03-01T00:00:00Z');

/** Everything of the catalogue a rebuild could get wrong, without OIDs. */
const CATALOG_SQL = [
  `SELECT c.relname AS table, k.conname, k.contype::text, pg_get_constraintdef(k.oid) AS def, k.convalidated,
     k.condeferrable, k.condeferred, k.conislocal, k.coninhcount, i.relname AS index, p.conname AS parent
   FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid LEFT JOIN pg_class i ON i.oid = k.conindid
   LEFT JOIN pg_constraint p ON p.oid = k.conparentid
   WHERE c.relnamespace = 'public'::regnamespace ORDER BY 1, 2`,
  `SELECT t.relname AS table, c.relname AS index, pg_get_indexdef(i.indexrelid) AS def, i.indisunique,
     i.indisprimary, i.indisexclusion, i.indimmediate, i.indisvalid, i.indisready, i.indislive,
     i.indnullsnotdistinct, c.reloptions, (SELECT p.relname FROM pg_inherits h JOIN pg_class p ON p.oid = h.inhparent
       WHERE h.inhrelid = c.oid) AS parent
   FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
   WHERE t.relnamespace = 'public'::regnamespace ORDER BY 1, 2`,
  `SELECT g.tgrelid::regclass::text AS table, regexp_replace(g.tgname, '[0-9]+', 'N', 'g') AS name,
     g.tgfoid::regproc::text AS fn, g.tgtype, g.tgenabled::text, g.tgdeferrable, g.tginitdeferred, k.conname
   FROM pg_trigger g LEFT JOIN pg_constraint k ON k.oid = g.tgconstraint
   WHERE g.tgrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace)
   ORDER BY 1, 8, 3, 4`,
  `SELECT attrelid::regclass::text AS table, attname, attnotnull FROM pg_attribute
   WHERE attnum > 0 AND NOT attisdropped AND attrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p'))
   ORDER BY 1, 2`,
];

async function catalogOf(client: Client): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const sql of CATALOG_SQL) out.push((await client.query(sql)).rows);
  return out;
}

/** Rows of trusted foreign keys that have no parent row (must be none). */
async function orphans(client: Client, plans: TablePlan[]): Promise<string[]> {
  const { rows } = await client.query<{ name: string; orphans: number }>(
    `SELECT k.conname AS name, (xpath('/row/n/text()', query_to_xml(format(
       'SELECT count(*) AS n FROM %s c WHERE %I IS NOT NULL AND NOT EXISTS (SELECT 1 FROM %s p WHERE p.%I = c.%I)',
       k.conrelid::regclass, a.attname, k.confrelid::regclass, r.attname, a.attname), false, false, '')))[1]::text::int AS orphans
     FROM pg_constraint k
     JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
     JOIN pg_attribute r ON r.attrelid = k.confrelid AND r.attnum = k.confkey[1]
     WHERE k.contype = 'f' AND k.conname = ANY($1)`,
    [plans.flatMap((p) => p.trustedForeignKeys)],
  );
  return rows.filter((r) => r.orphans > 0).map((r) => `${r.name}: ${r.orphans}`);
}

describe('rebuilding keys, indexes and foreign keys after the load', () => {
  const { clients } = useTestPostgresClients({ database: 'scratch', sql: schema }, 3);

  it('in parallel over three connections, brings back the catalogue exactly as the schema defined it', async () => {
    const [main] = clients as [Client];
    const before = await catalogOf(main);
    const tables = await readScratchCatalog(main);
    const plans = planGeneration({ tables, stats, scale: 1, matches: new Map(), now });
    expect(Object.fromEntries(plans.map((p) => [p.key, p.trustedForeignKeys]))).toEqual({
      customers: ['customers_referred_by_fkey'],
      // owner_id is an integer, customers.id a bigint: the server validates it.
      products: [],
      orders: ['orders_customer_id_fkey', 'orders_handle_fkey'],
      // legacy_sku is NOT VALID in the schema and stays so.
      order_lines: ['order_lines_order_id_fkey', 'order_lines_sku_fkey'],
      events: [],
    });
    await prepareLoad(main, tables);
    await generate(clients, plans, { chunkRows: 1000 });
    expect(await orphans(main, plans)).toEqual([]);
    const notes = await restoreSchema(clients, tables, {
      trustedForeignKeys: new Set(
        plans.flatMap((p) => p.trustedForeignKeys.map((n) => constraintKey(p.key, n))),
      ),
      maintenanceWorkMem: '64MB',
      parallelMaintenanceWorkers: 1,
    });
    expect(notes).toEqual([]);
    expect(await catalogOf(main)).toEqual(before);
  });

  it('adds a key whole when PostgreSQL refuses to attach it to its index', async () => {
    const [main] = clients as [Client];
    await main.query(
      `CREATE TABLE attach_probe (id int NOT NULL, email text CONSTRAINT attach_probe_email_key UNIQUE);
       INSERT INTO attach_probe SELECT g, 'e' || g FROM generate_series(1, 1000) g;`,
    );
    const definitions = `SELECT pg_get_constraintdef(k.oid) AS con, pg_get_indexdef(k.conindid) AS idx
      FROM pg_constraint k WHERE k.conname = 'attach_probe_email_key'`;
    const before = (await main.query(definitions)).rows;
    const table = (await readScratchCatalog(main)).find((t) => t.name === 'attach_probe')!;
    await main.query('ALTER TABLE attach_probe DROP CONSTRAINT attach_probe_email_key');
    // An index USING INDEX refuses (not the default sort behaviour): the fallback must still give the key.
    const key = table.constraints[0]!;
    key.index = key.index!.replace('(email)', '(email text_pattern_ops)');
    expect(await restoreSchema(clients, [{ ...table, constraints: [key] }])).toEqual([]);
    expect((await main.query(definitions)).rows).toEqual(before);
  });

  it('trusts no foreign key whose values include a query literal, nor one to a key the parent may leave NULL', () => {
    const tables = [
      {
        oid: '1',
        schema: 'public',
        name: 'customers',
        key: 'customers',
        qualified: 'public.customers',
        partitioned: false,
        isPartition: false,
        columns: [
          column('id', 1, 'bigint', 'int8'),
          { ...column('handle', 2, 'text', 'text'), notNull: false },
        ],
        constraints: [
          {
            name: 'customers_pkey',
            type: 'p' as const,
            definition: 'PRIMARY KEY (id)',
            columns: [1],
            refOid: null,
            refColumns: [],
          },
        ],
        indexes: [],
        uniqueKeys: [[1], [2]],
        sequences: [],
        partition: null,
      },
      {
        oid: '2',
        schema: 'public',
        name: 'orders',
        key: 'orders',
        qualified: 'public.orders',
        partitioned: false,
        isPartition: false,
        columns: [
          column('id', 1, 'bigint', 'int8'),
          column('customer_id', 2, 'bigint', 'int8'),
          { ...column('handle', 3, 'text', 'text'), notNull: false },
        ],
        constraints: [
          {
            name: 'orders_pkey',
            type: 'p' as const,
            definition: 'PRIMARY KEY (id)',
            columns: [1],
            refOid: null,
            refColumns: [],
          },
          {
            name: 'orders_customer_id_fkey',
            type: 'f' as const,
            definition: 'FOREIGN KEY (customer_id) REFERENCES customers(id)',
            columns: [2],
            refOid: '1',
            refColumns: [1],
          },
          {
            name: 'orders_handle_fkey',
            type: 'f' as const,
            definition: 'FOREIGN KEY (handle) REFERENCES customers(handle)',
            columns: [3],
            refOid: '1',
            refColumns: [2],
          },
        ],
        indexes: [],
        uniqueKeys: [[1]],
        sequences: [],
        partition: null,
      },
    ];
    const st = (handleNulls: number) =>
      statsFromFacts([
        fact('data/table/customers/rows', 10),
        fact('data/table/customers/column/handle/null-frac', handleNulls),
        fact('data/table/orders/rows', 100),
        fact('data/table/orders/column/customer_id/null-frac', 0),
        fact('data/table/orders/column/customer_id/mcv', ['fp-42=0.5']),
      ]);
    const trusted = (matches: Map<string, string>, handleNulls = 0) =>
      planGeneration({ tables, stats: st(handleNulls), scale: 1, matches, now }).map(
        (p) => p.trustedForeignKeys,
      );
    expect(trusted(new Map())).toEqual([[], ['orders_customer_id_fkey', 'orders_handle_fkey']]);
    expect(trusted(new Map([[matchKey('orders', 'customer_id', 'fp-42'), '42']]))).toEqual([
      [],
      ['orders_handle_fkey'],
    ]);
    // A fifth of the parents' handles are NULL: a child drawing such a row's handle names no parent.
    expect(trusted(new Map(), 0.2)).toEqual([[], ['orders_customer_id_fkey']]);
  });
});

function column(name: string, attnum: number, type: string, baseType: string) {
  return {
    name,
    attnum,
    type,
    notNull: true,
    hasDefault: false,
    identity: '',
    generated: '',
    baseType,
    category: baseType === 'text' ? 'S' : 'N',
    labels: null,
    elemType: null,
    elemCategory: null,
  };
}
