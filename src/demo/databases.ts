import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EmbeddedServer, startEmbedded, withDatabase } from '../postgres/embedded.js';
import { findEmbeddedPackages } from '../postgres/reachable-binaries.js';
import { cacheKey, type DemoCache, defaultCacheRoot, restoreFromCache, saveToCache } from './cache.js';

export interface DemoDatabasesOptions {
  /** examples/shop/db; defaults to the copy shipped with the package. */
  dbDir?: string;
  stagingOrders?: number;
  productionOrders?: number;
  /** Progress lines ("production: 2,000,000 orders loaded in 2.1 s"). */
  log?: (line: string) => void;
  /**
   * Reuse loaded data directories between runs (under os.tmpdir(), keyed by a hash of the schema,
   * seed, load parameters and versions). Default on; PARITY_DEMO_CACHE=0 turns it off.
   */
  cache?: boolean | DemoCache;
}

export interface DemoDatabase {
  url: string;
  orders: number;
  loadMs: number;
  /** Started from a cached data directory instead of being loaded. */
  cached: boolean;
}

export interface DemoDatabases {
  staging: DemoDatabase;
  production: DemoDatabase;
  stop(): Promise<void>;
}

interface EnvPlan {
  name: 'staging' | 'production';
  orders: number;
  customers: number;
  statusWeights: number[];
  shippedNullShare: number;
  nonAsciiShare: number;
  migrations: number;
  settings: Record<string, string>;
  restrictedRole: boolean;
}

/** examples/shop/db beside the package root, found from this file (src/, dist/ or a build copy). */
function defaultDbDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'examples', 'shop', 'db');
    if (existsSync(path.join(candidate, 'seed.sql'))) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error('examples/shop/db not found next to the package; pass dbDir');
}

/**
 * Starts the demo's two embedded PostgreSQL servers: staging (~12,000 orders, 10% completed, every
 * order shipped, all migrations but the production hotfix, connecting as superuser) and production
 * (~2,000,000 orders, 85% completed, 30% never shipped, the hotfix index, a restricted role).
 */
