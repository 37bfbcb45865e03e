import type { EnvironmentClaim } from '../sources/detection.js';
import { knownEnvironment } from '../sources/detection.js';

/** Names never taken as environments, whatever the evidence. */
const NEVER = new Set(
  'example sample template tmpl dist default defaults common base shared global all override overrides schema values config settings secrets docker kind minikube k3d'.split(
    ' ',
  ),
);
/** Names taken only when declared (a workflow's `environment: test`): elsewhere they name test runners and laptops. */
const DECLARED_ONLY = new Set('test tests testing local localhost e2e ci mock mocks'.split(' '));
/** An unknown slot name is an environment when it stands beside a known environment's file in this many folders. */
const MIN_SIBLING_GROUPS = 2;

export interface Claimed {
  claim: EnvironmentClaim;
  file: string;
}

export interface Resolution {
  /** The environment key of a claim's name, or undefined when it is not taken. */
  keyOf(name: string): string | undefined;
  /** Display name per key: the repository's own spelling. */
  names: Map<string, string>;
  rejected: { name: string; file: string; reason: string }[];
}

/** The key two spellings of one environment share: `prd`, `prod`, `Production` -> `production`. */
export function environmentKey(name: string): string {
  return knownEnvironment(name) ?? name.toLowerCase();
}

/**
 * Which claimed names are environments (see `Evidence` in src/sources/detection.ts), and what to
 * call each: the known name when the repository spells it so anywhere, else its most used spelling.
 */
export function resolveEnvironments(claims: readonly Claimed[]): Resolution {
  const accepted = new Set<string>();
  const bare = (n: string) => n.toLowerCase();
  for (const { claim } of claims) {
    const n = bare(claim.name);
    if (NEVER.has(n)) continue;
    if (claim.evidence === 'declared' || (knownEnvironment(n) && !DECLARED_ONLY.has(n)))
      accepted.add(environmentKey(n));
  }
  // Siblings: `values-integration.yaml` beside `values-production.yaml` in two folders or more.
  const groups = new Map<string, Set<string>>();
  for (const { claim } of claims) {
    if (!claim.group) continue;
    const set = groups.get(claim.group) ?? new Set<string>();
    set.add(bare(claim.name));
    groups.set(claim.group, set);
  }
  const besideKnown = new Map<string, number>();
  for (const names of groups.values()) {
    if (![...names].some((n) => accepted.has(environmentKey(n)))) continue;
    for (const n of names) besideKnown.set(n, (besideKnown.get(n) ?? 0) + 1);
  }
  for (const { claim } of claims) {
    const n = bare(claim.name);
    if (
      claim.evidence === 'sibling' &&
      !NEVER.has(n) &&
      !DECLARED_ONLY.has(n) &&
      (besideKnown.get(n) ?? 0) >= MIN_SIBLING_GROUPS
    )
      accepted.add(environmentKey(n));
  }
  const rejected: Resolution['rejected'] = [];
  const spellings = new Map<string, Map<string, number>>();
  for (const { claim, file } of claims) {
    const n = bare(claim.name);
    const key = environmentKey(n);
    if (!accepted.has(key)) {
      // A slot name far from any environment (`values-plus.yaml` of an ingress chart) is not worth a line.
      const near = claim.evidence !== 'sibling' || (besideKnown.get(n) ?? 0) > 0 || DECLARED_ONLY.has(n);
      if (near && !rejected.some((r) => r.name === n))
        rejected.push({ name: n, file, reason: whyNot(n, claim.evidence, besideKnown.get(n) ?? 0) });
      continue;
    }
    const counts = spellings.get(key) ?? new Map<string, number>();
    counts.set(n, (counts.get(n) ?? 0) + 1);
    spellings.set(key, counts);
  }
  const names = new Map<string, string>();
  for (const [key, counts] of spellings) {
    const spelled = counts.has(key)
      ? key
      : [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
    names.set(key, spelled);
  }
  return {
    keyOf: (name) => (accepted.has(environmentKey(name)) ? environmentKey(name) : undefined),
    names,
    rejected,
  };
}

function whyNot(name: string, evidence: EnvironmentClaim['evidence'], beside: number): string {
  if (NEVER.has(name)) return 'names defaults, examples or tooling, not an environment';
  if (DECLARED_ONLY.has(name))
    return 'names test runners and laptops as often as an environment; declare it (a workflow `environment:`) or add it by hand';
  if (evidence === 'known')
    return 'a folder name that is as often a component as an environment: only known environment names (production, staging, dev, …) are taken there';
  return `not a known environment name, and beside a known environment's file in ${beside} folder${beside === 1 ? '' : 's'} (${MIN_SIBLING_GROUPS} needed)`;
}
