import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Fact } from '../../model/fact.js';
import { createFingerprinter } from '../secrets.js';
import { extractTerraform } from './extract.js';

const fingerprint = createFingerprinter('property-key');
const FIXTURES = new URL('./__fixtures__/', import.meta.url);
const fixtureTexts = ['.', 'production', 'staging'].flatMap((dir) =>
  readdirSync(new URL(`${dir}/`, FIXTURES), { withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => readFileSync(new URL(`${dir}/${d.name}`, FIXTURES), 'utf8')),
);
const Facts = z.array(Fact);

function extract(text: string) {
  return extractTerraform(text, { source: 'tf', file: 'x.json', fingerprint, environment: 'staging' });
}

function wellFormed(result: ReturnType<typeof extract>): void {
  // One schema check per run: per-fact expect() calls would cost more than the extraction.
  if (!Facts.safeParse(result.facts).success) expect(result.facts).toEqual('well-formed facts');
  if (new Set(result.facts.map((f) => f.key)).size !== result.facts.length) {
    expect(result.facts.map((f) => f.key)).toEqual('unique keys');
  }
}

const TYPES = [
  'aws_db_instance',
  'aws_instance',
  'aws_autoscaling_group',
  'aws_route53_record',
  'cloudflare_record',
  'aws_acm_certificate',
  'acme_certificate',
  'aws_iam_role',
  'aws_iam_role_policy',
  'aws_iam_policy',
  'aws_iam_role_policy_attachment',
  'aws_iam_policy_attachment',
  'aws_iam_policy_document',
  'google_sql_database_instance',
  'tls_self_signed_cert',
];
const policyText = fc.oneof(
  fc.string(),
  fc
    .record({ Statement: fc.anything({ maxDepth: 3 }), Version: fc.constant('2012-10-17') })
    .map((p) => JSON.stringify(p)),
  fc
    .array(
      fc.record({
        Effect: fc.constantFrom('Allow', 'Deny', 'x'),
        Action: fc.oneof(fc.string(), fc.array(fc.constantFrom('s3:*', '*', 'iam:Pass?ole', ''))),
        NotResource: fc.option(fc.string(), { nil: undefined }),
        Principal: fc.oneof(fc.constant('*'), fc.dictionary(fc.string(), fc.string())),
        Condition: fc.anything({ maxDepth: 2 }),
      }),
    )
    .map((Statement) => JSON.stringify({ Statement })),
);
const resource = fc.record({
  address: fc.string(),
  mode: fc.constantFrom('managed', 'data', 'other'),
  type: fc.constantFrom(...TYPES),
  name: fc.constantFrom('main', 'app', 'a/b', ''),
  index: fc.oneof(fc.nat(3), fc.string({ maxLength: 5 }), fc.constant(undefined)),
  values: fc.record({
    instance_class: fc.anything({ maxDepth: 1 }),
    engine_version: fc.anything({ maxDepth: 1 }),
    ttl: fc.anything({ maxDepth: 1 }),
    type: fc.constantFrom('A', 'TXT', 'CNAME', 3),
    name: fc.oneof(fc.string(), fc.constant('api.staging.example.com.')),
    fqdn: fc.anything({ maxDepth: 1 }),
    domain_name: fc.anything({ maxDepth: 1 }),
    role: fc.anything({ maxDepth: 1 }),
    policy: policyText,
    json: policyText,
    policy_arn: fc.constantFrom('arn:aws:iam::aws:policy/AdministratorAccess', 'x', ''),
    settings: fc.anything({ maxDepth: 2 }),
    min_size: fc.anything({ maxDepth: 1 }),
  }),
  sensitive_values: fc.anything({ maxDepth: 2 }),
});
const moduleTree: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  module: fc.record({
    address: fc.constantFrom('module.db', 'module.a[0]', 'module.q["x/y"]', 'nonsense'),
    resources: fc.array(resource, { maxLength: 4 }),
    child_modules: fc.oneof(
      { depthSize: 'small' },
      fc.constant([]),
      fc.array(tie('module'), { maxLength: 2 }),
    ),
  }),
})).module;

describe('terraform extract: properties', () => {
  it('never throws on random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => wellFormed(extract(text))),
      { numRuns: 60 },
    );
  });

  it('never throws on state- and plan-shaped JSON with anything inside', () => {
    fc.assert(
      fc.property(moduleTree, fc.boolean(), (root, plan) => {
        const doc = plan
          ? {
              planned_values: { root_module: root },
              resource_changes: [{ address: 'x', change: { after_unknown: {} } }],
            }
          : { format_version: '1.0', values: { root_module: root } };
        wellFormed(extract(JSON.stringify(doc)));
      }),
      { numRuns: 120 },
    );
  });

  it('never throws on truncated fixtures', () => {
    fc.assert(
      fc.property(fc.constantFrom(...fixtureTexts), fc.nat(), (text, cut) => {
        wellFormed(extract(text.slice(0, cut % (text.length + 1))));
      }),
      { numRuns: 100 },
    );
  });

  it('never shows a value Terraform marks sensitive, whatever the attribute', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          'instance_class',
          'engine_version',
          'ttl',
          'domain_name',
          'policy',
          'min_size',
          'type',
        ),
        fc.constantFrom(...TYPES),
        fc.stringMatching(/^[A-Za-z0-9]{10,20}$/),
        (attribute, type, secret) => {
          const planted = `PLANTED${secret}`;
          const state = {
            format_version: '1.0',
            values: {
              root_module: {
                resources: [
                  {
                    address: `${type}.x`,
                    mode: 'managed',
                    type,
                    name: 'x',
                    values: { [attribute]: planted, name: 'n', type: 'A', fqdn: 'a.example.com' },
                    sensitive_values: { [attribute]: true },
                  },
                ],
              },
            },
          };
          expect(JSON.stringify(extract(JSON.stringify(state)))).not.toContain(planted);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('stays fast on a deep or wide document', () => {
    const started = performance.now();
    let module: unknown = { resources: [] };
    for (let i = 0; i < 500; i++)
      module = { address: `module.m${i}`, resources: [], child_modules: [module] };
    expect(
      extract(JSON.stringify({ format_version: '1.0', values: { root_module: module } })).skips.map(
        (s) => s.reason,
      ),
    ).toEqual(['modules nested more than 64 levels deep were not read', 'the state holds no resources']);
    const statements = Array.from({ length: 200 }, (_, i) => ({
      Effect: 'Allow',
      Action: Array.from({ length: 50 }, (_, j) => `s3:A${j}`),
      Resource: [`arn:aws:s3:::b${i}/*`],
    }));
    const policy = JSON.stringify({ Statement: statements });
    const resources = [
      { address: 'aws_iam_policy.p', mode: 'managed', type: 'aws_iam_policy', name: 'p', values: { policy } },
    ];
    const result = extract(JSON.stringify({ format_version: '1.0', values: { root_module: { resources } } }));
    expect(result.skips.map((s) => s.reason)).toEqual([
      'policy:p: more than 1000 action x resource grants; compared by actions and resources only',
    ]);
    expect(performance.now() - started).toBeLessThan(1500);
  });
});
