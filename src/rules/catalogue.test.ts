import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DIMENSIONS } from '../model/constants.js';
import type { Rule } from '../rule-kit/types.js';
import { accessDimension } from './access/index.js';
import { configDimension } from './config/index.js';
import { dataDimension } from './data/index.js';
import { deploysDimension } from './deploys/index.js';
import { rules } from './index.js';
import { infraDimension } from './infra/index.js';
import { integrationsDimension } from './integrations/index.js';
import { observabilityDimension } from './observability/index.js';
import { trafficDimension } from './traffic/index.js';

/** Each folder's index, by folder name: the meta-test's map of the catalogue. */
const FOLDERS: Record<string, readonly Rule[]> = {
  config: configDimension,
  infra: infraDimension,
  access: accessDimension,
  data: dataDimension,
  traffic: trafficDimension,
  observability: observabilityDimension,
  integrations: integrationsDimension,
  deploys: deploysDimension,
};

/**
 * Rules without a colocated test that makes them fire (their id quoted in a test of their folder)
 * or stays silent (`expectSilent('<id>', ...)` from test-support/rule-cases.ts). Most are covered
 * end to end (pipeline/compare.test.ts, the example's golden audit) but not beside the rule.
 * These lists may only shrink: a rule that gains a test must leave them, a new rule never enters.
 */
const KNOWN_NO_FIRING_TEST: readonly string[] = [
  'data.plan-flip',
  'data.migrations-differ',
  'data.index-differs',
  'data.constraint-differs',
  'data.null-paths-unexercised',
  'data.planner-setting-differs',
  'data.server-version-differs',
  'data.setting-differs',
  'traffic.endpoint-share-differs',
  'traffic.error-mix-differs',
  'traffic.burstiness-below',
  'traffic.concurrency-below',
  'traffic.payload-smaller',
  'traffic.client-behaviour-absent',
  'traffic.method-unexercised',
  'traffic.write-mix-differs',
  'traffic.rate-out-of-scale',
  'traffic.observed',
  'traffic.setting-differs',
  'integrations.rate-limit-differs',
  'integrations.tunnel-host',
  'integrations.setting-differs',
  'deploys.setting-differs',
];
const KNOWN_NO_SILENT_TEST: readonly string[] = [
  'config.flag-missing',
  'config.flag-state-differs',
  'config.flag-default-differs',
  'config.flag-rollout-differs',
  'config.flag-targeting-differs',
  'infra.resource-missing',
  'infra.capacity-out-of-scale',
  'infra.instance-class-differs',
  'infra.multi-az-differs',
  'infra.engine-version-differs',
  'infra.dns-ttl-differs',
  'infra.tls-issuer-differs',
  'access.iam-broader',
  'access.iam-narrower',
  'access.secret-shared',
  'access.cluster-admin',
  'access.rbac-broader',
  'access.rbac-narrower',
  'access.service-account-differs',
  'data.plan-flip',
  'data.plan-cost-out-of-scale',
  'data.migrations-differ',
  'data.table-missing',
  'data.column-differs',
  'data.index-differs',
  'data.constraint-differs',
  'data.null-paths-unexercised',
  'data.volume-out-of-scale',
  'data.statistics-stale',
  'data.planner-setting-differs',
  'data.server-version-differs',
  'data.setting-differs',
  'traffic.endpoint-unexercised',
  'traffic.endpoint-share-differs',
  'traffic.error-mix-differs',
  'traffic.burstiness-below',
  'traffic.concurrency-below',
  'traffic.payload-smaller',
  'traffic.client-behaviour-absent',
  'traffic.method-unexercised',
  'traffic.write-mix-differs',
  'traffic.rate-out-of-scale',
  'traffic.observed',
  'traffic.setting-differs',
  'observability.alert-missing',
  'observability.alert-threshold-differs',
  'observability.alert-expression-differs',
  'observability.paging-route-missing',
  'observability.sampling-differs',
  'observability.error-reporting-missing',
  'observability.collector-out-of-scale',
  'observability.log-level-differs',
  'observability.setting-differs',
  'integrations.endpoint-production-in-staging',
  'integrations.mode-differs',
  'integrations.endpoint-differs',
  'integrations.timeout-differs',
  'integrations.retries-differ',
  'integrations.rate-limit-differs',
  'integrations.tunnel-host',
  'integrations.setting-differs',
  'deploys.pipeline-gate-differs',
  'deploys.pipeline-step-missing',
  'deploys.triggers-differ',
  'deploys.concurrency-differs',
  'deploys.cadence-differs',
  'deploys.overlap-with-jobs',
  'deploys.setting-differs',
];

const HERE = path.dirname(fileURLToPath(import.meta.url));

function testsOf(folder: string): string {
  return readdirSync(folder)
    .filter((name) => name.endsWith('.test.ts') && name !== 'catalogue.test.ts')
    .map((name) => readFileSync(path.join(folder, name), 'utf8'))
    .join('\n');
}

/** The colocated tests of a rule: its folder's, and for the fallbacks those beside fallback.ts too. */
function colocatedTests(rule: Rule): string {
  const folder = testsOf(path.join(HERE, rule.dimension));
  return rule.id.endsWith('.setting-differs') ? `${folder}\n${testsOf(HERE)}` : folder;
}

describe('the rule catalogue', () => {
  it('is the folders in order, every rule once, ids unique', () => {
    expect(rules).toEqual(Object.values(FOLDERS).flat());
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    expect(Object.keys(FOLDERS).sort()).toEqual([...DIMENSIONS].sort());
  });

  it('keeps every rule in the folder of its dimension, its id prefixed with it', () => {
    for (const [folder, list] of Object.entries(FOLDERS))
      for (const rule of list) {
        expect(rule.dimension, rule.id).toBe(folder);
        expect(rule.id, rule.id).toMatch(new RegExp(`^${folder}\\.[a-z0-9]+(-[a-z0-9]+)*$`));
      }
  });

  it('ends each dimension with its fallback, which reads as a sentence', () => {
    for (const [folder, list] of Object.entries(FOLDERS)) {
      const last = list.at(-1)!;
      expect(last.id).toBe(`${folder}.setting-differs`);
      const article = ['infra', 'access', 'integrations', 'observability'].includes(folder) ? 'An' : 'A';
      expect(last.title.startsWith(`${article} ${folder} setting`), last.title).toBe(true);
    }
  });

  it('gives every rule a title, a risk and a remedy', () => {
    for (const rule of rules) {
      expect(rule.title.trim().length, rule.id).toBeGreaterThan(10);
      expect(rule.risk.trim().length, rule.id).toBeGreaterThan(20);
      expect(rule.remedy.trim().length, rule.id).toBeGreaterThan(10);
    }
  });

  it('has a colocated test where each rule fires, and one where it stays silent (known gaps aside)', () => {
    const noFiring = rules.filter((r) => !colocatedTests(r).includes(`'${r.id}'`)).map((r) => r.id);
    const noSilent = rules
      .filter((r) => !new RegExp(`expectSilent\\(\\s*'${r.id.replace('.', '\\.')}'`).test(colocatedTests(r)))
      .map((r) => r.id);
    expect(noFiring).toEqual(KNOWN_NO_FIRING_TEST);
    expect(noSilent).toEqual(KNOWN_NO_SILENT_TEST);
  });
});
