import { describe, expect, it } from 'vitest';
import type { Fact } from '../model/fact.js';
import type { Coverage, ReadStatus, Snapshot } from '../model/snapshot.js';
import { compareSnapshots } from '../pipeline/compare.js';
import { sources } from '../sources/index.js';
import { COMPARE_SETTINGS } from '../test-support/compare.js';
import { fact } from '../test-support/facts.js';
import { subjectGaps } from './reach.js';

const ONE_SIDED = new Set(['only-baseline', 'only-candidate']);

/** One fact under each prefix a kind produces, as that kind's source would have read it. */
function factsOf(kind: string, source: string): Fact[] {
  return sources[kind]!.produces.map((prefix, i) => ({
    ...fact(`${prefix}subject-${i}/setting`, `value-${i}`),
    origin: { source, file: `${kind}.txt`, line: i + 1 },
  }));
}

function coverage(kind: string, source: string, read: ReadStatus, facts: readonly Fact[]): Coverage {
  return {
    source,
    kind,
    dimensions: [...new Set(facts.map((f) => f.dimension))],
    facts: facts.length,
    read,
    produces: [...sources[kind]!.produces],
    line: 7,
    ...(read === 'complete' ? {} : { reason: 'deploy/x: no such file or directory' }),
  };
}

function snapshot(environment: string, facts: Fact[], cover: Coverage[]): Snapshot {
  return {
    schemaVersion: 1,
    environment,
    takenAt: '2026-12-01T00:00:00.000Z',
    fingerprintKeyId: 'k',
    facts,
    coverage: cover,
    skips: [],
  };
}

/** A Dockerfile read completely on the side that lost `kind`: evidence in other dimensions, as in the issue. */
function bystander(environment: string): { facts: Fact[]; coverage: Coverage } {
  const facts = [
    {
      ...fact('config/env/APP_MODE', 'web'),
      origin: { source: 'dockerfile:Dockerfile', file: 'Dockerfile' },
    },
    { ...fact('infra/image-base/runtime', 'node:20'), origin: { source: 'dockerfile:Dockerfile' } },
  ];
  void environment;
  return { facts, coverage: coverage('dockerfile', 'dockerfile:Dockerfile', 'complete', facts) };
}

describe('coverage by subject, for every source kind in the registry', () => {
  for (const kind of Object.keys(sources)) {
    for (const lost of ['none', 'partial'] as const) {
      for (const side of ['candidate', 'baseline'] as const) {
        it(`${kind}: what the ${side === 'candidate' ? 'baseline' : 'candidate'} read is unknown, never missing, when the ${side}'s ${kind} source read ${lost === 'none' ? 'nothing' : 'only part'}`, () => {
          const id = `${kind}:x`;
          const present = factsOf(kind, id);
          const other = bystander(side);
          const full = snapshot('full', present, [coverage(kind, id, 'complete', present)]);
          const half = snapshot('half', other.facts, [coverage(kind, id, lost, []), other.coverage]);
          const [baseline, candidate] = side === 'candidate' ? [full, half] : [half, full];
          const { comparison } = compareSnapshots(baseline, candidate, COMPARE_SETTINGS);
          const oneSided = comparison.divergences.filter(
            (d) => ONE_SIDED.has(d.kind) && present.some((f) => f.key === d.key),
          );
          expect(oneSided).toEqual([]);
          const presentSide = side === 'candidate' ? 'baseline' : 'candidate';
          const unknown = (comparison.unknown ?? []).filter((u) => u.side === presentSide);
          expect(unknown.reduce((n, u) => n + u.facts, 0)).toBe(present.length);
          for (const u of unknown) expect(u.reason).toContain(`half's ${kind} source ${id} (parity.yaml:7)`);
          for (const d of comparison.dimensions) {
            if (present.some((f) => f.dimension === d.dimension)) expect(d.status).not.toBe('parity');
          }
        });
      }
    }

    it(`${kind}: absence is evidence when the other side's ${kind} source was read completely`, () => {
      const id = `${kind}:x`;
      const present = factsOf(kind, id);
      const full = snapshot('production', present, [coverage(kind, id, 'complete', present)]);
      const empty = snapshot('staging', [], [coverage(kind, id, 'complete', [])]);
      const { comparison } = compareSnapshots(full, empty, COMPARE_SETTINGS);
      expect(comparison.unknown).toEqual([]);
      const gap = subjectGaps(full, empty);
      for (const f of present) expect(gap(f.key)).toBeUndefined();
    });
  }

  it('names the key prefix and the reason once per group, with a few subject names', () => {
    const present = factsOf('kubernetes', 'k8s');
    const full = snapshot('production', present, [coverage('kubernetes', 'k8s', 'complete', present)]);
    const half = snapshot('staging', [], [coverage('kubernetes', 'k8s', 'none', [])]);
    const { comparison } = compareSnapshots(full, half, COMPARE_SETTINGS);
    expect(comparison.unknown).toContainEqual({
      dimension: 'infra',
      side: 'baseline',
      prefix: 'infra/workload/',
      subjects: 1,
      facts: 1,
      examples: ['subject-0'],
      reason:
        "staging's kubernetes source k8s (parity.yaml:7) read nothing: deploy/x: no such file or directory",
    });
  });

  it('is unknown when the other side declares no source that reads the prefix', () => {
    const present = factsOf('terraform', 'tf');
    const full = snapshot('production', present, [coverage('terraform', 'tf', 'complete', present)]);
    const other = bystander('staging');
    const { comparison } = compareSnapshots(
      full,
      snapshot('staging', other.facts, [other.coverage]),
      COMPARE_SETTINGS,
    );
    expect(comparison.divergences.filter((d) => d.key.startsWith('infra/terraform/'))).toEqual([]);
    expect(comparison.unknown?.map((u) => u.reason)).toContain(
      'staging has no source that reads infra/terraform/',
    );
  });

  it('keeps a kind that produced a prefix it does not declare within its reach (learned from either side)', () => {
    const present = [{ ...fact('config/surprise/x/y', 1), origin: { source: 'env' } }];
    const full = snapshot('production', present, [coverage('dotenv', 'env', 'complete', present)]);
    const half = snapshot('staging', [], [coverage('dotenv', 'env', 'none', [])]);
    expect(subjectGaps(full, half)('config/surprise/x/y')?.reason).toContain("staging's dotenv source env");
  });
});

