import { describe, expect, it } from 'vitest';
import type { Fact } from '../../model/fact.js';
import { compareRules, SUFFIX_RENAMES } from '../../test-support/compare.js';
import { fact } from '../../test-support/facts.js';
import { genericRules } from '../../test-support/rule-cases.js';
import { rbacRules } from './rbac.js';
import { covers, describePermission, parsePermission, uncovered } from './rbac-permissions.js';

function compare(baseline: Fact[], candidate: Fact[]) {
  return compareRules(baseline, candidate, { rename: SUFFIX_RENAMES, rules: [...rbacRules, ...genericRules] })
    .divergences;
}

const perms = (subject: string, value: string[]) =>
  fact(`access/rbac/${subject}/permissions`, value, { compare: 'set' });

describe('access.rbac-broader and access.rbac-narrower', () => {
  it("names what staging's account can do that production's cannot", () => {
    const found = compare(
      [perms('checkout-prd', ['get:core/secrets/stripe-key', 'list:core/configmaps'])],
      [perms('checkout-stg', ['*:core/secrets', 'list:core/configmaps'])],
    );
    expect(found.map((d) => [d.rule, d.key, d.kind, d.severity, d.message])).toEqual([
      [
        'access.rbac-broader',
        'access/rbac/checkout/permissions',
        'differs',
        'high',
        "staging's service account checkout can do anything to secrets; production's cannot",
      ],
    ]);
  });

  it('lets wildcards cover specific verbs, resources and names, and nothing else', () => {
    const found = compare(
      [perms('checkout', ['*:*/secrets', 'get:apps/*', 'get:/healthz*'])],
      [
        perms('checkout', [
          'delete:core/secrets/x',
          'get:apps/deployments',
          'get:apps/deployments/scale',
          'get:/healthz/ready',
        ]),
      ],
    );
    // Nothing broader in staging; production's wildcards are broader than staging's specifics.
    expect(found.map((d) => d.rule)).toEqual(['access.rbac-narrower']);
  });

  it('reports both directions for one account: broader high, narrower low', () => {
    const found = compare(
      [perms('worker', ['patch:apps/deployments'])],
      [perms('worker', ['delete:core/secrets', 'get:core/pods', 'create:core/pods/exec'])],
    );
    expect(found.map((d) => [d.rule, d.severity, d.message])).toEqual([
      [
        'access.rbac-broader',
        'high',
        "staging's service account worker can delete secrets, create pods/exec and get pods; production's cannot",
      ],
      [
        'access.rbac-narrower',
        'low',
        "production's service account worker can patch deployments (apps); staging's cannot",
      ],
    ]);
  });

  it('treats a subject bound on one side only as broader or narrower against nothing', () => {
    const found = compare([perms('user:alice', ['get:core/pods'])], [perms('group:qa', ['list:core/pods'])]);
    expect(found.map((d) => [d.rule, d.key, d.kind, d.message])).toEqual([
      [
        'access.rbac-broader',
        'access/rbac/group:qa/permissions',
        'only-candidate',
        "staging's group qa can list pods; production's cannot",
      ],
      [
        'access.rbac-narrower',
        'access/rbac/user:alice/permissions',
        'only-baseline',
        "production's user alice can get pods; staging's cannot",
      ],
    ]);
  });

  it('compares roles missing from the files by name', () => {
    const found = compare(
      [perms('checkout', ['clusterrole:view'])],
      [perms('checkout', ['clusterrole:edit'])],
    );
    expect(found.map((d) => d.message)).toEqual([
      "staging's service account checkout can use ClusterRole edit; production's cannot",
      "production's service account checkout can use ClusterRole view; staging's cannot",
    ]);
  });
});

describe('access.cluster-admin', () => {
  const admin = (subject: string, value: boolean) => fact(`access/rbac/${subject}/cluster-admin`, value);
  const used = (subject: string, value: boolean) => fact(`access/rbac/${subject}/used-by-workload`, value);

  it("is critical when only staging binds a workload's account to cluster-admin, and reported once", () => {
    const found = compare(
      [
        perms('checkout-prd', ['get:core/configmaps']),
        admin('checkout-prd', false),
        used('checkout-prd', true),
      ],
      [perms('checkout-stg', ['*:*/*']), admin('checkout-stg', true), used('checkout-stg', true)],
    );
    expect(found.map((d) => [d.rule, d.key, d.kind, d.severity, d.message])).toEqual([
      [
        'access.cluster-admin',
        'access/rbac/checkout/cluster-admin',
        'differs',
        'critical',
        "staging's service account checkout, which workloads run as, is bound to cluster-admin; production's is not",
      ],
    ]);
  });

  it('is high for an account no workload runs as, and silent when production has it too', () => {
    expect(compare([], [admin('user:ops', true)]).map((d) => [d.rule, d.kind, d.severity])).toEqual([
      ['access.cluster-admin', 'only-candidate', 'high'],
    ]);
    expect(compare([admin('ops-bot', true)], [admin('ops-bot', true)])).toEqual([]);
  });
});

describe('access.service-account-differs', () => {
  const account = (w: string, value: string) => fact(`access/workload/${w}/service-account`, value);

  it('compares account names up to their environment suffix', () => {
    expect(
      compare([account('checkout-prd', 'checkout-prd')], [account('checkout-stg', 'checkout-stg')]),
    ).toEqual([]);
    const found = compare([account('checkout', 'checkout')], [account('checkout', 'default')]);
    expect(found.map((d) => [d.rule, d.severity, d.message])).toEqual([
      [
        'access.service-account-differs',
        'medium',
        'checkout runs as service account default in staging and checkout in production',
      ],
    ]);
  });
});

describe('permission strings', () => {
  it('reads subresources, resource names, URLs and named roles', () => {
    expect(parsePermission('get:core/pods/log')).toEqual({
      kind: 'resource',
      verb: 'get',
      group: 'core',
      resource: 'pods',
      sub: 'log',
    });
    expect(parsePermission('get:core/secrets/stripe-key')).toEqual({
      kind: 'resource',
      verb: 'get',
      group: 'core',
      resource: 'secrets',
      name: 'stripe-key',
    });
    expect(parsePermission('get:core/pods/log/web-0')).toEqual({
      kind: 'resource',
      verb: 'get',
      group: 'core',
      resource: 'pods',
      sub: 'log',
      name: 'web-0',
    });
    expect(parsePermission('get:/metrics')).toEqual({ kind: 'url', verb: 'get', url: '/metrics' });
    expect(parsePermission('clusterrole:view')).toEqual({ kind: 'role', text: 'clusterrole:view' });
  });

  it('matches as the API server does: * covers subresources, a resource does not', () => {
    const p = parsePermission;
    expect(covers(p('get:core/*'), p('get:core/pods/log'))).toBe(true);
    expect(covers(p('get:core/pods'), p('get:core/pods/log'))).toBe(false);
    expect(covers(p('get:core/*/scale'), p('get:core/deployments/scale'))).toBe(true);
    expect(covers(p('*:*/*'), p('clusterrole:admin'))).toBe(true);
    expect(uncovered(['get:core/secrets', 'get:core/pods'], ['get:core/pods'])).toEqual(['get:core/secrets']);
  });

  it('says each permission in words', () => {
    expect(describePermission('*:*/*')).toBe('do anything to any resource');
    expect(describePermission('get:*/pods')).toBe('get pods (any API group)');
    expect(describePermission('get:core/secrets/stripe-key')).toBe('get secrets named stripe-key');
    expect(describePermission('get:/metrics')).toBe('get /metrics');
  });
});
