import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPolicyFile } from '../index.js';
import type { Audit } from '../model/audit.js';
import type { Divergence } from '../model/divergence.js';
import { renderAudit } from '../report/index.js';
import { audit, snapshot } from './audit.js';

const dir = fileURLToPath(new URL('../../examples/shop/', import.meta.url));
const policyFile = `${dir}parity.yaml`;
// Secret values planted in the example's manifests and env files: none may reach any output.
const PLANTED = [
  'correct-horse-battery-staple-42',
  Buffer.from('correct-horse-battery-staple-42').toString('base64'),
  'sk_live_51Hx9acmeProdKey0000000000',
  'sk_test_51Hx9acmeStagingKey000000000',
  'R0UT1NGKEYPRODUCTION0000000000000',
  'PRODUCTIONSLACKTOKEN',
  'STAGINGSLACKTOKEN00',
  'PLANTED-rds-master-password',
];

let result: Audit;
let divergences: Divergence[];

beforeAll(async () => {
  const policy = await loadPolicyFile(policyFile, {});
  result = await audit(policy, { now: new Date('2026-11-22T12:00:00Z') });
  divergences = result.comparisons[0]!.divergences;
});

function find(rule: string, key: string): Divergence {
  const found = divergences.find((d) => d.rule === rule && d.key === key);
  if (!found)
    throw new Error(`no ${rule} on ${key}; got:\n${divergences.map((d) => `${d.rule} ${d.key}`).join('\n')}`);
  return found;
}

const where = (d: Divergence, side: 'baseline' | 'candidate') =>
  `${d[side]?.origin.file}:${d[side]?.origin.line}`;

describe('the bundled example (examples/shop)', () => {
  it('shows 1 replica against 6, with both file:lines', () => {
    const d = find('infra.single-replica', 'infra/workload/checkout/replicas');
    expect(where(d, 'baseline')).toBe(
      `deploy/production/checkout.yaml:${lineOf('deploy/production/checkout.yaml', 'replicas: 6')}`,
    );
    expect(where(d, 'candidate')).toBe(
      `deploy/staging/checkout.yaml:${lineOf('deploy/staging/checkout.yaml', 'replicas: 1')}`,
    );
  });

  it('shows the 30 s staging timeout against production 5 s', () => {
    const d = find('config.timeout-differs', 'config/env/checkout/PAYMENT_TIMEOUT_MS');
    expect(d.severity).toBe('high');
    expect(d.message).toContain('staging waits 6x longer');
    expect(d.candidate?.origin.file).toBe('deploy/staging/checkout.yaml');
  });

  it('shows DEBUG on in staging, with its decision expired', () => {
    const d = find('config.debug-enabled', 'config/env/checkout/DEBUG');
    expect(d.decision).toMatchObject({ decision: 'eliminate', expired: true });
  });

  it('shows the feature flag set differently', () => {
    find('config.feature-flag-differs', 'config/env/checkout/FEATURE_ONE_CLICK_CHECKOUT');
  });

  it('shows the variable the code reads that only production sets', () => {
    const d = find('config.env-required-missing', 'config/code-ref/FRAUD_CHECK_URL');
    expect(d.message).toContain('services/checkout/src/payments.ts:3');
  });

  it('shows NEXT_PUBLIC_API_URL baked at build time in production and set at runtime in staging', () => {
    const d = find('config.env-scope-differs', 'config/scope/NEXT_PUBLIC_API_URL');
    expect(d.message).toBe('NEXT_PUBLIC_API_URL is build in production, build+runtime in staging');
  });

  it('shows the database password shared by both, by fingerprint only', () => {
    const d = find('access.secret-shared', 'access/secret/checkout-db/password');
    expect(d.severity).toBe('critical');
  });

  it('shows the CronJob that only production runs', () => {
    const d = find('deploys.cronjob-missing', 'deploys/cronjob/settlement-reconcile/schedule');
    expect(where(d, 'baseline')).toMatch(/^deploy\/production\/worker\.yaml:\d+$/);
  });

  it('shows the CDN in front of production only', () => {
    find('infra.cdn-only-one', 'infra/ingress/shop/cdn');
  });

  it('shows the cluster and registry shared by both, the registry decided', () => {
    expect(find('infra.shared-substrate', 'infra/substrate/cluster').decision).toBeUndefined();
    expect(find('infra.shared-substrate', 'infra/substrate/registry').decision).toMatchObject({
      decision: 'accept',
    });
  });

  it('shows a divergence with file:line in every dimension but data (which needs the demo databases)', () => {
    const dims = ['infra', 'config', 'access', 'traffic', 'integrations', 'deploys', 'observability'];
    for (const dim of dims) {
      const located = divergences.filter(
        (d) => d.dimension === dim && [d.baseline, d.candidate].some((s) => s?.origin.file && s.origin.line),
      );
      expect(located.length, dim).toBeGreaterThan(0);
    }
    const data = result.comparisons[0]!.dimensions.find((d) => d.dimension === 'data')!;
    expect(data).toMatchObject({ status: 'unknown' });
  });

  it('shows staging on Stripe test mode and PayPal sandbox, production live', () => {
    expect(find('integrations.mode-differs', 'integrations/stripe/mode').message).toContain(
      'production live, staging test',
    );
    expect(find('integrations.mode-differs', 'integrations/paypal/mode').message).toContain(
      'staging sandbox',
    );
  });

  it('shows the alert that only production has, and that only production pages', () => {
    find('observability.alert-missing', 'observability/alert/PaymentProviderTimeouts/expr');
    expect(divergences.some((d) => d.rule === 'observability.paging-route-missing')).toBe(true);
  });

  it('shows staging migrating in its pipeline while production does not', () => {
    expect(
      divergences.some((d) => d.rule === 'deploys.pipeline-step-missing' && d.key.endsWith('/migrate')),
    ).toBe(true);
  });

  it('keeps decided divergences in the list, after the undecided', () => {
    const decidedAt = divergences.findIndex((d) => d.decision && !d.decision.expired);
    expect(decidedAt).toBeGreaterThan(0);
    expect(divergences.slice(decidedAt).every((d) => d.decision && !d.decision.expired)).toBe(true);
  });

  it('never lets a planted secret into a report or a snapshot', async () => {
    const policy = await loadPolicyFile(policyFile, {});
    const outputs = [
      renderAudit(result, 'json'),
      renderAudit(result, 'text', { color: false }),
      renderAudit(result, 'markdown'),
      JSON.stringify(await snapshot(policy, 'production')),
      JSON.stringify(await snapshot(policy, 'staging')),
    ];
    for (const out of outputs) for (const secret of PLANTED) expect(out).not.toContain(secret);
  });
});

function lineOf(file: string, text: string): number {
  return (
    readFileSync(`${dir}${file}`, 'utf8')
      .split('\n')
      .findIndex((l) => l.includes(text)) + 1
  );
}