export async function startDemoDatabases(options: DemoDatabasesOptions = {}): Promise<DemoDatabases> {
  const dbDir = options.dbDir ?? defaultDbDir();
  const log = options.log ?? (() => undefined);
  const plans: EnvPlan[] = [
    {
      name: 'staging',
      orders: options.stagingOrders ?? 12_000,
      customers: Math.max(100, Math.round((options.stagingOrders ?? 12_000) / 4)),
      statusWeights: [0.1, 0.4, 0.3, 0.15, 0.05],
      shippedNullShare: 0,
      nonAsciiShare: 0,
      migrations: 2,
      settings: { work_mem: '4MB', effective_cache_size: '512MB' },
      restrictedRole: false,
    },
    {
      name: 'production',
      orders: options.productionOrders ?? 2_000_000,
      customers: Math.max(100, Math.round((options.productionOrders ?? 2_000_000) / 10)),
      statusWeights: [0.85, 0.05, 0.05, 0.04, 0.01],
      shippedNullShare: 0.3,
      nonAsciiShare: 0.2,
      migrations: 3,
      settings: { work_mem: '64MB', effective_cache_size: '4GB' },
      restrictedRole: true,
    },
  ];
  const cache = cacheOf(options.cache);
  const servers: EmbeddedServer[] = [];
  const onStop: (() => Promise<void>)[] = [];
  const stop = async () => {
    await Promise.all(servers.map((s) => s.stop({ keep: true }).catch(() => undefined)));
    // Fresh loads are cached once their server is down (a consistent copy), then removed.
    await Promise.all(onStop.map((f) => f().catch(() => undefined)));
  };
  try {
    // Both at once: on two cores the small staging load hides inside production's.
    const loaded = await Promise.all(
      plans.map(async (plan): Promise<DemoDatabase> => {
        const started = Date.now();
        const key = cache ? demoKey(dbDir, plan) : '';
        const restored = cache ? await restoreFromCache(cache, plan.name, key) : null;
        const server = restored
          ? await startEmbedded({
              dataDir: restored,
              reuse: true,
              removeOnExit: true,
              settings: plan.settings,
            }).catch(async () => {
              await rmDir(restored); // an entry that does not start is rebuilt below
              return null;
            })
          : null;
        if (server) {
          servers.push(server);
          onStop.push(() => rmDir(server.dataDir));
          const loadMs = Date.now() - started;
          log(
            `${plan.name}: ${plan.orders.toLocaleString('en-US')} orders ready in ${(loadMs / 1000).toFixed(1)} s (cached)`,
          );
          return { url: demoUrl(server.url, plan), orders: plan.orders, loadMs, cached: true };
        }
        const fresh = await startEmbedded({ settings: plan.settings, removeOnExit: true });
        servers.push(fresh);
        const url = await loadDemo(fresh.url, dbDir, plan);
        onStop.push(async () => {
          if (cache) await saveToCache(cache, plan.name, key, fresh.dataDir);
          await rmDir(fresh.dataDir);
        });
        const loadMs = Date.now() - started;
        log(
          `${plan.name}: ${plan.orders.toLocaleString('en-US')} orders ready in ${(loadMs / 1000).toFixed(1)} s`,
        );
        return { url, orders: plan.orders, loadMs, cached: false };
      }),
    );
    return { staging: loaded[0]!, production: loaded[1]!, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function cacheOf(option: DemoDatabasesOptions['cache']): DemoCache | null {
  if (option === false || (option === undefined && process.env.PARITY_DEMO_CACHE === '0')) return null;
  return typeof option === 'object' ? option : { root: defaultCacheRoot() };
}

async function rmDir(dir: string): Promise<void> {
  const { rm } = await import('node:fs/promises');
  await rm(dir, { recursive: true, force: true });
}

/** Everything that shapes a demo database: seed, migrations, load parameters, this code, PostgreSQL. */
function demoKey(dbDir: string, plan: EnvPlan): string {
  const migrations = readdirSync(path.join(dbDir, 'migrations'))
    .filter((f) => f.endsWith('.sql'))
    .sort();
  // Throws the plain "not installed" error when the optional dependency was left out.
  const { platformDir } = findEmbeddedPackages();
  const pgPackage = path.join(platformDir, 'package.json');
  return cacheKey([
    'parity-demo-cache-1',
    JSON.stringify(plan),
    readFileSync(path.join(dbDir, 'seed.sql')),
    ...migrations.flatMap((f) => [f, readFileSync(path.join(dbDir, 'migrations', f))]),
    readFileSync(fileURLToPath(import.meta.url)),
    readFileSync(pgPackage),
  ]);
}

/** The URL the demo hands out: the shop database, as the restricted role where there is one. */
function demoUrl(adminUrl: string, plan: EnvPlan): string {
  const shopUrl = withDatabase(adminUrl, 'shop');
  if (!plan.restrictedRole) return shopUrl;
  const u = new URL(shopUrl);
  u.username = 'shop_app';
  u.password = 'shop-app-demo';
  return u.toString();
}

async function loadDemo(adminUrl: string, dbDir: string, plan: EnvPlan): Promise<string> {
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: adminUrl });
  admin.on('error', () => undefined);
  await admin.connect();
  await admin.query('CREATE DATABASE shop');
  await admin.end();
  const shopUrl = withDatabase(adminUrl, 'shop');
  const client = new pg.Client({ connectionString: shopUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const migrations = readdirSync(`${path.join(dbDir, 'migrations')}`)
      .filter((f) => f.endsWith('.sql'))
      .sort()
      .slice(0, plan.migrations);
    const [first, ...rest] = migrations;
    // Create and fill in one transaction: with wal_level=minimal the rows skip the WAL entirely.
    await client.query('BEGIN');
    await applyMigration(client, dbDir, first!);
    await client.query(readFileSync(path.join(dbDir, 'seed.sql'), 'utf8'));
    await client.query('SELECT parity_demo_seed($1, $2, $3, $4, $5)', [
      plan.customers,
      plan.orders,
      plan.statusWeights,
      plan.shippedNullShare,
      plan.nonAsciiShare,
    ]);
    await client.query('COMMIT');
    for (const file of rest) await applyMigration(client, dbDir, file);
    // Flush this session's insert counters first, or they land after ANALYZE and read as stale stats.
    await client.query('SELECT pg_stat_force_next_flush()');
    await client.query('ANALYZE');
    if (!plan.restrictedRole) return shopUrl;
    await client.query(`CREATE ROLE shop_app LOGIN PASSWORD 'shop-app-demo'`);
    await client.query('GRANT USAGE ON SCHEMA public TO shop_app');
    await client.query('GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO shop_app');
    return demoUrl(adminUrl, plan);
  } finally {
    await client.end();
  }
}

async function applyMigration(client: import('pg').Client, dbDir: string, file: string): Promise<void> {
  await client.query(readFileSync(`${path.join(dbDir, 'migrations')}/${file}`, 'utf8'));
  await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [file.split('_')[0]]);
}
