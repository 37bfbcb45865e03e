import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Fact } from '../../model/fact.js';
import type { Finding, RuleContext } from '../../rule-kit/types.js';
import { extractProfileFacts } from '../../sources/access-log/extract.js';
import { profileFiles } from '../../traffic/profile/files.js';
import { trafficRules } from './traffic.js';

// The shop demo's logs (written by bench/traffic-demo-logs.ts): real generated traffic, not hand-made facts.
const SHOP_FORMAT =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time $request_length';
const logs = fileURLToPath(new URL('../../../examples/shop/logs/', import.meta.url));

async function factsOf(env: string): Promise<Map<string, Fact>> {
  const absolute = `${logs}${env}/access.log`;
  const { profile } = await profileFiles([{ absolute, display: `${env}/access.log` }], {
    source: 'logs',
    format: SHOP_FORMAT,
  });
  return new Map(extractProfileFacts(profile, { source: 'logs' }).map((f) => [f.key, f]));
}

function context(baseline: Map<string, Fact>, candidate: Map<string, Fact>): RuleContext {
  return {
    baselineName: 'production',
    candidateName: 'staging',
    scale: { replicas: 1, resources: 1, data: 1, traffic: 0.05 },
    tolerance: 0.5,
    baseline,
    candidate,
    fingerprintsComparable: true,
  };
}

/** The engine's contract in miniature: first applicable pair rule judges, then every scan. */
function run(ctx: RuleContext): (Finding & { rule: string })[] {
  const out: (Finding & { rule: string })[] = [];
  const keys = new Set([...ctx.baseline.keys(), ...ctx.candidate.keys()]);
  for (const key of [...keys].sort()) {
    const pair = { key, baseline: ctx.baseline.get(key), candidate: ctx.candidate.get(key) };
    const rule = trafficRules.find((r) => r.appliesTo?.(pair, ctx));
    const finding = rule?.judge?.(pair, ctx);
    if (rule && finding) out.push({ rule: rule.id, ...finding });
  }
  for (const rule of trafficRules) for (const f of rule.scan?.(ctx) ?? []) out.push({ rule: rule.id, ...f });
  return out;
}

describe('traffic rules on the shop demo', () => {
  let production: Map<string, Fact>;
  let staging: Map<string, Fact>;
  beforeAll(async () => {
    production = await factsOf('production');
    staging = await factsOf('staging');
  });

  it('aggregates endpoints staging never called into one divergence', () => {
    const findings = run(context(production, staging)).filter(
      (f) => f.rule === 'traffic.endpoint-unexercised',
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      kind: 'only-baseline',
      key: 'traffic/endpoint',
      severity: 'high',
      message: expect.stringMatching(
        /^15 endpoints, 2\d% of production's requests, never called in staging \(largest: GET \/api\/products\/:id\/reviews/,
      ),
      detail: expect.objectContaining({
        endpoints: 15,
        endpoint1: expect.stringMatching(/^GET \/api\/products\/:id\/reviews \(5\.\d%\)$/),
      }),
    });
  });

  it('names the burstiness, 429s, behaviours and payloads staging lacks', () => {
    const rules = run(context(production, staging)).map((f) => `${f.rule} ${f.key ?? ''}`);
    expect(rules).toEqual(
      expect.arrayContaining(
        [
          'traffic.burstiness-below ',
          'traffic.error-mix-differs ',
          'traffic.client-behaviour-absent ',
          'traffic.payload-smaller ',
          'traffic.method-unexercised ',
        ].map((r) => expect.stringContaining(r.trim())),
      ),
    );
    const all = run(context(production, staging));
    const e429 = all.find((f) => f.message.startsWith('HTTP 429'));
    expect(e429).toMatchObject({ kind: 'only-baseline', severity: 'high' });
    expect(e429?.message).toMatch(/^HTTP 429: 3\.\d% of production's responses, never seen in staging$/);
  });

  it('finds nothing between production and itself', () => {
    expect(
      run({ ...context(production, production), scale: { replicas: 1, resources: 1, data: 1, traffic: 1 } }),
    ).toEqual([]);
  });

  it('stays silent when the candidate has no traffic source (unknown, not drift)', () => {
    expect(run(context(production, new Map()))).toEqual([]);
  });
});
