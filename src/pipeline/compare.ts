import { consolidate, dropRepeated } from '../compare/consolidate.js';
import { compareFacts, type UnjudgedPair } from '../compare/engine.js';
import { environmentTokens } from '../compare/environment-names.js';
import { indexFacts } from '../compare/normalise.js';
import { bothSubjectGaps } from '../compare/reach.js';
import type { Decision, RenameRule } from '../config/policy.js';
import type { Comparison, DimensionResult, UnknownSubjects } from '../model/audit.js';
import { DIMENSIONS, type Dimension } from '../model/dimension.js';
import type { Divergence } from '../model/divergence.js';
import type { Fact, ScaleAxis } from '../model/fact.js';
import type { Skip, Snapshot } from '../model/snapshot.js';
import { applyDecisions, isSettled } from '../policy/decide.js';
import type { Rule, RuleContext } from '../rule-kit/types.js';
import { rules as catalogue } from '../rules/index.js';
import { plural } from '../units/plural.js';

export interface CompareSettings {
  scale: Record<ScaleAxis, number>;
  tolerance: number;
  rename: readonly RenameRule[];
  decisions: readonly Decision[];
  now: Date;
  /** parity.yaml path, for decision origins. */
  policyFile?: string;
  rules?: readonly Rule[];
  /** Words that name each environment, from `tokens:` in parity.yaml (besides its name and aliases). */
  tokens?: Readonly<Record<string, readonly string[]>>;
}

/** Steps 2 and 3, pure: compare two snapshots and apply the team's decisions. */
export function compareSnapshots(
  baseline: Snapshot,
  candidate: Snapshot,
  settings: CompareSettings,
): { comparison: Comparison; usedDecisions: Set<number> } {
  const covered = coveredBy(baseline);
  const candidateCovered = coveredBy(candidate);
  const both = new Set([...covered.keys()].filter((d) => candidateCovered.has(d)));
  const ctx: RuleContext = {
    baselineName: baseline.environment,
    candidateName: candidate.environment,
    scale: settings.scale,
    tolerance: settings.tolerance,
    baseline: indexFacts(baseline.facts, settings.rename),
    candidate: indexFacts(candidate.facts, settings.rename),
    fingerprintsComparable: baseline.fingerprintKeyId === candidate.fingerprintKeyId,
  };
  const unjudged: UnjudgedPair[] = [];
  const gaps = bothSubjectGaps(baseline, candidate, settings.rename);
  const found = compareFacts(ctx, settings.rules ?? catalogue, both, gaps, unjudged);
  const unknown = groupUnjudged(unjudged);
  const decide = (list: readonly Divergence[]) =>
    applyDecisions(list, settings.decisions, {
      candidate: candidate.environment,
      now: settings.now,
      ...(settings.policyFile ? { file: settings.policyFile } : {}),
    });
  // Decisions match each finding first: a decided finding keeps its own row. The rest are
  // consolidated (repeats dropped, environment names and same-pattern findings grouped), and a
  // decision can then match a group by its own rule and key.
  const first = decide(dropRepeated(found));
  const decidedFirst = first.divergences.filter((d) => d.decision);
  const grouped = consolidate(
    first.divergences.filter((d) => !d.decision),
    {
      baselineName: baseline.environment,
      candidateName: candidate.environment,
      tokens: environmentTokens(
        baseline.environment,
        candidate.environment,
        settings.rename,
        settings.tokens,
      ),
    },
  );
  const second = decide([...decidedFirst, ...grouped]);
  const divergences = second.divergences;
  const used = new Set([...first.used, ...second.used]);
  const derived = new Set(
    [...baseline.coverage, ...candidate.coverage].filter((c) => c.kind === 'derived').map((c) => c.source),
  );
  const factCounts = new Map<Dimension, number>();
  for (const map of [ctx.baseline, ctx.candidate]) {
    for (const f of map.values()) factCounts.set(f.dimension, (factCounts.get(f.dimension) ?? 0) + 1);
  }
  const uncompared = uncomparedByDimension([...baseline.skips, ...candidate.skips]);
  for (const [dimension, n] of partlyRead([baseline, candidate]))
    uncompared.set(dimension, (uncompared.get(dimension) ?? 0) + n);
  const sharedOnly = sharedFilesOnly(ctx.baseline, ctx.candidate);
  // Dimensions where at least one key is on both sides: without one, nothing was compared.
  const paired = new Set<Dimension>();
  for (const [key, f] of ctx.baseline) if (ctx.candidate.has(key)) paired.add(f.dimension);
  const dimensions = DIMENSIONS.map((dimension) =>
    dimensionResult(
      dimension,
      covered.get(dimension) ?? [],
      candidateCovered.get(dimension) ?? [],
      divergences,
      ctx,
      derived,
      factCounts,
      unknown.filter((u) => u.dimension === dimension),
      uncompared,
      sharedOnly.has(dimension),
      paired.has(dimension),
    ),
  );
  return {
    comparison: {
      baseline: baseline.environment,
      candidate: candidate.environment,
      dimensions,
      divergences,
      drafted: divergences.filter((d) => d.state === 'drafted').length,
      unknown,
    },
    usedDecisions: used,
  };
}