describe('a source read in part that names what it missed (unreadScope)', () => {
  const present = [
    { ...fact('config/env/app/SENTRY_DSN', 'https://sentry.example'), origin: { source: 'c' } },
    { ...fact('infra/workload/agent/kind', 'compose-service'), origin: { source: 'c' } },
    { ...fact('config/env/agent/DD_SITE', 'eu'), origin: { source: 'c' } },
  ];
  const full = snapshot('prod', present, [coverage('compose', 'c', 'complete', present)]);
  const partOf = (scope: string[] | undefined, read: ReadStatus = 'partial') =>
    snapshot(
      'dev',
      [],
      [{ ...coverage('compose', 'c', read, []), ...(scope ? { unreadScope: scope } : {}) }],
    );

  it('leaves only keys under its scope unknown; the rest it reaches was read, so absence is evidence', () => {
    const gap = subjectGaps(full, partOf(['config/env/app/']));
    expect(gap('config/env/app/SENTRY_DSN')?.reason).toContain("dev's compose source c");
    expect(gap('infra/workload/agent/kind')).toBeUndefined();
    expect(gap('config/env/agent/DD_SITE')).toBeUndefined();
    // A prefix is a whole segment: `app/` says nothing of `application`.
    expect(gap('config/env/application/X')).toBeUndefined();
  });

  it('leaves everything it reaches unknown without a scope, or when it read nothing', () => {
    for (const half of [partOf(undefined), partOf(['config/env/app/'], 'none')]) {
      const gap = subjectGaps(full, half);
      expect(gap('infra/workload/agent/kind')).toBeDefined();
      expect(gap('config/env/agent/DD_SITE')).toBeDefined();
    }
  });

  it('matches its scope after the renames the comparison applies (app-dev is app)', () => {
    const half = partOf(['config/env/app-dev/']);
    const rename = [{ match: /-dev$/, replace: '' }];
    const { comparison } = compareSnapshots(full, half, { ...COMPARE_SETTINGS, rename });
    expect(comparison.unknown?.flatMap((u) => u.examples)).toContain('app');
    expect(comparison.divergences.map((d) => d.key)).toContain('infra/workload/agent/kind');
    expect(comparison.divergences.map((d) => d.key)).not.toContain('config/env/app/SENTRY_DSN');
  });
});
