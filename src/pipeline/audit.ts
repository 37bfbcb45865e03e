import { type CollectOptions, collectEnvironment } from '../collect/collect.js';
import type { Policy } from '../config/policy.js';
import { configErrors, UsageError } from '../errors.js';
import {
  AUDIT_SCHEMA_VERSION,
  type Audit,
  type Comparison,
  type EnvironmentSkip,
  type UnreadSource,
} from '../model/audit.js';
import type { Snapshot } from '../model/snapshot.js';
import { outsidePaths } from '../sources/project-paths.js';
import { createFingerprinter, fingerprintKeyId, randomFingerprintKey } from '../sources/secrets.js';
import { compareSnapshots } from './compare.js';

export interface AuditOptions {
  /** Candidate environments to judge; all but the baseline when omitted. */
  candidates?: string[];
  /** Fingerprint key; a random one per run when omitted (both sides are collected in this run). */
  fingerprintKey?: string | Buffer;
  now?: Date;
  onInternalError?: CollectOptions['onInternalError'];
  onProgress?: CollectOptions['onProgress'];
}

/** Which candidates an audit judges: the ones asked for, checked against the policy. */
export function candidatesOf(policy: Policy, asked?: string[]): string[] {
  const all = Object.keys(policy.environments).filter((e) => e !== policy.baseline);
  if (!asked || asked.length === 0) return all;
  for (const name of asked) {
    if (!policy.environments[name]) {
      throw new UsageError(
        `unknown environment "${name}"; parity.yaml defines: ${Object.keys(policy.environments).join(', ')}`,
      );
    }
    if (name === policy.baseline)
      throw new UsageError(`"${name}" is the baseline; name a candidate to judge against it`);
  }
  return asked;
}

/** Collects one environment into a snapshot (`parity snapshot`). */
export async function snapshot(
  policy: Policy,
  environment: string,
  options: AuditOptions = {},
): Promise<Snapshot> {
  const env = policy.environments[environment];
  if (!env) {
    throw new UsageError(
      `unknown environment "${environment}"; parity.yaml defines: ${Object.keys(policy.environments).join(', ')}`,
    );
  }
  requireVariables(policy, [environment]);
  return collectOne(policy, environment, options);
}

/**
 * An unset ${VAR} of a required source is a configuration error, raised only for the environments
 * about to be collected: `parity snapshot staging` runs where production's variables are not set.
 */
export function requireVariables(
  policy: Pick<Policy, 'file' | 'environments'>,
  environments: readonly string[],
) {
  const problems = environments.flatMap((name) =>
    (policy.environments[name]?.problems ?? []).map((p) => ({ ...p, file: policy.file })),
  );
  if (problems.length > 0) throw configErrors(problems);
}

