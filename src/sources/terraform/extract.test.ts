import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Fact } from '../../model/fact.js';
import { createFingerprinter } from '../secrets.js';
import { extractTerraform } from './extract.js';

const fingerprint = createFingerprinter('terraform-test-key');
const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const extract = (name: string, environment = 'production') =>
  extractTerraform(fixture(name), { source: 'tf', file: name, fingerprint, environment });
const production = extract('production/state.json');
const staging = extract('staging/state.json', 'staging');

function brief(facts: readonly Fact[], prefix: string) {
  return facts.filter((f) => f.key.startsWith(prefix)).map((f) => [f.key, f.value, f.origin.line]);
}

describe('terraform extract: state', () => {
  it('reads a module database by its module address, sensitive attributes left out', () => {
    expect(brief(production.facts, 'infra/terraform/aws_db_instance/')).toEqual([
      ['infra/terraform/aws_db_instance/db.main/count', 1, 431],
      ['infra/terraform/aws_db_instance/db.main/instance_class', 'db.r6g.2xlarge', 431],
      ['infra/terraform/aws_db_instance/db.main/engine', 'postgres', 431],
      ['infra/terraform/aws_db_instance/db.main/engine_version', '16.4', 431],
      ['infra/terraform/aws_db_instance/db.main/multi_az', true, 431],
      ['infra/terraform/aws_db_instance/db.main/allocated_storage', 500, 431],
      ['infra/terraform/aws_db_instance/db.main/max_allocated_storage', 1000, 431],
      ['infra/terraform/aws_db_instance/db.main/storage_type', 'gp3', 431],
      ['infra/terraform/aws_db_instance/db.main/iops', 12000, 431],
      ['infra/terraform/aws_db_instance/db.main/backup_retention_period', 14, 431],
      ['infra/terraform/aws_db_instance/db.main/deletion_protection', true, 431],
      ['infra/terraform/aws_db_instance/db.main/storage_encrypted', true, 431],
      ['infra/terraform/aws_db_instance/db.main/publicly_accessible', false, 431],
      ['infra/terraform/aws_db_instance/db.main/performance_insights_enabled', true, 431],
      ['infra/terraform/aws_db_instance/db.main/ca_cert_identifier', 'rds-ca-rsa2048-g1', 431],
    ]);
    const version = production.facts.find((f) => f.key.endsWith('db.main/engine_version'));
    expect(version).toMatchObject({ subject: 'db.main', attribute: 'engine_version', compare: 'version' });
  });

  it('counts instances across count and for_each, capacity on the replicas scale', () => {
    const counts = production.facts.filter((f) => f.attribute === 'count');
    expect(counts.find((f) => f.key === 'infra/terraform/aws_instance/web/count')).toMatchObject({
      value: 3,
      compare: 'scaled',
      scale: 'replicas',
      origin: { source: 'tf', file: 'production/state.json', line: 19 },
    });
    expect(counts.find((f) => f.key === 'infra/terraform/aws_route53_record/service/count')).toMatchObject({
      value: 2,
      compare: 'exact',
    });
    expect(counts.map((f) => f.subject).filter((s) => s.startsWith('queues'))).toEqual([
      'queues[orders].this',
      'queues[emails].this',
    ]);
  });

  it('reads an autoscaling group and a cache on the replicas scale', () => {
    expect(brief(production.facts, 'infra/terraform/aws_autoscaling_group/app/').slice(1)).toEqual([
      ['infra/terraform/aws_autoscaling_group/app/min_size', 3, 135],
      ['infra/terraform/aws_autoscaling_group/app/max_size', 12, 135],
      ['infra/terraform/aws_autoscaling_group/app/desired_capacity', 6, 135],
    ]);
    const cache = production.facts.find((f) => f.key.endsWith('cache.sessions/num_cache_clusters'));
    expect([cache?.value, cache?.compare, cache?.scale]).toEqual([3, 'scaled', 'replicas']);
  });

  it('names DNS records by host, without the environment, with their TTL and routing', () => {
    expect(brief(staging.facts, 'infra/dns/')).toEqual([
      ['infra/dns/api.shop.example.com/ttl', 3600, 92],
      ['infra/dns/www.shop.example.com/ttl', 300, 120],
      ['infra/dns/shop.example.com/txt-ttl', 3600, 148],
      ['infra/dns/api.shop.example.com/routing-policy', 'simple', 92],
      ['infra/dns/www.shop.example.com/routing-policy', 'simple', 120],
    ]);
    expect(brief(production.facts, 'infra/dns/api.')).toEqual([
      ['infra/dns/api.shop.example.com/ttl', 60, 156],
      ['infra/dns/api.shop.example.com/routing-policy', 'failover', 156],
    ]);
  });

  it('reads certificates: issuer, validation, key algorithm', () => {
    expect(brief(staging.facts, 'infra/tls/')).toEqual([
      ['infra/tls/shop.example.com/issuer', 'amazon', 168],
      ['infra/tls/shop.example.com/validation-method', 'DNS', 168],
      ['infra/tls/shop.example.com/key-algorithm', 'RSA_2048', 168],
    ]);
  });

  it('gathers a role’s inline and attached policies, AWS managed ones by name', () => {
    expect(brief(staging.facts, 'access/iam/role:ci/')).toEqual([
      [
        'access/iam/role:ci/actions',
        ['*', 'ecr:BatchGetImage', 'ecr:InitiateLayerUpload', 'ecr:PutImage'],
        218,
      ],
      ['access/iam/role:ci/resources', ['*', 'arn:aws:ecr:eu-west-1:222222222222:repository/shop'], 218],
      [
        'access/iam/role:ci/grants',
        [
          '* *',
          'ecr:BatchGetImage arn:aws:ecr:eu-west-1:222222222222:repository/shop',
          'ecr:InitiateLayerUpload arn:aws:ecr:eu-west-1:222222222222:repository/shop',
          'ecr:PutImage arn:aws:ecr:eu-west-1:222222222222:repository/shop',
        ],
        218,
      ],
      ['access/iam/role:ci/managed-policies', ['aws:AdministratorAccess'], 218],
      [
        'access/iam/role:ci/trusted-principals',
        ['Federated:arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com'],
        218,
      ],
    ]);
    expect(brief(production.facts, 'access/iam/role:app/grants')).toEqual([
      [
        'access/iam/role:app/grants',
        [
          's3:GetObject arn:aws:s3:::shop-assets-production/*',
          'sqs:DeleteMessage arn:aws:sqs:eu-west-1:111111111111:shop-orders-production',
          'sqs:ReceiveMessage arn:aws:sqs:eu-west-1:111111111111:shop-orders-production',
          'sqs:SendMessage arn:aws:sqs:eu-west-1:111111111111:shop-orders-production',
        ],
        258,
      ],
    ]);
  });

  it('keeps a policy document no policy uses, with its principals, and drops the one a role uses', () => {
    const documents = staging.facts.filter((f) => f.key.startsWith('access/iam/document:')).map((f) => f.key);
    expect(documents).toEqual([
      'access/iam/document:assets_bucket/actions',
      'access/iam/document:assets_bucket/resources',
      'access/iam/document:assets_bucket/grants',
    ]);
    expect(staging.facts.find((f) => f.key === 'access/iam/document:assets_bucket/grants')?.value).toEqual([
      's3:GetObject arn:aws:s3:::shop-assets-staging/* to Service:cloudfront.amazonaws.com',
      's3:ListBucket arn:aws:s3:::shop-assets-staging to *',
    ]);
  });

  it('reads nothing marked sensitive and lets no planted secret through', () => {
    const json = JSON.stringify([production, staging]);
    for (const planted of [
      'PLANTED-db-password',
      'PLANTED-redis-token',
      'PLANTED-iam-secret',
      'PLANTED-smtp',
      'PLANTEDlambdaKEY',
      'AKIAPLANTED',
    ]) {
      expect(json).not.toContain(planted);
    }
    expect(production.skips).toEqual([]);
    expect(staging.skips).toEqual([]);
  });
});

