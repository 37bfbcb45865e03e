import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Fact } from '../../model/fact.js';
import { createFingerprinter } from '../../sources/secrets.js';
import { extractTerraform } from '../../sources/terraform/extract.js';
import { briefWithMessage, compareRules } from '../../test-support/compare.js';
import { fact } from '../../test-support/facts.js';
import { genericRules } from '../../test-support/rule-cases.js';
import { iamRules } from '../access/terraform-iam.js';
import { terraformRules } from './terraform.js';

function compare(baseline: Fact[], candidate: Fact[]) {
  return compareRules(baseline, candidate, { rules: [...terraformRules, ...iamRules, ...genericRules] })
    .divergences;
}

const brief = briefWithMessage;
const set = (key: string, value: string[]) => fact(key, value, { compare: 'set' });
const replicas = (key: string, value: number) => fact(key, value, { compare: 'scaled', scale: 'replicas' });

describe('terraform rules: infrastructure', () => {
  it('names a burstable database class against production’s', () => {
    const key = 'infra/terraform/aws_db_instance/db.main/instance_class';
    expect(brief(compare([fact(key, 'db.r6g.2xlarge')], [fact(key, 'db.t3.micro')]))).toEqual([
      [
        'infra.instance-class-differs',
        key,
        'differs',
        'medium',
        "aws_db_instance db.main instance_class: production db.r6g.2xlarge, staging db.t3.micro — staging's is burstable: under steady load it runs out of CPU credits",
      ],
    ]);
  });

  it('flags multi-AZ and engine versions, a patch-level difference at medium', () => {
    const az = 'infra/terraform/aws_db_instance/db.main/multi_az';
    const version = 'infra/terraform/aws_db_instance/db.main/engine_version';
    const cache = 'infra/terraform/aws_elasticache_replication_group/cache.sessions/engine_version';
    const v = (key: string, value: string) => fact(key, value, { compare: 'version' });
    expect(
      brief(
        compare(
          [fact(az, true), v(version, '16.4'), v(cache, '7.1')],
          [fact(az, false), v(version, '15.7'), v(cache, '7.0')],
        ),
      ),
    ).toEqual([
      [
        'infra.engine-version-differs',
        version,
        'differs',
        'high',
        'aws_db_instance db.main engine_version: production 16.4, staging 15.7',
      ],
      [
        'infra.multi-az-differs',
        az,
        'differs',
        'medium',
        'aws_db_instance db.main multi_az: production true, staging false',
      ],
      [
        'infra.engine-version-differs',
        cache,
        'differs',
        'medium',
        'aws_elasticache_replication_group cache.sessions engine_version: production 7.1, staging 7.0 (same major version)',
      ],
    ]);
  });

  it('judges capacity on the replicas scale, a single instance against several as high, bounds by scale only', () => {
    const desired = 'infra/terraform/aws_autoscaling_group/app/desired_capacity';
    const max = 'infra/terraform/aws_autoscaling_group/app/max_size';
    const nodes = 'infra/terraform/aws_eks_node_group/workers/scaling_config.desired_size';
    expect(
      brief(
        compare(
          [replicas(desired, 6), replicas(max, 12), replicas(nodes, 10)],
          [replicas(desired, 1), replicas(max, 8), replicas(nodes, 1)],
        ),
      ),
    ).toEqual([
      [
        'infra.capacity-out-of-scale',
        desired,
        'out-of-scale',
        'high',
        'aws_autoscaling_group app desired_capacity: production 6, staging 1 — one where production runs several',
      ],
      [
        'infra.capacity-out-of-scale',
        nodes,
        'out-of-scale',
        'high',
        'aws_eks_node_group workers scaling_config.desired_size: production 10, staging 1 — one where production runs several',
      ],
      [
        'infra.capacity-out-of-scale',
        max,
        'out-of-scale',
        'medium',
        'aws_autoscaling_group app max_size: production 12, staging 8 (expected ~2.4 at replicas scale 0.2)',
      ],
    ]);
  });

  it('tells a resource missing on one side once, on its count, not once per attribute', () => {
    const base = 'infra/terraform/aws_wafv2_web_acl/edge';
    expect(
      brief(
        compare(
          [
            fact(`${base}/count`, 1),
            fact(`${base}/scope`, 'CLOUDFRONT'),
            fact('infra/terraform/aws_instance/web/count', 1),
          ],
          [fact('infra/terraform/aws_instance/web/count', 1)],
        ),
      ),
    ).toEqual([
      [
        'infra.resource-missing',
        `${base}/count`,
        'only-baseline',
        'medium',
        'aws_wafv2_web_acl edge exists in production only (1 instance)',
      ],
    ]);
  });

  it('says once that Terraform was read on one side only, instead of listing every resource', () => {
    const divergences = compare(
      [
        fact('infra/terraform/aws_instance/web/count', 3),
        fact('infra/dns/api.example.com/ttl', 60),
        set('access/iam/role:app/grants', ['s3:* *']),
      ],
      [fact('infra/workload/web/replicas', 1)],
    );
    expect(brief(divergences).filter(([rule]) => rule !== 'infra.setting-differs')).toEqual([
      [
        'infra.resource-missing',
        'infra/terraform',
        'only-baseline',
        'medium',
        "Terraform evidence was read for production only (1 resources); staging's infrastructure is not compared: add its `terraform show -json`",
      ],
    ]);
  });

  it('compares DNS TTLs of one host and names a record on one side', () => {
    const ttl = 'infra/dns/api.shop.example.com/ttl';
    expect(
      brief(
        compare(
          [fact(ttl, 60, { unit: 's' }), fact('infra/dns/www.shop.example.com/ttl', 300)],
          [fact(ttl, 3600, { unit: 's' })],
        ),
      ),
    ).toEqual([
      [
        'infra.dns-ttl-differs',
        ttl,
        'differs',
        'low',
        'api.shop.example.com ttl: production 60 s, staging 3600 s',
      ],
      [
        'infra.dns-ttl-differs',
        'infra/dns/www.shop.example.com/ttl',
        'only-baseline',
        'low',
        'www.shop.example.com has a DNS record in production only',
      ],
    ]);
  });

  it('compares certificate issuers', () => {
    const key = 'infra/tls/shop.example.com/issuer';
    expect(brief(compare([fact(key, 'amazon')], [fact(key, 'letsencrypt-staging')]))).toEqual([
      [
        'infra.tls-issuer-differs',
        key,
        'differs',
        'medium',
        'shop.example.com certificate issuer: production amazon, staging letsencrypt-staging',
      ],
    ]);
  });
});

