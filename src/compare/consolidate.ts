import type { Dimension } from '../model/dimension.js';
import { severityRank } from '../model/dimension.js';
import type { Divergence, GroupMember, Side } from '../model/divergence.js';
import { isSecret } from '../model/fact.js';
import { formatValue } from '../rule-kit/values.js';
import { byRisk } from './engine.js';
import {
  type EnvironmentDomain,
  type EnvironmentTokens,
  type EnvironmentWords,
  environmentDomain,
  environmentWords,
  keyWithoutNames,
} from './environment-names.js';
import { ENVIRONMENT_NAMES, ENVIRONMENT_NAMES_RISK, ENVIRONMENT_NAMES_TITLE } from './group-rules.js';
import { imagePattern } from './image-pattern.js';

/**
 * After the rules, before the report: one finding per real difference. An endpoint the
 * integrations rules report is not reported again by the config rules for the variable it was
 * read from; values that differ only by the environments' own names become one low finding per
 * dimension; one rule's same difference on many subjects becomes one row listing
 * them. Pure; decided findings are never passed in, and repeats are dropped before decisions
 * (dropRepeated, see pipeline/compare.ts).
 */
export interface ConsolidateContext {
  baselineName: string;
  candidateName: string;
  tokens: EnvironmentTokens;
}

export { ENVIRONMENT_NAMES } from './group-rules.js';

/** Same rule, same difference: at least this many subjects make one grouped row. */
export const MIN_SAME_PATTERN = 3;

export function consolidate(found: readonly Divergence[], context: ConsolidateContext): Divergence[] {
  const ctx = { ...context, tokens: { ...context.tokens, domains: learnDomains(found, context.tokens) } };
  const { rest, groups } = groupEnvironmentNames(found, ctx);
  return [...groupSamePattern(rest, ctx), ...groups].sort(byRisk);
}

const originKey = (side: Side | undefined) =>
  side ? `${side.origin.source}\u0000${side.origin.file ?? ''}\u0000${side.origin.line ?? ''}` : '';

/**
 * A config finding read from the same lines, on both sides, as an integrations finding says the
 * same difference again (CASE_NOTES_API_URL is both a variable and the endpoint it names): the
 * integrations finding, which knows what the host is, is kept. Run on every finding before any
 * decision applies: a decision on the endpoint must not bring its variable back as a new finding.
 */
export function dropRepeated(found: readonly Divergence[]): Divergence[] {
  const told = new Set<string>();
  const configAt = new Map<string, number>();
  const at = (d: Divergence) => `${originKey(d.baseline)}\u0001${originKey(d.candidate)}`;
  for (const d of found) {
    if (d.dimension === 'integrations' && d.baseline?.origin.file && d.candidate?.origin.file)
      told.add(at(d));
    if (d.dimension === 'config') configAt.set(at(d), (configAt.get(at(d)) ?? 0) + 1);
  }
  if (told.size === 0) return [...found];
  // Lines several config findings share (a one-line JSON file) do not say which one the endpoint is.
  return found.filter((d) => !(d.dimension === 'config' && told.has(at(d)) && configAt.get(at(d)) === 1));
}

/** Each environment's own domain, from values that are nothing but a host name (`externalDomainSuffix`). */
function learnDomains(found: readonly Divergence[], tokens: EnvironmentTokens): EnvironmentDomain[] {
  const out = new Map<string, EnvironmentDomain>();
  for (const d of found) {
    const b = text(d.baseline);
    const c = text(d.candidate);
    if (d.kind !== 'differs' || b === undefined || c === undefined) continue;
    const domain = environmentDomain(b, c, tokens);
    if (domain) out.set(`${domain.side}\u0000${domain.long}\u0000${domain.short}`, domain);
  }
  // The longest first: `staging.example.org` before `example.org`.
  return [...out.values()].sort((x, y) => y.long.length - x.long.length);
}

function text(side: Side | undefined): string | undefined {
  if (!side) return undefined;
  const v = side.value;
  if (isSecret(v)) return v.redacted;
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.join(', ');
  return undefined;
}

/**
 * A known provider's own settings (`integrations/auth0/host`): a tenant of its own per environment
 * is what its rule explains (rules, connections and limits untested), not a name.
 */
const PROVIDER_KEY = /^integrations\/(?!endpoint\/|host\/)[^/]+\//;

const groupable = (d: Divergence) => severityRank(d.severity) <= severityRank('medium') && !d.decision;