describe('terraform extract: other inputs', () => {
  it('reads a plan: planned values, data sources from the prior state, unknown values as a skip', () => {
    const plan = extract('plan-adds-read-replica.json', 'staging');
    expect(brief(plan.facts, 'infra/terraform/aws_db_instance/db.replica/')).toEqual([
      ['infra/terraform/aws_db_instance/db.replica/count', 1, 35],
      ['infra/terraform/aws_db_instance/db.replica/instance_class', 'db.t3.medium', 35],
      ['infra/terraform/aws_db_instance/db.replica/engine', 'postgres', 35],
      ['infra/terraform/aws_db_instance/db.replica/multi_az', false, 35],
    ]);
    expect(plan.skips).toEqual([
      {
        source: 'tf',
        file: 'plan-adds-read-replica.json',
        line: 35,
        reason: 'module.db.aws_db_instance.replica: engine_version known only after apply',
      },
    ]);
    expect(plan.facts.find((f) => f.key === 'access/iam/document:replica_monitoring/grants')?.value).toEqual([
      'cloudwatch:PutMetricData * if cloudwatch:namespace',
    ]);
    expect(JSON.stringify(plan)).not.toContain('PLANTED');
  });

  it('reads a raw state file (version 4) with its sensitive paths', () => {
    const raw = extract('raw-state-v4.tfstate');
    expect(raw.facts.map((f) => [f.key, f.value])).toEqual([
      ['infra/terraform/aws_db_instance/db.main/count', 1],
      ['infra/terraform/aws_instance/worker/count', 2],
      ['infra/terraform/aws_db_instance/db.main/instance_class', 'db.r6g.large'],
      ['infra/terraform/aws_db_instance/db.main/engine', 'postgres'],
      ['infra/terraform/aws_db_instance/db.main/engine_version', '16.4'],
      ['infra/terraform/aws_db_instance/db.main/multi_az', true],
      ['infra/terraform/aws_instance/worker/instance_type', 'c6i.large'],
    ]);
    expect(JSON.stringify(raw)).not.toContain('PLANTED');
  });

  it('reads Google Cloud SQL blocks, Cloudflare automatic TTLs and ACME staging certificates', () => {
    const gcp = extract('minified-state.json');
    expect(gcp.facts.filter((f) => f.attribute !== 'count').map((f) => [f.key, f.value])).toEqual([
      ['infra/terraform/google_sql_database_instance/main/database_version', 'POSTGRES_16'],
      ['infra/terraform/google_sql_database_instance/main/settings.tier', 'db-custom-4-16384'],
      ['infra/terraform/google_sql_database_instance/main/settings.availability_type', 'REGIONAL'],
      ['infra/terraform/google_sql_database_instance/main/settings.disk_size', 100],
      ['infra/terraform/google_sql_database_instance/main/settings.backup_configuration.enabled', true],
      ['infra/dns/api.example.org/ttl', 'auto'],
      ['infra/tls/api.example.org/issuer', 'letsencrypt-staging'],
    ]);
    expect(JSON.stringify(gcp)).not.toContain('PLANTED');
  });

  it('names what it cannot read', () => {
    const reasons = (name: string) => extract(name).skips.map((s) => s.reason);
    expect(reasons('empty-state.json')).toEqual(['the state holds no resources']);
    expect(reasons('main.tf')).toEqual([
      'this is Terraform configuration (HCL), not evidence of what exists: give `terraform show -json` output',
    ]);
    const text = (body: string) =>
      extractTerraform(body, { source: 'tf', file: 'x.json', fingerprint, environment: 'e' }).skips.map(
        (s) => s.reason,
      );
    expect(text('{"version": 3, "resources": []}')).toEqual([
      'state format version 3 is not read: run `terraform show -json` on it',
    ]);
    expect(text('[1, 2]')).toEqual(['expected a JSON object from `terraform show -json`']);
    expect(text('{"kind": "List"}')).toEqual([
      'expected `terraform show -json` output (a state or a plan) or a state file (version 4)',
    ]);
  });

  it('skips a policy that is not JSON, naming the resource', () => {
    const state = {
      format_version: '1.0',
      values: {
        root_module: {
          resources: [
            {
              address: 'aws_iam_policy.broken',
              mode: 'managed',
              type: 'aws_iam_policy',
              name: 'broken',
              values: { policy: '{"Statement": [' },
            },
          ],
        },
      },
    };
    const result = extractTerraform(JSON.stringify(state), {
      source: 'tf',
      file: 'x.json',
      fingerprint,
      environment: 'e',
    });
    expect(result.skips).toEqual([
      { source: 'tf', file: 'x.json', line: 1, reason: 'aws_iam_policy.broken: policy is not valid JSON' },
    ]);
  });
});

describe('terraform extract: attribute shapes the table does not expect', () => {
  const read = (values: Record<string, unknown>) => {
    const state = {
      format_version: '1.0',
      values: {
        root_module: {
          resources: [
            {
              address: 'aws_lambda_function.f',
              mode: 'managed',
              type: 'aws_lambda_function',
              name: 'f',
              values,
            },
          ],
        },
      },
    };
    const result = extractTerraform(JSON.stringify(state, null, 1), {
      source: 'tf',
      file: 'state.json',
      fingerprint,
      environment: 'production',
    });
    return Object.fromEntries(result.facts.map((f) => [f.attribute, f.value]));
  };

  it('compares a set of numbers and an object where a scalar was expected, instead of dropping them', () => {
    expect(read({ architectures: ['arm64', 7], timeout: { b: 2, a: 1 } })).toMatchObject({
      architectures: ['7', 'arm64'],
      timeout: '{"a":1,"b":2}',
    });
    expect(read({ architectures: [1] }).architectures).not.toEqual(
      read({ architectures: [2] }).architectures,
    );
  });
});
