import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fact } from '../model/fact.js';
import type { Finding, RuleContext } from '../rule-kit/types.js';
import { dbRoleBroader } from '../rules/access/db-role.js';
import { dataRules } from '../rules/data/index.js';
import { postgresSource } from '../sources/postgres/index.js';
import { createFingerprinter } from '../sources/secrets.js';
import { type DemoDatabases, startDemoDatabases } from './databases.js';

/** The engine's pairing in miniature: first rule whose appliesTo matches judges the pair. */
function judge(baseline: Fact[], candidate: Fact[]): (Finding & { rule: string; key: string })[] {
  const ctx: RuleContext = {
    baselineName: 'production',
    candidateName: 'staging',
    scale: { replicas: 1, resources: 1, data: 0.006, traffic: 1 },
    tolerance: 0.5,
    baseline: new Map(baseline.map((f) => [f.key, f])),
    candidate: new Map(candidate.map((f) => [f.key, f])),
    fingerprintsComparable: true,
  };
  const out: (Finding & { rule: string; key: string })[] = [];
  for (const key of new Set([...ctx.baseline.keys(), ...ctx.candidate.keys()])) {
    const pair = { key, baseline: ctx.baseline.get(key), candidate: ctx.candidate.get(key) };
    const rule = [...dataRules, dbRoleBroader].find((r) => r.appliesTo?.(pair, ctx));
    const finding = rule?.judge?.(pair, ctx);
    if (rule && finding) out.push({ ...finding, rule: rule.id, key });
  }
  return out;
}

describe('demo databases', () => {
  let dbs: DemoDatabases;
  beforeAll(async () => {
    // A smaller production than the demo's 2M keeps the test fast; the skew still flips the plan.
    dbs = await startDemoDatabases({ productionOrders: 150_000, cache: false });
  });
  afterAll(async () => {
    await dbs?.stop();
  });

  it('shows a plan flip, a production-only migration and index, NULL paths and a broader staging role', async () => {
    const fingerprint = createFingerprinter('demo-key');
    const collect = async (url: string, production: boolean) =>
      postgresSource.collect(
        {
          kind: 'postgres',
          id: 'postgres',
          paths: [],
          baseDir: new URL('../../examples/shop/', import.meta.url).pathname,
          options: {},
        },
        postgresSource.options.parse({ url, queries: 'db/queries.sql', mostCommonValues: true }),
        { environment: production ? 'production' : 'staging', production, fingerprint },
      );
    const prod = await collect(dbs.production.url, true);
    const stg = await collect(dbs.staging.url, false);
    expect(prod.skips).toEqual([]);
    expect(stg.skips).toEqual([]);
    const findings = judge(prod.facts, stg.facts);
    const byRule = (id: string) => findings.filter((f) => f.rule === id).map((f) => f.key);
    expect(byRule('data.plan-flip')).toContain('data/plan/completed-orders-since/shape');
    expect(byRule('data.migrations-differ')).toEqual(['data/migrations/rails/applied']);
    expect(byRule('data.index-differs')).toEqual([
      'data/table/orders/index/orders_customer_id_created_at_idx/definition',
    ]);
    expect(byRule('data.null-paths-unexercised')).toEqual(['data/table/orders/column/shipped_at/null-frac']);
    expect(byRule('access.db-role-broader')).toContain('access/db-role/superuser');
    expect(byRule('data.planner-setting-differs')).toEqual(expect.arrayContaining(['data/setting/work_mem']));
    // The skew once, by its MCV list (fingerprints compare in one audit), not again by top-frequency.
    expect(byRule('data.value-skew-differs')).toEqual(['data/table/orders/column/status/mcv']);
    expect(byRule('data.statistics-stale')).toEqual([]);
    const migration = findings.find((f) => f.rule === 'data.migrations-differ');
    expect(migration?.message).toBe('rails migrations differ (only in production: 0003)');
    const shipped = prod.facts.find((f) => f.key === 'data/table/orders/column/shipped_at/null-frac');
    expect(shipped?.value).toBeGreaterThan(0.2);
    // Real values of the skewed column never appear: only fingerprints with frequencies.
    const json = JSON.stringify([prod, stg]);
    expect(json).not.toContain('refunded');
    expect(json).not.toContain('cancelled');
    expect(json).not.toContain('shop-app-demo');
    expect(json).not.toContain('parity-embedded');
  });
});
