import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFingerprinter } from '../secrets.js';
import type { FactValue, SourceResult } from '../types.js';
import { extractKubernetes } from './extract.js';
import { ruleGrants } from './rbac.js';

const FIXTURE = 'rbac-roles-bindings-service-accounts.yaml';

function read(text: string, file = 'rbac.yaml'): SourceResult {
  return extractKubernetes([{ file, text }], { source: 'k8s', fingerprint: createFingerprinter('k') });
}

function access(result: SourceResult): Record<string, [FactValue, string]> {
  return Object.fromEntries(
    result.facts
      .filter((f) => f.dimension === 'access')
      .map((f) => [f.key, [f.value, `${f.origin.file}:${f.origin.line}`]]),
  );
}

describe('kubernetes RBAC', () => {
  const result = read(readFileSync(new URL(`./__fixtures__/${FIXTURE}`, import.meta.url), 'utf8'), FIXTURE);
  const facts = access(result);

  it('joins bindings to roles: a service account gets what every binding grants it', () => {
    expect(facts['access/rbac/checkout/permissions']).toEqual([
      ['clusterrole:view', 'get:core/configmaps', 'get:core/secrets/stripe-key', 'list:core/configmaps'],
      `${FIXTURE}:28`,
    ]);
    expect(facts['access/rbac/checkout/cluster-admin']).toEqual([false, `${FIXTURE}:28`]);
    expect(facts['access/rbac/group:shop-developers/permissions']?.[0]).toEqual([
      'get:core/configmaps',
      'get:core/secrets/stripe-key',
      'list:core/configmaps',
    ]);
  });

  it('folds aggregated ClusterRoles in, with subresources and non-resource URLs', () => {
    const monitoring = [
      'get:/metrics',
      'get:core/pods',
      'get:core/pods/log',
      'get:metrics.k8s.io/pods',
      'get:metrics.k8s.io/pods/log',
    ];
    expect(facts['access/rbac/prometheus/permissions']).toEqual([monitoring, `${FIXTURE}:79`]);
    expect(facts['access/rbac/user:alice@example.com/permissions']?.[0]).toEqual(monitoring);
  });

  it('marks cluster-admin only through a ClusterRoleBinding, with every permission', () => {
    expect(facts['access/rbac/ops-bot/permissions']).toEqual([['*:*/*'], `${FIXTURE}:66`]);
    expect(facts['access/rbac/ops-bot/cluster-admin']).toEqual([true, `${FIXTURE}:66`]);
  });

  it('tells service accounts that workloads run as from the others', () => {
    expect(facts['access/rbac/checkout/used-by-workload']).toEqual([true, `${FIXTURE}:123`]);
    expect(facts['access/rbac/ops-bot/used-by-workload']).toEqual([false, `${FIXTURE}:66`]);
    expect(facts['access/rbac/user:alice@example.com/used-by-workload']).toBeUndefined();
  });

  it('records a role missing from the files by name, and says so', () => {
    expect(facts['access/rbac/worker/permissions']?.[0]).toEqual(['clusterrole:queue-consumer']);
    expect(result.skips).toContainEqual({
      source: 'k8s',
      file: FIXTURE,
      line: 113,
      reason:
        'RoleBinding worker-custom (namespace shop): ClusterRole queue-consumer is not in the files; its permissions are recorded as `clusterrole:queue-consumer`',
    });
  });

  it('names the account each workload runs as and whether its token is mounted', () => {
    expect(facts['access/workload/checkout/service-account']).toEqual(['checkout', `${FIXTURE}:123`]);
    expect(facts['access/workload/checkout/automount-token']).toEqual([false, `${FIXTURE}:6`]);
    expect(facts['access/workload/storefront/service-account']).toEqual(['default', `${FIXTURE}:135`]);
    expect(facts['access/workload/storefront/automount-token']).toEqual([false, `${FIXTURE}:136`]);
  });

  it('gives accounts that workloads use and no binding names an empty permission set', () => {
    expect(facts['access/rbac/default/permissions']).toEqual([[], `${FIXTURE}:135`]);
    expect(facts['access/rbac/default/cluster-admin']?.[0]).toBe(false);
  });

  it('says nothing about RBAC when the files hold no binding', () => {
    const plain = read(
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers: []\n',
    );
    expect(Object.keys(access(plain))).toEqual([
      'access/workload/api/service-account',
      'access/workload/api/automount-token',
    ]);
  });

  it('skips bindings and rules it cannot read, with their lines', () => {
    const odd = read(
      [
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: b1\nroleRef:\n  kind: Secret\n  name: x\n',
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: r\nrules:\n  - verbs: [get]\n',
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: b2\nsubjects:\n  - kind: Robot\n    name: r2\nroleRef:\n  kind: Role\n  name: r\n',
      ].join('---\n'),
    );
    expect(odd.skips.map((s) => [s.line, s.reason])).toEqual([
      [6, 'RoleBinding b1: expected roleRef with kind Role or ClusterRole and a name'],
      [14, 'Role r: rule: expected verbs with apiGroups and resources, or nonResourceURLs'],
      [21, 'RoleBinding b2: subject: expected kind ServiceAccount, User or Group and a name, got a mapping'],
    ]);
  });

  it('normalises one rule to verb:group/resource[/name] strings', () => {
    expect(ruleGrants({ apiGroups: ['apps', '*'], resources: ['deployments'], verbs: ['*'] })).toEqual([
      '*:apps/deployments',
      '*:*/deployments',
    ]);
    expect(ruleGrants({ verbs: [] })).toBeUndefined();
  });

  it('never throws on RBAC objects of any shape', () => {
    const kinds = fc.constantFrom('Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding');
    fc.assert(
      fc.property(kinds, fc.anything(), fc.anything(), fc.anything(), (kind, rules, subjects, roleRef) => {
        const obj = {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind,
          metadata: { name: 'x' },
          rules,
          subjects,
          roleRef,
        };
        read(JSON.stringify(obj), 'rbac.json');
      }),
      { numRuns: 200 },
    );
  });
});
