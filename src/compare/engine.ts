import { severityRank } from '../model/constants.js';
import type { Dimension } from '../model/dimension.js';
import type { Divergence, Side } from '../model/divergence.js';
import type { Fact } from '../model/fact.js';
import type { FactPair, Finding, Rule, RuleContext } from '../rule-kit/types.js';
import { formatValue } from '../rule-kit/values.js';
import type { Gap } from './reach.js';

/** Where absence on a side is not evidence (see ./reach.ts); none when omitted. */
export interface SideGaps {
  /** Gaps of the baseline: keys only the candidate has, that the baseline could not have shown. */
  baseline: (key: string) => Gap | undefined;
  candidate: (key: string) => Gap | undefined;
}

/** A one-sided pair that was not judged because the other side could not have shown it. */
export interface UnjudgedPair {
  key: string;
  /** The side that has the fact. */
  side: 'baseline' | 'candidate';
  dimension: Dimension;
  subject: string;
  gap: Gap;
}

/**
 * Step 2 of the pipeline: every key of either environment becomes a pair; the first pair rule that
 * applies owns it; scan rules then look across whole environments. A pair with both sides is
 * judged; a one-sided pair only where the absent side's sources that would have shown it were read
 * (else it goes to `unjudged`). Scan rules run in dimensions both sides cover. Pure.
 */
export function compareFacts(
  ctx: RuleContext,
  rules: readonly Rule[],
  covered: ReadonlySet<Dimension>,
  gaps?: SideGaps,
  unjudged: UnjudgedPair[] = [],
): Divergence[] {
  // A pair rule only ever sees pairs of its own dimension: bucketing saves most appliesTo calls.
  const pairRules = new Map<Dimension, Rule[]>();
  for (const r of rules) {
    if (!r.appliesTo || !r.judge) continue;
    pairRules.set(r.dimension, [...(pairRules.get(r.dimension) ?? []), r]);
  }
  const out: Divergence[] = [];
  const grouped = oneSidedWorkloads(ctx);
  const gapOf = (key: string, present: 'baseline' | 'candidate') =>
    gaps?.[present === 'baseline' ? 'candidate' : 'baseline'](key);
  // Every key once, in no particular order: pairs are judged independently. What they yield (the
  // findings, the pairs set aside) is then put in the order of their keys, as if the keys had been
  // walked sorted: ~75,000 keys of a large estate are not sorted, only the few thousand results.
  const pairUnjudged: UnjudgedPair[] = [];
  const judged: { key: string; divergence: Divergence }[] = [];
  const judge = (key: string, baseline: Fact | undefined, candidate: Fact | undefined) => {
    const pair: FactPair = { key, baseline, candidate };
    const fact = (baseline ?? candidate)!;
    const dimension = fact.dimension;
    if (!baseline || !candidate) {
      const present = baseline ? 'baseline' : 'candidate';
      const gap = gapOf(key, present);
      if (gap) {
        pairUnjudged.push({ key, side: present, dimension, subject: fact.subject, gap });
        return;
      }
      if (!gaps && !covered.has(dimension)) return;
    }
    if (isGrouped(pair, grouped)) return;
    const rule = pairRules.get(dimension)?.find((r) => r.appliesTo!(pair, ctx));
    if (!rule) return;
    const finding = rule.judge!(pair, ctx);
    if (finding) judged.push({ key, divergence: toDivergence(rule, finding, pair) });
  };
  for (const [key, baseline] of ctx.baseline) judge(key, baseline, ctx.candidate.get(key));
  for (const [key, candidate] of ctx.candidate) if (!ctx.baseline.has(key)) judge(key, undefined, candidate);
  for (const j of judged.sort(byKey)) out.push(j.divergence);
  for (const u of pairUnjudged.sort(byKey)) unjudged.push(u);
  for (const rule of rules) {
    if (!rule.scan || !(rule.anyCoverage || covered.has(rule.dimension))) continue;
    for (const finding of rule.scan(ctx)) {
      const divergence = toDivergence(rule, finding, { key: finding.key ?? '' });
      const oneSided = finding.kind === 'only-baseline' || finding.kind === 'only-candidate';
      const present = finding.kind === 'only-baseline' ? 'baseline' : 'candidate';
      // The evidence may sit under another key than the finding's (a variable the code reads is
      // told on config/code-ref/X, its absence is about config/env/.../X): both must be judgeable.
      const evidence = finding[present];
      const gap = oneSided
        ? (gapOf(divergence.key, present) ?? (evidence ? gapOf(evidence.key, present) : undefined))
        : undefined;
      if (!gap) {
        out.push(divergence);
        continue;
      }
      // A summary finding (no fact of its own) stands for facts already set aside above.
      const fact = evidence ?? ctx[present].get(divergence.key);
      if (fact) {
        unjudged.push({
          key: fact.key,
          side: present,
          dimension: fact.dimension,
          subject: fact.subject,
          gap,
        });
      }
    }
  }
  return out.sort(byRisk);
}

