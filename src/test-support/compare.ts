import type { Comparison } from '../model/audit.js';
import type { Divergence } from '../model/divergence.js';
import type { Fact } from '../model/fact.js';
import type { ReadStatus, Snapshot } from '../model/snapshot.js';
import { type CompareSettings, compareSnapshots } from '../pipeline/compare.js';
import { snapshotOf } from './facts.js';

/** The settings rule tests compare under: staging at a fifth of production's replicas, a fixed clock. */
export const COMPARE_SETTINGS: CompareSettings = {
  scale: { replicas: 0.2, resources: 1, data: 0.001, traffic: 0.01 },
  tolerance: 0.5,
  rename: [],
  decisions: [],
  now: new Date('2026-11-22T12:00:00Z'),
};

/** `-stg`/`-prd` name suffixes, as parity.yaml's `rename:` would strip them. */
export const SUFFIX_RENAMES: CompareSettings['rename'] = [
  { match: /-(stg|staging)$/, replace: '' },
  { match: /-(prd|prod|production)$/, replace: '' },
];

/**
 * How completely each side's test source was read (complete unless said): a side read only in part
 * cannot show a fact absent, so a fact the other side has is unknown there, not missing.
 */
export interface SidesRead {
  baseline?: ReadStatus;
  candidate?: ReadStatus;
}

function readAs(snapshot: Snapshot, read: ReadStatus | undefined): Snapshot {
  return read ? { ...snapshot, coverage: snapshot.coverage.map((c) => ({ ...c, read })) } : snapshot;
}

/** Compares production's facts (baseline) with staging's, through the whole compare step. */
export function compareRules(
  baseline: Fact[],
  candidate: Fact[],
  settings: Partial<CompareSettings> = {},
  read: SidesRead = {},
): Comparison {
  return compareSnapshots(
    readAs(snapshotOf('production', baseline), read.baseline),
    readAs(snapshotOf('staging', candidate), read.candidate),
    { ...COMPARE_SETTINGS, ...settings },
  ).comparison;
}

/** What a rule test asserts on each divergence: rule, key, kind and severity. */
export function brief(divergences: readonly Divergence[]): [string, string, string, string][] {
  return divergences.map((d) => [d.rule, d.key, d.kind, d.severity]);
}

/** `brief` with the message too. */
export function briefWithMessage(
  divergences: readonly Divergence[],
): [string, string, string, string, string][] {
  return divergences.map((d) => [d.rule, d.key, d.kind, d.severity, d.message]);
}
