import { describe, expect, it } from 'vitest';
import type { FactValue } from '../../model/fact.js';
import { fact } from '../../test-support/facts.js';
import { expectFires, expectSilent } from '../../test-support/rule-cases.js';

const kind = fact('infra/workload/checkout/kind', 'Deployment');
const w = (path: string, value: FactValue) => fact(`infra/workload/checkout/${path}`, value);
/** Replica counts as the kubernetes source writes them: scaled by the declared replicas ratio. */
const replicas = (value: FactValue) =>
  fact('infra/workload/checkout/replicas', value, { compare: 'scaled', scale: 'replicas' });

describe('infra rules on workloads (fires, and stays silent where staging matches production)', () => {
  it('infra.workload-missing', () => {
    expectFires('infra.workload-missing', [kind, replicas(3)], []);
    expectSilent('infra.workload-missing', [kind], [kind]);
    // A CronJob on one side is the deploys dimension's story (deploys.cronjob-missing).
    expectSilent('infra.workload-missing', [fact('infra/workload/invoice-run/kind', 'CronJob')], []);
  });

  it('infra.component-disabled', () => {
    const on = (value: boolean) => fact('infra/workload/checkout.workers/enabled', value);
    const workers = (n: number) =>
      fact('infra/workload/checkout.workers/replicas', n, { compare: 'scaled', scale: 'replicas' });
    expectFires('infra.component-disabled', [on(true), workers(3)], [on(false), workers(9)]);
    expectSilent('infra.component-disabled', [on(true), workers(3)], [on(true), workers(1)]);
  });

  it('infra.single-replica', () => {
    expectFires('infra.single-replica', [kind, replicas(3)], [kind, replicas(1)]);
    expectSilent('infra.single-replica', [kind, replicas(3)], [kind, replicas(2)]);
  });

  it('infra.replicas-out-of-scale', () => {
    expectFires('infra.replicas-out-of-scale', [kind, replicas(50)], [kind, replicas(2)]);
    expectSilent('infra.replicas-out-of-scale', [kind, replicas(10)], [kind, replicas(2)]);
  });

  it('infra.resources-out-of-scale and infra.resources-only-one', () => {
    const cpu = (v: FactValue) => w('container/web/cpu-request', v);
    expectFires('infra.resources-out-of-scale', [kind, cpu(2)], [kind, cpu(0.1)]);
    // Resources are compared at scale 1: 1.5 against 2 is inside the tolerance.
    expectSilent('infra.resources-out-of-scale', [kind, cpu(2)], [kind, cpu(1.5)]);
    expectFires('infra.resources-only-one', [kind, cpu(2)], [kind]);
    // Set on both sides, far apart: out of scale, told by infra.resources-out-of-scale.
    expectSilent('infra.resources-only-one', [kind, cpu(2)], [kind, cpu(0.1)]);
  });

  it('infra.autoscaling-differs', () => {
    const max = (v: FactValue) =>
      fact('infra/autoscaling/checkout/max-replicas', v, { compare: 'scaled', scale: 'replicas' });
    expectFires('infra.autoscaling-differs', [kind, max(20)], [kind]);
    expectSilent('infra.autoscaling-differs', [kind, max(20)], [kind, max(4)]);
  });

  it('infra.image-differs and infra.probe-differs', () => {
    const image = (v: FactValue) => w('container/web/image', v);
    expectFires('infra.image-differs', [kind, image('shop/web:1.4.2')], [kind, image('shop/web:1.5.0-rc1')]);
    // The whole workload is missing in staging: infra.workload-missing tells it, not its image.
    expectSilent('infra.image-differs', [kind, image('shop/web:1.4.2')], []);
    expectSilent('infra.image-differs', [kind, image('shop/web:1.4.2')], [kind, image('shop/web:1.4.2')]);
    const probe = (v: FactValue) => w('container/web/probe/readiness', v);
    expectFires('infra.probe-differs', [kind, probe('http /health')], [kind]);
    expectSilent('infra.probe-differs', [kind, probe('http /health')], [kind, probe('http /health')]);
    // The workload is missing in staging: its probe is not repeated.
    expectSilent('infra.probe-differs', [kind, probe('http /health')], []);
  });

  it('infra.topology-differs, infra.disruption-budget-differs and infra.instance-type-differs', () => {
    const zones = (v: string[]) => fact('infra/workload/checkout/zones', v, { compare: 'set' });
    expectFires('infra.topology-differs', [kind, zones(['a', 'b', 'c'])], [kind, zones(['a'])]);
    expectSilent('infra.topology-differs', [kind, zones(['a', 'b'])], [kind, zones(['b', 'a'])]);
    const pdb = (v: FactValue) => fact('infra/pdb/checkout/min-available', v);
    expectFires('infra.disruption-budget-differs', [kind, pdb(2)], [kind]);
    expectSilent('infra.disruption-budget-differs', [kind, pdb(2)], [kind], {}, { candidate: 'partial' });
    const types = (v: string[]) => fact('infra/workload/checkout/instance-types', v, { compare: 'set' });
    expectFires('infra.instance-type-differs', [kind, types(['m5.large'])], [kind, types(['t3.small'])]);
    expectSilent(
      'infra.instance-type-differs',
      [kind, types(['m5.large', 'm5.xlarge'])],
      [kind, types(['m5.xlarge', 'm5.large'])],
    );
  });

  it('infra.cdn-only-one and infra.shared-substrate', () => {
    const cdn = fact('infra/ingress/shop/cdn', 'cloudfront');
    expectFires('infra.cdn-only-one', [cdn], []);
    expectSilent('infra.cdn-only-one', [cdn], [cdn]);
    expectSilent('infra.cdn-only-one', [cdn], [], {}, { candidate: 'partial' });
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

  it('infra.shared-substrate: a bare database host name is shared only inside one namespace of one cluster', () => {
    // Field trial (DevOpsMyLearning 9_components): MYSQL_HOST=mysql in overlays prod and qa, each
    // deploying its own `mysql` Service into its own namespace.
    const host = fact('infra/substrate/database-host/mysql', 'MYSQL_HOST');
    const ns = (...n: string[]) => fact('infra/substrate/namespace', n, { compare: 'set' });
    const cluster = (name: string) => fact('infra/substrate/cluster', [name], { compare: 'set' });
    expectSilent('infra.shared-substrate', [host, ns('prod')], [host, ns('qa')]);
    expectSilent(
      'infra.shared-substrate',
      [host, ns('shop'), cluster('prod-eks')],
      [host, ns('shop'), cluster('stg-eks')],
    );
    const same = expectFires(
      'infra.shared-substrate',
      [host, ns('shop'), cluster('main')],
      [host, ns('shop'), cluster('main')],
    );
    expect(same.find((d) => d.key === 'infra/substrate/database-host/mysql')?.severity).toBe('critical');
    // Namespace unknown (compose `db:5432`): said, low, never CRITICAL.
    const port = fact('infra/substrate/database-host/db:5432', 'POSTGRES_HOST');
    const unknown = expectFires('infra.shared-substrate', [port], [port]);
    expect(unknown.map((d) => [d.severity, /unknown/.test(d.message ?? '')])).toEqual([['low', true]]);
    // Field trial (busy-beaver): `db:5432` is a compose service each side's project defines, so
    // each side's own container on its own project network: not shared. One side only: unknown.
    const service = fact('infra/workload/db/kind', 'compose-service');
    expectSilent('infra.shared-substrate', [port, service], [port, service]);
    expect(expectFires('infra.shared-substrate', [port, service], [port]).map((d) => d.severity)).toEqual([
      'low',
    ]);
    // A qualified name or an address stays shared whatever the namespaces.
    for (const key of ['db.internal', 'mysql.shared.svc.cluster.local', '10.0.0.5:3306']) {
      const h = fact(`infra/substrate/database-host/${key}`, 'DB_HOST');
      const found = expectFires('infra.shared-substrate', [h, ns('prod')], [h, ns('qa')]);
      expect(found.map((d) => d.severity)).toEqual(['critical']);
    }
  });

  it('infra.setting-differs', () => {
    const setting = (v: FactValue) => w('termination-grace-seconds', v);
    const found = expectFires('infra.setting-differs', [kind, setting(30)], [kind, setting(5)]);
    expect(found.map((d) => d.title)).toEqual(['An infra setting differs or exists on one side only']);
    // Staging's source was read only in part: a setting it lacks is unknown there, not missing.
    expectSilent('infra.setting-differs', [kind, setting(30)], [kind], {}, { candidate: 'partial' });
  });
});
