import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createFingerprinter } from '../secrets.js';
import type { SourceSpec } from '../types.js';
import { featureFlagsSource } from './index.js';

const fixtures = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
const ctx = (environment: string) => ({
  environment,
  production: false,
  fingerprint: createFingerprinter('k'),
});
const spec = (paths: string[]): SourceSpec => ({
  kind: 'feature-flags',
  id: 'feature-flags:flags',
  paths,
  baseDir: fixtures,
  options: {},
});

describe('feature-flags source', () => {
  it('reads a folder of flag files with file:line origins', async () => {
    const result = await featureFlagsSource.collect(spec(['shop/staging']), {}, ctx('staging'));
    expect(result.skips).toEqual([]);
    expect(result.facts.find((f) => f.key === 'config/flag/recommendations-v2/state')).toMatchObject({
      dimension: 'config',
      value: 'enabled',
      origin: { source: 'feature-flags:flags', file: 'shop/staging/flags.flagd.json', line: 61 },
    });
  });

  it('picks the Unleash environment from the option, else from the environment name', async () => {
    const paths = ['unleash-state-export-v4.json'];
    const rollout = (facts: { key: string; value: unknown }[]) =>
      facts.find((f) => f.key === 'config/flag/checkout.express-pay/rollout')?.value;
    expect(rollout((await featureFlagsSource.collect(spec(paths), {}, ctx('production'))).facts)).toBe(5);
    expect(rollout((await featureFlagsSource.collect(spec(paths), {}, ctx('staging'))).facts)).toBe(100);
    const forced = await featureFlagsSource.collect(
      spec(paths),
      { unleashEnvironment: 'staging' },
      ctx('production'),
    );
    expect(rollout(forced.facts)).toBe(100);
  });

  it('names a flag defined in two files once, and a missing path', async () => {
    const result = await featureFlagsSource.collect(
      spec(['shop/production/flags.flagd.json', 'shop/staging/flags.flagd.json', 'flags.prod.json']),
      {},
      ctx('production'),
    );
    expect(result.skips.map((s) => s.reason)).toContain('no such file or directory');
    expect(result.skips.filter((s) => s.reason.includes('defined again')).map((s) => s.reason)[0]).toBe(
      'flag "new-checkout" is defined again (first at shop/production/flags.flagd.json:4); the first definition is kept',
    );
    expect(
      result.facts.filter((f) => f.key === 'config/flag/new-checkout/rollout').map((f) => f.value),
    ).toEqual([5]);
  });

  it('has strict options', () => {
    expect(featureFlagsSource.options.safeParse({ format: 'flagd' }).success).toBe(true);
    expect(featureFlagsSource.options.safeParse({ format: 'launchdarkly' }).success).toBe(false);
    expect(featureFlagsSource.options.safeParse({ unleashEnvironment: '' }).success).toBe(false);
    expect(featureFlagsSource.options.safeParse({ environment: 'production' }).success).toBe(false);
  });
});
