import type { RenameRule } from '../config/policy.js';
import type { Coverage, Snapshot } from '../model/snapshot.js';
import { normaliseKey } from './normalise.js';

/** Why a fact present on one side cannot be called absent on the other. */
export interface Gap {
  /** The key prefix the gap is about (`infra/workload/`). */
  prefix: string;
  reason: string;
}

/**
 * The subject rule (docs/facts.md, "Coverage by subject"): a fact with key K that `present` has and
 * `absent` lacks may be reported as missing from `absent` only when `absent` declares at least one
 * source whose reach holds K, and every such source was read completely. A source's reach is the
 * key prefixes its kind produces, plus the categories (`dimension/category/`) that sources of the
 * same kind produced on either side, so an under-declared kind never turns a gap into a finding.
 * Returns the gap, or undefined when absence is evidence. Pure.
 */
export function subjectGaps(
  present: Snapshot,
  absent: Snapshot,
  learned: Map<string, Set<string>> = categoriesByKind([present, absent]),
  rename: readonly RenameRule[] = [],
): (key: string) => Gap | undefined {
  const reach = absent.coverage.map((c) => ({
    coverage: c,
    prefixes: reachOf(c, learned),
    // Read in part with a known scope: only keys under it are unknown (named as the comparison names them).
    unknown: c.read === 'partial' ? c.unreadScope?.map((p) => normaliseKey(p, rename)) : undefined,
  }));
  return (key) => {
    const reaching = reach.filter((r) => r.prefixes.some((p) => key.startsWith(p)));
    if (reaching.length === 0) {
      const category = categoryOf(key);
      return { prefix: category, reason: `${absent.environment} has no source that reads ${category}` };
    }
    const unread = reaching.find(
      (r) =>
        r.coverage.read !== undefined &&
        r.coverage.read !== 'complete' &&
        (r.unknown === undefined || r.unknown.some((p) => key.startsWith(p))),
    );
    if (!unread) return undefined;
    return { prefix: longestPrefix(key, unread.prefixes), reason: unreadReason(absent, unread.coverage) };
  };
}

function reachOf(c: Coverage, learned: Map<string, Set<string>>): string[] {
  // Snapshots from before `produces` existed: a source reaches the dimensions it covered.
  const declared = c.produces ?? c.dimensions.map((d) => `${d}/`);
  return [...new Set([...declared, ...(learned.get(c.kind) ?? [])])];
}

/** The gaps of both sides of a comparison, learning the categories once (they are the same both ways). */
export function bothSubjectGaps(
  baseline: Snapshot,
  candidate: Snapshot,
  rename: readonly RenameRule[] = [],
): { baseline: (key: string) => Gap | undefined; candidate: (key: string) => Gap | undefined } {
  const learned = categoriesByKind([baseline, candidate]);
  return {
    baseline: subjectGaps(candidate, baseline, learned, rename),
    candidate: subjectGaps(baseline, candidate, learned, rename),
  };
}

/** `dimension/category/` of every fact, by the kind of the source that produced it. */
function categoriesByKind(snapshots: readonly Snapshot[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const s of snapshots) {
    const kindOf = new Map(s.coverage.map((c) => [c.source, c.kind]));
    for (const f of s.facts) {
      const kind = kindOf.get(f.origin.source);
      if (!kind) continue;
      const set = out.get(kind) ?? new Set<string>();
      set.add(categoryOf(f.key));
      out.set(kind, set);
    }
  }
  return out;
}

/** `infra/workload/checkout/replicas` -> `infra/workload/`. */
export function categoryOf(key: string): string {
  const first = key.indexOf('/');
  if (first === -1) return `${key}/`;
  const second = key.indexOf('/', first + 1);
  return second === -1 ? `${key}/` : key.slice(0, second + 1);
}

function longestPrefix(key: string, prefixes: readonly string[]): string {
  const matching = prefixes.filter((p) => key.startsWith(p)).sort((a, b) => b.length - a.length);
  return matching[0] ?? categoryOf(key);
}

function unreadReason(snapshot: Snapshot, c: Coverage): string {
  const where = c.line ? ` (parity.yaml:${c.line})` : '';
  const what = c.read === 'none' ? 'read nothing' : 'was read only in part';
  return `${snapshot.environment}'s ${c.kind} source ${c.source}${where} ${what}${c.reason ? `: ${c.reason}` : ''}`;
}
