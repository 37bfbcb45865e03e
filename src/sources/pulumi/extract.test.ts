import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createFingerprinter } from '../secrets.js';
import { extractPulumiStack } from './extract.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const extract = (name: string, workload?: string) =>
  extractPulumiStack(fixture(name), {
    source: 'pulumi',
    file: name,
    fingerprint: createFingerprinter('k'),
    ...(workload ? { workload } : {}),
  });
const byKey = (result: ReturnType<typeof extract>) =>
  Object.fromEntries(result.facts.map((f) => [f.key, f.value]));

describe('pulumi stack extract', () => {
  it('maps sizing settings onto the kubernetes keys, so the scale rules judge them', () => {
    const result = extract('stacks/Pulumi.production.yaml');
    expect(result.skips).toEqual([]);
    const facts = Object.fromEntries(result.facts.map((f) => [f.key, f]));
    expect(facts['infra/workload/api/container/api/cpu-limit']).toMatchObject({
      value: 4096,
      compare: 'scaled',
      scale: 'resources',
      origin: { source: 'pulumi', file: 'stacks/Pulumi.production.yaml', line: 4 },
    });
    // A bare number has the unit the program gives it: none is claimed.
    expect(facts['infra/workload/api/container/api/cpu-limit']?.unit).toBeUndefined();
    expect(facts['infra/workload/api/container/api/memory-limit']?.value).toBe(8192);
    expect(facts['infra/workload/worker/replicas']).toMatchObject({ value: 6, scale: 'replicas' });
    expect(facts['infra/autoscaling/worker/min-replicas']?.value).toBe(2);
    expect(facts['infra/autoscaling/worker/max-replicas']?.value).toBe(12);
    expect(facts['infra/workload/db/instance-types']).toMatchObject({
      value: ['db.r6g.xlarge'],
      compare: 'set',
    });
    // An autoscaling target is a setting, not a size.
    expect(facts['config/pulumi/shop/cpu-target-utilization']?.value).toBe(70);
  });

  it('flattens structured values and keeps provider namespaces apart', () => {
    const facts = byKey(extract('stacks/Pulumi.production.yaml'));
    expect(facts['config/pulumi/aws/region']).toBe('eu-west-2');
    expect(facts['config/pulumi/shop/cache.ttl-seconds']).toBe(300);
    expect(facts['config/pulumi/shop/cache.nodes']).toBe('["redis-a","redis-b"]');
    expect(facts['config/pulumi/shop/feature-new-checkout']).toBe(false);
  });

  it('never outputs a secure value, at any depth, and ignores the encryption settings', () => {
    const text = fixture('stacks/Pulumi.production.yaml');
    const result = extract('stacks/Pulumi.production.yaml');
    const out = JSON.stringify(result);
    for (const m of text.matchAll(/secure: (\S+)/g)) expect(out).not.toContain(m[1]!.slice(0, 12));
    expect(out).not.toContain('awskms');
    const facts = byKey(result);
    for (const key of ['db-password', 'stripe-webhook-secret', 'cache.auth']) {
      expect(facts[`config/pulumi/shop/${key}`]).toEqual({ secret: true, fingerprint: '' });
    }
  });

  it('compares two stacks’ secure values by presence only (ciphertexts always differ)', () => {
    const staging = byKey(extract('stacks/Pulumi.staging.yaml'));
    const production = byKey(extract('stacks/Pulumi.production.yaml'));
    expect(staging['config/pulumi/shop/db-password']).toEqual(production['config/pulumi/shop/db-password']);
    expect(staging['config/pulumi/shop/stripe-webhook-secret']).toBeUndefined();
  });

  it('classifies plaintext values through the secrets gate', () => {
    const facts = byKey(extract('planted-plaintext-secret.yaml'));
    expect(facts['config/pulumi/shop/api-token']).toMatchObject({ secret: true });
    expect(facts['config/pulumi/shop/database-url']).toMatchObject({
      secret: true,
      redacted: 'postgres://shop:****@db.internal:5432/shop',
    });
    expect(JSON.stringify(facts)).not.toContain('hunter2');
    expect(facts['config/pulumi/shop/log-level']).toBe('info');
  });

  it('names file and line for a key without namespace, a file that is not a stack, broken YAML', () => {
    expect(extract('bad-config.yaml').skips).toEqual([
      {
        source: 'pulumi',
        file: 'bad-config.yaml',
        line: 3,
        reason: 'config key "no-namespace": expected <project>:<key>',
      },
    ]);
    expect(extract('not-a-stack.yaml')).toEqual({
      facts: [],
      skips: [
        {
          source: 'pulumi',
          file: 'not-a-stack.yaml',
          line: 1,
          reason: 'expected a mapping with `config:` at the top, got a list',
        },
      ],
    });
    const broken = extract('broken.yaml');
    expect(broken.facts).toEqual([]);
    expect(broken.skips[0]).toMatchObject({ file: 'broken.yaml', line: 4 });
    expect(broken.skips[0]!.reason).toMatch(/^invalid YAML/);
  });

  it('puts a sizing setting that names no workload on the option’s workload, else the namespace', () => {
    const text = 'config:\n  shop:cpu: "500m"\n  shop:replicas: 3\n';
    const run = (workload?: string) =>
      byKey(
        extractPulumiStack(text, {
          source: 'p',
          file: 'f',
          fingerprint: createFingerprinter('k'),
          ...(workload ? { workload } : {}),
        }),
      );
    expect(run()).toEqual({
      'infra/workload/shop/container/shop/cpu-limit': 0.5,
      'infra/workload/shop/replicas': 3,
    });
    expect(run('web')['infra/workload/web/replicas']).toBe(3);
  });
});