function coveredBy(snapshot: Snapshot): Map<Dimension, string[]> {
  const out = new Map<Dimension, string[]>();
  for (const c of snapshot.coverage) {
    for (const d of c.dimensions) out.set(d, [...(out.get(d) ?? []), c.source]);
  }
  return out;
}

function dimensionResult(
  dimension: Dimension,
  baselineSources: string[],
  candidateSources: string[],
  divergences: readonly Divergence[],
  ctx: RuleContext,
  derived: ReadonlySet<string>,
  factCounts: ReadonlyMap<Dimension, number>,
  unknown: readonly UnknownSubjects[],
  uncompared: ReadonlyMap<string, number>,
  sharedOnly: boolean,
  paired: boolean,
): DimensionResult {
  const mine = divergences.filter((d) => d.dimension === dimension);
  // Drafts are not decisions: a drafted divergence keeps its dimension in drift.
  const open = mine.filter((d) => !isSettled(d)).length;
  const drafted = mine.filter((d) => d.state === 'drafted').length;
  const undecided = open - drafted;
  const facts = factCounts.get(dimension) ?? 0;
  const result: DimensionResult = {
    dimension,
    status: 'parity',
    baselineSources,
    candidateSources,
    facts,
    undecided,
    decided: mine.length - open,
    ...(drafted > 0 ? { drafted } : {}),
  };
  if (baselineSources.length === 0 || candidateSources.length === 0) {
    // Undecided divergences here are one-sided findings the other side's read sources justify.
    result.status = open > 0 ? 'drift' : 'unknown';
    result.note =
      baselineSources.length === 0 && candidateSources.length === 0
        ? 'no source covers it'
        : `only ${baselineSources.length ? ctx.baselineName : ctx.candidateName} has facts for it`;
  } else if (facts === 0 && [...baselineSources, ...candidateSources].every((s) => derived.has(s))) {
    // Only derived evidence, and it found nothing on either side: that is not parity, it is silence.
    result.status = 'unknown';
    result.note = 'no source covers it, and the configuration names nothing for it';
  } else if (open > 0) {
    result.status = 'drift';
  } else if (!paired && facts > 0) {
    // Facts on both sides, none under one key (`prod-api` and `staging-api`, no rename): what
    // was there to compare was never compared, so equality is not shown.
    result.status = 'unknown';
    result.note =
      'no fact of one side pairs with one of the other (names differ: see `rename` in parity.yaml)';
  } else if (unknown.length > 0 || uncompared.has(dimension)) {
    // Equal where both sides were seen, but some of it was seen on one side only, or read and
    // not compared (a cycle, a size limit): not parity.
    result.status = 'unknown';
  } else if (sharedOnly) {
    // The same Dockerfile lines read for both are no evidence that the environments agree.
    result.status = 'unknown';
    result.note = 'only lines both environments share were read for it';
  }
  if (uncompared.has(dimension)) {
    const note = `${plural(uncompared.get(dimension) ?? 0, 'value')} could not be compared (see the skips)`;
    result.note = result.note ? `${result.note}; ${note}` : note;
  }
  if (unknown.length > 0) {
    const subjects = unknown.reduce((n, u) => n + u.subjects, 0);
    const why = unknown.every((u) => / has no source that reads /.test(u.reason))
      ? 'the other side has no source that reads them'
      : 'a source that would show them was not read';
    const note = `${subjects} subject${subjects === 1 ? '' : 's'} on one side only not compared: ${why}`;
    result.note = result.note ? `${result.note}; ${note}` : note;
  }
  return result;
}

