import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { registryCatalogue } from '../config/catalogue.js';
import { parsePolicy } from '../config/load.js';
import { loadPolicyFile } from '../index.js';
import { cannotJudge } from '../model/judgement.js';
import { renderAudit } from '../report/index.js';
import { audit } from './audit.js';

const fixture = (name: string) =>
  fileURLToPath(new URL(`./__fixtures__/${name}/parity.yaml`, import.meta.url));
const NOW = new Date('2026-12-01T12:00:00Z');

describe('coverage by subject, end to end', () => {
  it("invents no 'production only' workload or secret when staging's Kubernetes folder holds no manifest", async () => {
    const policy = await loadPolicyFile(fixture('staging-kubernetes-reads-nothing'), {});
    const result = await audit(policy, { now: NOW });
    const comparison = result.comparisons[0]!;
    // Before: infra.workload-missing "Deployment checkout runs in production only" and
    // access.secret-missing "secret checkout-db/password exists in production only".
    expect(comparison.divergences.filter((d) => d.kind === 'only-baseline')).toEqual([]);
    expect(comparison.unknown?.map((u) => [u.prefix, u.side, u.subjects])).toEqual(
      expect.arrayContaining([
        ['infra/workload/', 'baseline', 1],
        ['access/secret/', 'baseline', 1],
      ]),
    );
    expect(comparison.unknown?.[0]?.reason).toMatch(
      /^staging's kubernetes source kubernetes:deploy\/staging\/ \(parity\.yaml:12\) read nothing: deploy\/staging\/: the directory holds no file this source reads/,
    );
    for (const dimension of ['infra', 'access', 'config']) {
      expect(comparison.dimensions.find((d) => d.dimension === dimension)?.status).not.toBe('parity');
    }
    expect(result.unread).toEqual([
      expect.objectContaining({
        environment: 'staging',
        kind: 'kubernetes',
        read: 'none',
        optional: false,
        line: 12,
      }),
    ]);
    // A required source that read nothing: the audit could not judge (exit 2 without --allow-partial).
    expect(cannotJudge(result)).toEqual([
      expect.stringContaining('staging: the kubernetes source kubernetes:deploy/staging/'),
    ]);
  });

  it('keeps one unreadable file a skip on the first screen, and what it would define unknown, not missing', async () => {
    const policy = await loadPolicyFile(fixture('staging-one-manifest-unreadable'), {});
    const result = await audit(policy, { now: NOW });
    const comparison = result.comparisons[0]!;
    // Before: "Deployment worker runs in production only" (HIGH), the skip last in the report.
    expect(comparison.divergences.filter((d) => d.kind === 'only-baseline')).toEqual([]);
    expect(comparison.divergences.map((d) => [d.rule, d.key])).toContainEqual([
      'infra.single-replica',
      'infra/workload/checkout/replicas',
    ]);
    expect(comparison.unknown).toContainEqual(
      expect.objectContaining({ prefix: 'infra/workload/', side: 'baseline', examples: ['worker'] }),
    );
    expect(result.unread).toEqual([expect.objectContaining({ environment: 'staging', read: 'partial' })]);
    expect(cannotJudge(result)).toEqual([]);
    const firstScreen = renderAudit(result, 'text', { color: false }).split('\n').slice(0, 16).join('\n');
    expect(firstScreen).toMatch(
      /read in part:\s+deploy\/staging\/worker\.yaml:4: binary file \(NUL\s+byte\)/,
    );
    expect(firstScreen).toContain('Not compared: 2 subjects seen on one side only');
  });

  it('cannot judge when a database is unreachable: each side says why, and nothing was compared', async () => {
    // Port 1 on 127.0.0.1: nothing listens, the connection is refused at once.
    const text = ['production', 'staging']
      .map(
        (env) =>
          `  ${env}:\n    sources:\n      - kind: postgres\n        url: postgres://parity@127.0.0.1:1/${env}\n`,
      )
      .join('');
    const policy = parsePolicy(`version: 1\nenvironments:\n${text}`, 'parity.yaml', registryCatalogue, {});
    const result = await audit(policy, { now: NOW });
    // Before: exit 0, every dimension unknown and nothing said about why on the first lines.
    expect(cannotJudge(result)).toEqual([
      expect.stringMatching(
        /^production: the postgres source postgres \(parity\.yaml:5\) read nothing: .*ECONNREFUSED/,
      ),
      expect.stringMatching(
        /^staging: the postgres source postgres \(parity\.yaml:9\) read nothing: .*ECONNREFUSED/,
      ),
      'staging against production: nothing was compared (no dimension has evidence on both sides)',
    ]);
  });

  it('never calls a dimension parity when neither side produced evidence for it', async () => {
    const policy = await loadPolicyFile(fixture('workflows-without-configuration'), {});
    const result = await audit(policy, { now: NOW });
    const config = result.comparisons[0]!.dimensions.find((d) => d.dimension === 'config')!;
    // Before: github-actions may cover config, so config was "parity" on zero facts.
    expect(config).toMatchObject({ status: 'unknown', facts: 0, baselineSources: [], candidateSources: [] });
    expect(result.comparisons[0]!.dimensions.find((d) => d.dimension === 'deploys')?.status).not.toBe(
      'unknown',
    );
  });
});
