import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createFingerprinter } from '../secrets.js';
import type { SourceSpec } from '../types.js';
import { AccessLogOptions, accessLogSource } from './index.js';

const fixtures = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
const ctx = { environment: 'production', production: true, fingerprint: createFingerprinter('k') };

function spec(paths: string[], options: Record<string, unknown> = {}): SourceSpec {
  return { kind: 'access-log', id: 'access-log:logs', paths, baseDir: fixtures, options };
}

async function collect(paths: string[], options: Record<string, unknown> = {}) {
  const parsed = AccessLogOptions.parse(options);
  return accessLogSource.collect(spec(paths, options), parsed, ctx);
}

describe('access-log source', () => {
  it('turns a log into traffic facts with origins', async () => {
    const { facts, skips } = await collect(['production/access.log'], { format: 'nginx-combined' });
    const byKey = new Map(facts.map((f) => [f.key, f]));
    expect(byKey.get('traffic/endpoint/POST /api/checkout/share')).toEqual({
      key: 'traffic/endpoint/POST /api/checkout/share',
      dimension: 'traffic',
      subject: 'POST /api/checkout',
      attribute: 'share',
      value: 0.2222,
      compare: 'exact',
      unit: 'ratio',
      origin: { source: 'access-log:logs', file: 'production/access.log', line: 3 },
    });
    expect(byKey.get('traffic/rate/peak-rps')).toMatchObject({
      value: 4,
      compare: 'scaled',
      scale: 'traffic',
      unit: 'rps',
    });
    expect(byKey.get('traffic/status/429/share')).toMatchObject({ value: 0.1111, origin: { line: 8 } });
    expect(byKey.get('traffic/burstiness/peak-to-mean')?.value).toBe(2.22);
    expect(byKey.get('traffic/behaviour/duplicate-submits/share')?.value).toBe(0.5);
    expect(byKey.has('traffic/concurrency/mean')).toBe(false);
    expect(skips).toEqual([
      {
        source: 'access-log:logs',
        file: 'production/access.log',
        line: 7,
        reason: 'line does not match the nginx-combined format',
      },
    ]);
  });

  it('reads a glob of rotated files and reports a glob that matches nothing', async () => {
    const { facts, skips } = await collect(['*/access.log*', 'nowhere/*.log']);
    expect(facts.find((f) => f.key === 'traffic/requests/total')?.value).toBe(12);
    expect(skips).toContainEqual({
      source: 'access-log:logs',
      file: 'nowhere/*.log',
      reason: 'the glob matched no file',
      unread: true,
    });
  });

  it('keeps planted secrets out of facts and skips', async () => {
    const result = await collect(['planted-secrets.log']);
    const json = JSON.stringify(result);
    expect(json).not.toContain('PLANTEDSECRET');
    expect(result.facts.map((f) => f.key)).toContain('traffic/endpoint/GET /reset/:token/share');
    expect(result.skips).toHaveLength(1);
  });

  it('rejects an unusable log_format at config time', () => {
    expect(AccessLogOptions.safeParse({ format: '$remote_addr $request' }).success).toBe(false);
    expect(AccessLogOptions.safeParse({ format: 'nginx-fancy' }).success).toBe(false);
    expect(
      AccessLogOptions.safeParse({ format: '$remote_addr "$request" $status', fields: { time: 'ts' } })
        .success,
    ).toBe(true);
    expect(AccessLogOptions.safeParse({ fromat: 'json' }).success).toBe(false);
  });

  it('says so when nothing could be read', async () => {
    const { facts, skips } = await collect(['alb.log'], { format: 'json' });
    expect(facts).toEqual([]);
    expect(skips.at(-1)?.reason).toMatch(/no request could be read/);
  });

  it('names request times of unknown unit as a skip and makes no latency fact of them', async () => {
    const baseDir = fileURLToPath(new URL('../../traffic/logs/__fixtures__/', import.meta.url));
    const paths = ['json-latency-large-integers-no-unit.log'];
    const run = (options: Record<string, unknown>) =>
      accessLogSource.collect(
        { kind: 'access-log', id: 'access-log:logs', paths, baseDir, options },
        AccessLogOptions.parse(options),
        ctx,
      );
    const unknown = await run({ format: 'json' });
    expect(unknown.facts.filter((f) => f.key.startsWith('traffic/latency/'))).toEqual([]);
    expect(unknown.skips.map((s) => s.reason)).toContainEqual(
      expect.stringMatching(
        /latency not read for 10 requests: the unit of "latency" is unknown.*fields\.durationUnit/,
      ),
    );
    const named = await run({ format: 'json', fields: { durationUnit: 'us' } });
    expect(named.skips).toEqual([]);
    expect(named.facts.find((f) => f.key === 'traffic/latency/p99')).toMatchObject({ unit: 'ms' });
  });
});