/** Keys in the order of `Array.prototype.sort()` (UTF-16 code units); each key appears once. */
function byKey(a: { key: string }, b: { key: string }): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function toDivergence(rule: Rule, finding: Finding, pair: FactPair): Divergence {
  const baseline = finding.baseline ?? (finding.kind === 'only-candidate' ? undefined : pair.baseline);
  const candidate = finding.candidate ?? (finding.kind === 'only-baseline' ? undefined : pair.candidate);
  const divergence: Divergence = {
    rule: rule.id,
    dimension: rule.dimension,
    key: finding.key ?? pair.key,
    kind: finding.kind,
    severity: finding.severity ?? rule.severity,
    title: rule.title,
    message: finding.message,
    risk: rule.risk,
  };
  if (baseline) divergence.baseline = side(baseline);
  if (candidate) divergence.candidate = side(candidate);
  if (finding.detail) divergence.detail = finding.detail;
  return divergence;
}

function side(fact: Fact): Side {
  return fact.unit
    ? { value: fact.value, unit: fact.unit, origin: fact.origin }
    : { value: fact.value, origin: fact.origin };
}

/** Most severe first, then by dimension order of appearance in the key, then key. */
export function byRisk(a: Divergence, b: Divergence): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    a.key.localeCompare(b.key) ||
    a.rule.localeCompare(b.rule)
  );
}

const WORKLOAD_SCOPED =
  /^(infra\/workload|access\/workload|config\/env|config\/env-from|infra\/autoscaling|infra\/pdb)\/([^/]+)\/.+/;

/**
 * Workloads that exist on one side only: their replicas, images, env and container hardening are
 * reported once, by the workload rule, instead of as dozens of one-sided facts.
 */
function oneSidedWorkloads(ctx: RuleContext): { baseline: Set<string>; candidate: Set<string> } {
  const baseline = new Set<string>();
  const candidate = new Set<string>();
  for (const [key, fact] of ctx.baseline) {
    if (fact.attribute === 'kind' && key.startsWith('infra/workload/') && !ctx.candidate.has(key))
      baseline.add(fact.subject);
  }
  for (const [key, fact] of ctx.candidate) {
    if (fact.attribute === 'kind' && key.startsWith('infra/workload/') && !ctx.baseline.has(key))
      candidate.add(fact.subject);
  }
  return { baseline, candidate };
}

function isGrouped(pair: FactPair, grouped: { baseline: Set<string>; candidate: Set<string> }): boolean {
  if (pair.baseline && pair.candidate) return false;
  const m = WORKLOAD_SCOPED.exec(pair.key);
  if (!m || pair.key.endsWith('/kind')) return false;
  const workload = m[2]!;
  // config/env/<NAME> (unscoped) has no workload segment followed by more: the regex needs one.
  return pair.baseline ? grouped.baseline.has(workload) : grouped.candidate.has(workload);
}

/** Shared message shapes, so every rule words sides the same way. */
export function sidesMessage(label: string, pair: FactPair, ctx: RuleContext): string {
  const unit = pair.baseline?.unit ?? pair.candidate?.unit;
  return `${label}: ${ctx.baselineName} ${formatValue(pair.baseline?.value, unit)}, ${ctx.candidateName} ${formatValue(pair.candidate?.value, unit)}`;
}