function member(d: Divergence, candidate?: Divergence): GroupMember {
  const out: GroupMember = { rule: d.rule, key: d.key, severity: d.severity, message: d.message };
  const b = d.baseline;
  const c = candidate ? candidate.candidate : d.candidate;
  if (b) out.baseline = b;
  if (c) out.candidate = c;
  if (candidate) {
    out.candidateKey = candidate.key;
    out.message = `${d.message}; ${candidate.message}`;
  }
  return out;
}

/** Keys of one-sided findings pair up when they differ only by environment names (PROD_HOST, STAGING_HOST). */
function keyPairs(
  divergences: readonly Divergence[],
  ctx: ConsolidateContext,
): Map<Divergence, { partner: Divergence; words?: EnvironmentWords }> {
  const out = new Map<Divergence, { partner: Divergence; words?: EnvironmentWords }>();
  const only = (kind: string) => divergences.filter((d) => d.kind === kind && groupable(d));
  // Candidate keys by their words without environment names: one lookup per baseline key.
  const byWords = new Map<string, Divergence[]>();
  for (const c of only('only-candidate')) {
    const { words } = keyWithoutNames(c.key, 'candidate', ctx.tokens);
    const id = `${c.dimension}\u0000${words}`;
    const list = byWords.get(id);
    if (list) list.push(c);
    else byWords.set(id, [c]);
  }
  for (const b of only('only-baseline')) {
    const { words } = keyWithoutNames(b.key, 'baseline', ctx.tokens);
    const matches = (byWords.get(`${b.dimension}\u0000${words}`) ?? []).filter(
      (c) =>
        !out.has(c) &&
        environmentWords(b.key, c.key, ctx.tokens) !== undefined &&
        sameOrNamed(text(b.baseline), text(c.candidate), ctx),
    );
    // Two candidates for one baseline key: which is its partner is a guess; leave both alone.
    if (matches.length !== 1) continue;
    const partner = matches[0]!;
    out.set(b, { partner, words: environmentWords(b.key, partner.key, ctx.tokens)! });
    out.set(partner, { partner: b });
  }
  return out;
}

function sameOrNamed(b: string | undefined, c: string | undefined, ctx: ConsolidateContext): boolean {
  if (b === undefined || c === undefined) return false;
  return b === c || environmentWords(b, c, ctx.tokens) !== undefined;
}

const names = (ctx: ConsolidateContext) => ({ baseline: ctx.baselineName, candidate: ctx.candidateName });

function groupEnvironmentNames(
  divergences: readonly Divergence[],
  ctx: ConsolidateContext,
): { rest: Divergence[]; groups: Divergence[] } {
  const rest: Divergence[] = [];
  const byDimension = new Map<Dimension, { words: [Set<string>, Set<string>]; members: GroupMember[] }>();
  const add = (dimension: Dimension, found: EnvironmentWords, m: GroupMember) => {
    const entry = byDimension.get(dimension) ?? { words: [new Set(), new Set()], members: [] };
    for (const w of found.baseline) entry.words[0].add(w);
    for (const w of found.candidate) entry.words[1].add(w);
    entry.members.push(m);
    byDimension.set(dimension, entry);
  };
  const pairs = keyPairs(divergences, ctx);
  for (const d of divergences) {
    const paired = pairs.get(d);
    if (paired) {
      // The baseline finding carries the pair; its partner is folded in with it.
      if (paired.words) add(d.dimension, paired.words, member(d, paired.partner));
      continue;
    }
    const b = text(d.baseline);
    const c = text(d.candidate);
    const found =
      d.kind === 'differs' && groupable(d) && !PROVIDER_KEY.test(d.key) && b !== undefined && c !== undefined
        ? environmentWords(b, c, ctx.tokens)
        : undefined;
    if (found) add(d.dimension, found, member(d));
    else rest.push(d);
  }
  const groups = [...byDimension].map(([dimension, { words, members }]) => {
    const say = (set: Set<string>) => (set.size ? [...set].sort().join(', ') : '(none)');
    const pattern = `${ctx.baselineName}: ${say(words[0])}; ${ctx.candidateName}: ${say(words[1])}`;
    return grouped({
      rule: `${dimension}.${ENVIRONMENT_NAMES}`,
      dimension,
      key: `${dimension}/group/${ENVIRONMENT_NAMES}`,
      severity: 'low',
      title: ENVIRONMENT_NAMES_TITLE,
      message: `names differ by environment: ${count(members.length, 'value')} (${pattern}): ${preview(members)}`,
      risk: ENVIRONMENT_NAMES_RISK,
      pattern,
      members,
    });
  });
  return { rest, groups };
}

