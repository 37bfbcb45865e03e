import { DIMENSIONS } from '../model/constants.js';
import type { Dimension } from '../model/dimension.js';
import type { Fact, FactValue, ScaleAxis } from '../model/fact.js';
import { makeFact } from '../model/make-fact.js';
import { SNAPSHOT_SCHEMA_VERSION, type Snapshot } from '../model/snapshot.js';

/** A fact for pure tests: `fact('infra/workload/checkout/replicas', 6, { compare: 'scaled', scale: 'replicas' })`. */
export function fact(
  key: string,
  value: FactValue,
  extra: { compare?: Fact['compare']; scale?: ScaleAxis; unit?: string; line?: number; file?: string } = {},
): Fact {
  const [dimension, ...path] = key.split('/');
  return makeFact({
    dimension: dimension as Dimension,
    path,
    value,
    ...(extra.compare ? { compare: extra.compare } : {}),
    ...(extra.scale ? { scale: extra.scale } : {}),
    ...(extra.unit ? { unit: extra.unit } : {}),
    origin: { source: 'test', file: extra.file ?? 'test.yaml', line: extra.line ?? 1 },
  });
}

/** A snapshot covering the given dimensions (all eight unless said). */
export function snapshotOf(
  environment: string,
  facts: Fact[],
  dimensions: Dimension[] = [...DIMENSIONS],
  fingerprintKeyId = 'k1',
): Snapshot {
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    environment,
    takenAt: '2026-11-22T00:00:00.000Z',
    fingerprintKeyId,
    facts,
    coverage: [{ source: 'test', kind: 'test', dimensions, facts: facts.length }],
    skips: [],
  };
}
