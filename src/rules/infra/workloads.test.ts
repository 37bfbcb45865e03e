import { describe, expect, it } from 'vitest';
import type { FactValue } from '../../model/fact.js';
import { fact } from '../../test-support/facts.js';
import { expectFires, expectSilent } from '../../test-support/rule-cases.js';

const kind = fact('infra/workload/checkout/kind', 'Deployment');
const w = (path: string, value: FactValue) => fact(`infra/workload/checkout/${path}`, value);
/** Replica counts as the kubernetes source writes them: scaled by the declared replicas ratio. */
const replicas = (value: FactValue) =>
  fact('infra/workload/checkout/replicas', value, { compare: 'scaled', scale: 'replicas' });
const both = (
  id: string,
  production: FactValue,
  staging: FactValue,
  key: (v: FactValue) => ReturnType<typeof fact>,
) => {
  expectFires(id, [kind, key(production)], [kind, key(staging)]);
};

describe('infra rules on workloads (fires, and stays silent where staging matches production)', () => {
  it('infra.workload-missing', () => {
    expectFires('infra.workload-missing', [kind, replicas(3)], []);
    expectSilent('infra.workload-missing', [kind], [kind]);
  });

  it('infra.single-replica', () => {
    both('infra.single-replica', 3, 1, replicas);
    expectSilent('infra.single-replica', [kind, replicas(3)], [kind, replicas(2)]);
  });

  it('infra.replicas-out-of-scale', () => {
    both('infra.replicas-out-of-scale', 50, 2, replicas);
    expectSilent('infra.replicas-out-of-scale', [kind, replicas(10)], [kind, replicas(2)]);
  });

  it('infra.resources-out-of-scale and infra.resources-only-one', () => {
    const cpu = (v: FactValue) => w('container/web/cpu-request', v);
    both('infra.resources-out-of-scale', 2, 0.1, cpu);
    expectSilent('infra.resources-out-of-scale', [kind, cpu(2)], [kind, cpu(2)]);
    expectFires('infra.resources-only-one', [kind, cpu(2)], [kind]);
    expectSilent('infra.resources-only-one', [kind, cpu(2)], [kind, cpu(2)]);
  });

  it('infra.autoscaling-differs', () => {
    const max = (v: FactValue) =>
      fact('infra/autoscaling/checkout/max-replicas', v, { compare: 'scaled', scale: 'replicas' });
    expectFires('infra.autoscaling-differs', [kind, max(20)], [kind]);
    expectSilent('infra.autoscaling-differs', [kind, max(20)], [kind, max(4)]);
  });

  it('infra.image-differs and infra.probe-differs', () => {
    const image = (v: FactValue) => w('container/web/image', v);
    both('infra.image-differs', 'shop/web:1.4.2', 'shop/web:1.5.0-rc1', image);
    expectSilent('infra.image-differs', [kind, image('shop/web:1.4.2')], [kind, image('shop/web:1.4.2')]);
    const probe = (v: FactValue) => w('container/web/probe/readiness', v);
    expectFires('infra.probe-differs', [kind, probe('http /health')], [kind]);
    expectSilent('infra.probe-differs', [kind, probe('http /health')], [kind, probe('http /health')]);
  });

  it('infra.topology-differs, infra.disruption-budget-differs and infra.instance-type-differs', () => {
    const zones = (v: FactValue) => w('zones', v);
    both('infra.topology-differs', ['a', 'b', 'c'], ['a'], zones);
    expectSilent('infra.topology-differs', [kind, zones(['a', 'b'])], [kind, zones(['a', 'b'])]);
    const pdb = (v: FactValue) => fact('infra/pdb/checkout/min-available', v);
    expectFires('infra.disruption-budget-differs', [kind, pdb(2)], [kind]);
    expectSilent('infra.disruption-budget-differs', [kind, pdb(2)], [kind, pdb(2)]);
    const types = (v: FactValue) => w('instance-types', v);
    both('infra.instance-type-differs', 'm5.large', 't3.small', types);
    expectSilent('infra.instance-type-differs', [kind, types('m5.large')], [kind, types('m5.large')]);
  });

  it('infra.cdn-only-one and infra.shared-substrate', () => {
    const cdn = fact('infra/ingress/shop/cdn', 'cloudfront');
    expectFires('infra.cdn-only-one', [cdn], []);
    expectSilent('infra.cdn-only-one', [cdn], [cdn]);
    const host = fact('infra/substrate/database-host/db.internal', true);
    expectFires('infra.shared-substrate', [host], [host]);
    expectSilent('infra.shared-substrate', [host], []);
  });

  it('infra.shared-substrate: a public registry both pull from is not shared substrate, a private one is', () => {
    const registries = (...r: string[]) => fact('infra/substrate/registry', r, { compare: 'set' });
    const publicOnes = registries(
      'docker.io',
      'ghcr.io',
      'gcr.io',
      'quay.io',
      'public.ecr.aws',
      'registry.k8s.io',
    );
    expectSilent('infra.shared-substrate', [publicOnes], [publicOnes]);
    const withPrivate = registries('docker.io', '123456789012.dkr.ecr.eu-west-1.amazonaws.com');
    const found = expectFires('infra.shared-substrate', [withPrivate], [withPrivate]);
    expect(found.map((d) => d.message)).toEqual([
      'registry 123456789012.dkr.ecr.eu-west-1.amazonaws.com serves both production and staging',
    ]);
  });

  it('infra.shared-substrate: a namespace name is shared only inside one cluster', () => {
    const ns = fact('infra/substrate/namespace', ['shop'], { compare: 'set' });
    const cluster = (name: string) => fact('infra/substrate/cluster', [name], { compare: 'set' });
    const same = expectFires('infra.shared-substrate', [ns, cluster('eks-main')], [ns, cluster('eks-main')]);
    // The cluster itself and the namespace inside it: both shared, both high.
    expect(same.map((d) => [d.key, d.severity])).toEqual([
      ['infra/substrate/cluster', 'high'],
      ['infra/substrate/namespace', 'high'],
    ]);
    // Two clusters (the field trial's staging-eks / production-eks): the same name shares nothing.
    expectSilent('infra.shared-substrate', [ns, cluster('prod-eks')], [ns, cluster('staging-eks')]);
    // No cluster read: said, at low severity, never HIGH.
    const unknown = expectFires('infra.shared-substrate', [ns], [ns]);
    expect(unknown.map((d) => [d.severity, /unknown/.test(d.message ?? '')])).toEqual([['low', true]]);
  });

  it('infra.setting-differs', () => {
    const setting = (v: FactValue) => w('termination-grace-seconds', v);
    both('infra.setting-differs', 30, 5, setting);
    expectSilent('infra.setting-differs', [kind, setting(30)], [kind, setting(30)]);
  });
});