/** Several findings of one rule with one difference (19 images: staging `latest`, production pinned). */
function groupSamePattern(divergences: readonly Divergence[], ctx: ConsolidateContext): Divergence[] {
  const buckets = new Map<string, Divergence[]>();
  const out: Divergence[] = [];
  for (const d of divergences) {
    // A high or critical finding joins a row only with those read from the very same two lines: one
    // value written once (a top-level default) and inherited by many subjects is one difference.
    const serious = !groupable(d) && !d.decision && d.baseline?.origin.line && d.candidate?.origin.line;
    const signature = groupable(d) || serious ? signatureOf(d, ctx) : undefined;
    if (!signature) {
      out.push(d);
      continue;
    }
    const lines = serious ? `\u0000${originKey(d.baseline)}\u0001${originKey(d.candidate)}` : '';
    const id = `${d.rule}\u0000${d.kind}\u0000${signature}${lines}`;
    // Pushed, not copied: a bucket of thousands of findings (one replica ratio on every workload)
    // grew by copying itself on every member, quadratic in the estate's size.
    const bucket = buckets.get(id);
    if (bucket) bucket.push(d);
    else buckets.set(id, [d]);
  }
  for (const [id, members] of buckets) {
    if (members.length < MIN_SAME_PATTERN) {
      out.push(...members);
      continue;
    }
    const first = members[0]!;
    const pattern = id.split('\u0000')[2]!;
    const worst = members.reduce(
      (a, m) => (severityRank(m.severity) > severityRank(a) ? m.severity : a),
      first.severity,
    );
    out.push(
      grouped({
        rule: first.rule,
        dimension: first.dimension,
        // Rows of serious findings are per pair of lines: the key names both.
        key: `${first.dimension}/group/${first.rule}/${slug(pattern)}${groupable(first) ? '' : `/${slug(lineOf(first.baseline))}/${slug(lineOf(first.candidate))}`}`,
        severity: worst,
        title: first.title,
        message: `the same difference on ${count(members.length, 'subject')} (${pattern}): ${preview(members.map((m) => member(m)))}`,
        risk: first.risk,
        pattern,
        members: members.map((m) => member(m)),
      }),
    );
  }
  return out;
}

/** What a finding's difference is, subject aside; undefined when it has no comparable values. */
function signatureOf(d: Divergence, ctx: ConsolidateContext): string | undefined {
  const b = d.baseline ? formatValue(d.baseline.value, d.baseline.unit) : '(absent)';
  const c = d.candidate ? formatValue(d.candidate.value, d.candidate.unit) : '(absent)';
  if (/\/image$/.test(d.key)) return imagePattern(text(d.baseline), text(d.candidate), names(ctx));
  if (isSecret(d.baseline?.value) || isSecret(d.candidate?.value)) return undefined;
  return `${ctx.baselineName} ${b}, ${ctx.candidateName} ${c}`;
}

function grouped(g: {
  rule: string;
  dimension: Dimension;
  key: string;
  severity: Divergence['severity'];
  title: string;
  message: string;
  risk: string;
  pattern: string;
  members: GroupMember[];
}): Divergence {
  return {
    rule: g.rule,
    dimension: g.dimension,
    key: g.key,
    kind: 'differs',
    severity: g.severity,
    title: g.title,
    message: g.message,
    risk: g.risk,
    group: { pattern: g.pattern, members: [...g.members].sort((a, b) => a.key.localeCompare(b.key)) },
  };
}

const PREVIEW = 3;

/** The first few subjects, then how many more: the report's line stays short, JSON has them all. */
function preview(members: readonly GroupMember[]): string {
  const keys = [...members].map((m) => shortKey(m.key)).sort();
  const shown = keys.slice(0, PREVIEW).join(', ');
  return keys.length > PREVIEW ? `${shown} and ${keys.length - PREVIEW} more` : shown;
}

/** `config/env/generic-service/HMPPS_AUTH_URL` -> `generic-service/HMPPS_AUTH_URL`. */
function shortKey(key: string): string {
  const parts = key.split('/');
  if (parts[1] === 'workload' && parts[3] === 'container') return `${parts[2]}/${parts[4]}`;
  if (parts[1] === 'endpoint') return parts[2] ?? key;
  return parts.slice(2).join('/') || key;
}

const lineOf = (side: Side | undefined) => `${side?.origin.file}:${side?.origin.line}`;

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

function slug(pattern: string): string {
  return pattern
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
}