/** One entry per side, key prefix and reason: the subjects that could not be judged. */
function groupUnjudged(unjudged: readonly UnjudgedPair[]): UnknownSubjects[] {
  const groups = new Map<string, { entry: UnknownSubjects; subjects: Set<string> }>();
  // A scan rule may name a key its pair was already set aside for: count each key once.
  const seen = new Set<string>();
  for (const u of unjudged) {
    if (seen.has(`${u.side}\u0000${u.key}`)) continue;
    seen.add(`${u.side}\u0000${u.key}`);
    const id = `${u.side}\u0000${u.gap.prefix}\u0000${u.gap.reason}`;
    let group = groups.get(id);
    if (!group) {
      group = {
        entry: {
          dimension: u.dimension,
          side: u.side,
          prefix: u.gap.prefix,
          subjects: 0,
          facts: 0,
          examples: [],
          reason: u.gap.reason,
        },
        subjects: new Set(),
      };
      groups.set(id, group);
    }
    group.entry.facts++;
    // The subject is the thing named after the category: `checkout` in infra/workload/checkout/...
    group.subjects.add(u.key.split('/')[2] ?? u.subject);
  }
  return [...groups.values()].map(({ entry, subjects }) => ({
    ...entry,
    subjects: subjects.size,
    examples: [...subjects].sort().slice(0, 5),
  }));
}

/**
 * Dimensions whose every fact, on both sides, was read from the same file lines (one Dockerfile, a
 * shared base values file): nothing specific to either environment was seen there. Facts without a
 * file (a database, a query) are each side's own.
 */
function sharedFilesOnly(
  baseline: ReadonlyMap<string, Fact>,
  candidate: ReadonlyMap<string, Fact>,
): Set<Dimension> {
  // Per dimension: the lines read in each file (no string per fact), and whether a fact had no file.
  type Places = { files: Map<string, Set<number | undefined>>; unfiled: boolean };
  const places = (map: ReadonlyMap<string, Fact>) => {
    const out = new Map<Dimension, Places>();
    for (const f of map.values()) {
      let p = out.get(f.dimension);
      if (!p) {
        p = { files: new Map(), unfiled: false };
        out.set(f.dimension, p);
      }
      const file = f.origin.file;
      if (!file) {
        p.unfiled = true;
        continue;
      }
      let lines = p.files.get(file);
      if (!lines) {
        lines = new Set();
        p.files.set(file, lines);
      }
      lines.add(f.origin.line);
    }
    return out;
  };
  const [b, c] = [places(baseline), places(candidate)];
  const out = new Set<Dimension>();
  for (const [dimension, mine] of b) {
    const theirs = c.get(dimension);
    if (!theirs || mine.unfiled || theirs.unfiled || mine.files.size !== theirs.files.size) continue;
    const same = [...mine.files].every(([file, lines]) => {
      const other = theirs.files.get(file);
      return other !== undefined && other.size === lines.size && [...lines].every((l) => other.has(l));
    });
    if (same) out.add(dimension);
  }
  return out;
}

/**
 * Sources that read nothing or only part (a file or document not read), counted by every dimension
 * they produce or would produce: what the unread part held is unknown, so no parity there.
 */
function partlyRead(snapshots: readonly Snapshot[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of snapshots) {
    for (const c of s.coverage) {
      if (c.read !== 'partial' && c.read !== 'none') continue;
      const dims = new Set<string>([
        ...c.dimensions,
        ...(c.produces ?? []).map((p) => p.split('/')[0] ?? ''),
      ]);
      for (const d of dims) if (d) out.set(d, (out.get(d) ?? 0) + 1);
    }
  }
  return out;
}

/** Skips naming a key prefix they left uncompared, counted by the prefix's dimension. */
function uncomparedByDimension(skips: readonly Skip[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const skip of skips) {
    const dimension = skip.key?.split('/')[0];
    if (dimension) out.set(dimension, (out.get(dimension) ?? 0) + 1);
  }
  return out;
}