async function collectOne(policy: Policy, environment: string, options: AuditOptions): Promise<Snapshot> {
  const env = policy.environments[environment]!;
  const key = options.fingerprintKey ?? randomFingerprintKey();
  const collected = await collectEnvironment(env, {
    fingerprint: createFingerprinter(key),
    fingerprintKeyId: fingerprintKeyId(key),
    ...(options.now ? { now: () => options.now! } : {}),
    ...(options.onInternalError ? { onInternalError: options.onInternalError } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const outside = env.sources.flatMap((spec) => outsidePaths(spec));
  return outside.length > 0 ? { ...collected, outsideProject: outside } : collected;
}

/**
 * The whole pipeline: collect every environment, compare each candidate with the baseline, apply
 * decisions. Reporting and the exit code are the caller's (see cli/).
 */
export async function audit(policy: Policy, options: AuditOptions = {}): Promise<Audit> {
  const candidates = candidatesOf(policy, options.candidates);
  const key = options.fingerprintKey ?? randomFingerprintKey();
  const withKey = { ...options, fingerprintKey: key };
  // Every unset variable of every environment about to be read, at once, before anything is read.
  requireVariables(policy, [policy.baseline, ...candidates]);
  const [baseline, ...others] = await Promise.all([
    collectOne(policy, policy.baseline, withKey),
    ...candidates.map((c) => collectOne(policy, c, withKey)),
  ]);
  return auditSnapshots(policy, baseline!, others, options.now ?? new Date());
}

/** Compare already-collected snapshots under a policy (`parity compare`, and `audit` itself). Pure. */
/**
 * Snapshots fingerprinted with different keys (`PARITY_FINGERPRINT_KEY` not the same when each was
 * taken) cannot tell a secret shared by both environments, nor match most-common values: said as a
 * skip of the candidate, in every report format, and access and data cannot claim parity.
 */
function withFingerprintGap(baseline: Snapshot, candidate: Snapshot): Snapshot {
  if (baseline.fingerprintKeyId === candidate.fingerprintKeyId) return candidate;
  const reason = `the snapshots of ${baseline.environment} and ${candidate.environment} were fingerprinted with different keys (${baseline.fingerprintKeyId} and ${candidate.fingerprintKeyId}): secrets shared by both and most-common values cannot be compared; take both with the same PARITY_FINGERPRINT_KEY`;
  return {
    ...candidate,
    skips: [
      ...candidate.skips,
      { source: 'fingerprints', reason, key: 'access/secret' },
      // Most-common values are fingerprints too: only said where there is data to compare.
      ...([baseline, candidate].some((s) => s.facts.some((f) => f.dimension === 'data'))
        ? [
            {
              source: 'fingerprints',
              reason: 'most-common values cannot be compared (same cause)',
              key: 'data/most-common-values',
            },
          ]
        : []),
    ],
  };
}

export function auditSnapshots(
  policy: Pick<Policy, 'scale' | 'tolerance' | 'rename' | 'decisions'> & {
    file?: string;
    /** For each environment's `tokens:` (see compare/environment-names.ts). */
    environments?: Readonly<Record<string, { tokens?: readonly string[] }>>;
  },
  baseline: Snapshot,
  given: readonly Snapshot[],
  now: Date,
): Audit {
  const comparisons: Comparison[] = [];
  const used = new Set<number>();
  const candidates = given.map((c) => withFingerprintGap(baseline, c));
  const tokens = Object.fromEntries(
    Object.entries(policy.environments ?? {}).map(([name, e]) => [name, e.tokens ?? []]),
  );
  for (const candidate of candidates) {
    const result = compareSnapshots(baseline, candidate, {
      scale: policy.scale,
      tolerance: policy.tolerance,
      rename: policy.rename,
      decisions: policy.decisions,
      now,
      ...(policy.file ? { policyFile: policy.file } : {}),
      tokens,
    });
    comparisons.push(result.comparison);
    for (const i of result.usedDecisions) used.add(i);
  }
  const skips: EnvironmentSkip[] = [baseline, ...candidates].flatMap((s) =>
    s.skips.map((skip) => ({ environment: s.environment, ...skip })),
  );
  const unread: UnreadSource[] = [baseline, ...candidates].flatMap((s) =>
    s.coverage.flatMap((c) =>
      c.kind === 'derived' || c.read === undefined || c.read === 'complete'
        ? []
        : [
            {
              environment: s.environment,
              source: c.source,
              kind: c.kind,
              read: c.read,
              optional: c.optional ?? false,
              ...(c.line && policy.file ? { file: policy.file } : {}),
              ...(c.line ? { line: c.line } : {}),
              reason: c.reason ?? 'nothing read',
            },
          ],
    ),
  );
  const outsideProject = [baseline, ...candidates].flatMap((s) =>
    (s.outsideProject ?? []).map((o) => ({ environment: s.environment, ...o })),
  );
  return {
    schemaVersion: AUDIT_SCHEMA_VERSION,
    generatedAt: now.toISOString(),
    baseline: baseline.environment,
    comparisons,
    skips,
    unread,
    ...(outsideProject.length > 0 ? { outsideProject } : {}),
    unusedDecisions: policy.decisions
      .map((d, i) => ({ d, i }))
      .filter(({ i }) => !used.has(i))
      .map(({ d }) => ({
        ...(d.rule ? { rule: d.rule } : {}),
        ...(d.key ? { key: d.key } : {}),
        ...(policy.file ? { file: policy.file } : {}),
        ...(d.line ? { line: d.line } : {}),
      })),
  };
}