describe('terraform rules on the fixture states', () => {
  const fingerprint = createFingerprinter('k');
  const read = (environment: string) =>
    extractTerraform(
      readFileSync(
        new URL(`../../sources/terraform/__fixtures__/${environment}/state.json`, import.meta.url),
        'utf8',
      ),
      { source: 'tf', file: `${environment}/state.json`, fingerprint, environment },
    ).facts;

  it('reports what the staging state hides, riskiest first', () => {
    const divergences = compare(read('production'), read('staging'));
    expect(divergences.filter((d) => d.severity === 'high').map((d) => [d.rule, d.key])).toEqual([
      ['access.iam-broader', 'access/iam/document:assets_bucket/grants'],
      ['access.iam-broader', 'access/iam/role:app/grants'],
      ['access.iam-broader', 'access/iam/role:ci/grants'],
      ['infra.capacity-out-of-scale', 'infra/terraform/aws_autoscaling_group/app/desired_capacity'],
      ['infra.engine-version-differs', 'infra/terraform/aws_db_instance/db.main/engine_version'],
      [
        'infra.engine-version-differs',
        'infra/terraform/aws_elasticache_replication_group/cache.sessions/engine_version',
      ],
      [
        'infra.capacity-out-of-scale',
        'infra/terraform/aws_elasticache_replication_group/cache.sessions/num_cache_clusters',
      ],
      ['infra.capacity-out-of-scale', 'infra/terraform/aws_instance/web/count'],
    ]);
    expect(divergences.find((d) => d.key === 'access/iam/role:ci/grants')?.message).toBe(
      'role ci: staging allows * on *; production allows ecr:BatchGetImage on arn:aws:ecr:eu-west-1:111111111111:repository/shop; ecr:InitiateLayerUpload on arn:aws:ecr:eu-west-1:111111111111:repository/shop; ecr:PutImage on arn:aws:ecr:eu-west-1:111111111111:repository/shop and 1 more',
    );
    // Settings no specific rule reads are MEDIUM an order of magnitude apart: 500 vs 20 GiB
    // storage, 14 vs 1 days of backups, 14 vs 1 days of message retention.
    expect(divergences.filter((d) => d.severity === 'medium').map((d) => d.rule)).toEqual([
      'infra.setting-differs',
      'infra.setting-differs',
      'infra.instance-class-differs',
      'infra.multi-az-differs',
      'infra.multi-az-differs',
      'infra.instance-class-differs',
      'infra.instance-class-differs',
      'infra.instance-class-differs',
      'infra.resource-missing',
      'infra.setting-differs',
    ]);
    expect(divergences.some((d) => d.key.endsWith('/actions') || d.key.endsWith('/resources'))).toBe(false);
  });
});
