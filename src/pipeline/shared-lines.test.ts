import { describe, expect, it } from 'vitest';
import { COMPARE_SETTINGS } from '../test-support/compare.js';
import { fact, snapshotOf } from '../test-support/facts.js';
import { compareSnapshots } from './compare.js';

/** The access dimension's status when each side read these facts. */
function access(production: ReturnType<typeof fact>[], staging: ReturnType<typeof fact>[]) {
  const { comparison } = compareSnapshots(
    snapshotOf('production', production, ['access']),
    snapshotOf('staging', staging, ['access']),
    COMPARE_SETTINGS,
  );
  return comparison.dimensions.find((d) => d.dimension === 'access');
}

describe('a dimension read only from lines both environments share', () => {
  const user = (file: string, line: number) => fact('access/workload/api/user', 'app', { file, line });

  it('is unknown, not parity: one Dockerfile read for both says nothing about either environment', () => {
    // Field trial (BorArt22/project-6-tech-trends): access "✓ parity" rested on the one Dockerfile.
    expect(access([user('Dockerfile', 12)], [user('Dockerfile', 12)])).toMatchObject({
      status: 'unknown',
      note: 'only lines both environments share were read for it',
    });
  });

  it('is parity when each side has its own evidence, even in one file (two jobs of one workflow)', () => {
    expect(access([user('deploy.yaml', 10)], [user('deploy.yaml', 40)])?.status).toBe('parity');
    expect(access([user('prod/Dockerfile', 3)], [user('staging/Dockerfile', 3)])?.status).toBe('parity');
  });
});
