import type { Fact } from '../../model/fact.js';
import { anyFact } from '../../rule-kit/helpers.js';
import type { FactPair, Finding, Rule, RuleContext } from '../../rule-kit/types.js';
import { oneSidedTerraform } from '../terraform-scope.js';
import { describeGrant, type Grant, parseGrant, uncovered } from './iam-scope.js';

const IAM_KEY = /^access\/iam\/([^/]+)\/(grants|actions|resources|trusted-principals)$/;
const SHOWN = 3;

interface Scope {
  what: string;
  /** Candidate items the baseline does not allow, and the reverse. */
  extra: Grant[];
  missing: Grant[];
  baseline: Grant[];
}

/**
 * Compares one IAM fact pair by containment after neutralising account ids and environment names.
 * `actions` and `resources` are judged only when no `grants` fact says it better (grants pair each
 * action with its resources; the separate sets cannot).
 */
function scope(pair: FactPair, ctx: RuleContext): Scope | 'absorbed' | undefined {
  const m = IAM_KEY.exec(pair.key);
  if (!m) return undefined;
  const [, principal = '', what = ''] = m;
  // Terraform read on one side only is reported once, by infra.resource-missing.
  if (oneSidedTerraform(pair, ctx)) return 'absorbed';
  if ((what === 'actions' || what === 'resources') && hasGrants(principal, ctx)) return 'absorbed';
  const read = (fact: Fact | undefined, environment: string) =>
    list(fact).map((item) => toGrant(what, item, environment));
  const baseline = read(pair.baseline, ctx.baselineName);
  const candidate = read(pair.candidate, ctx.candidateName);
  return { what, extra: uncovered(candidate, baseline), missing: uncovered(baseline, candidate), baseline };
}

function hasGrants(principal: string, ctx: RuleContext): boolean {
  const key = `access/iam/${principal}/grants`;
  return ctx.baseline.has(key) || ctx.candidate.has(key);
}

function toGrant(what: string, item: string, environment: string): Grant {
  if (what === 'grants') return parseGrant(item, environment);
  if (what === 'actions') return parseGrant(`${item} *`, environment);
  if (what === 'resources') return parseGrant(`* ${item}`, environment);
  return parseGrant(`* * to ${item}`, environment); // trusted principals
}

function list(fact: Fact | undefined): string[] {
  return fact && Array.isArray(fact.value) ? fact.value : [];
}

/** `role:app` -> `role app`. */
function principalLabel(key: string): string {
  return (key.split('/')[2] ?? '').replace(':', ' ');
}

function show(grants: readonly Grant[], what: string): string {
  const text = grants
    .slice(0, SHOWN)
    .map((g) =>
      what === 'trusted-principals'
        ? g.principals.map((p) => (p === '*' || p === 'AWS:*' ? 'anyone' : p)).join(', ')
        : describeGrant(g),
    );
  const more = grants.length > SHOWN ? ` and ${grants.length - SHOWN} more` : '';
  return `${text.join('; ')}${more}`;
}

/** What the other side allows of the same services, so the message shows both scopes. */
function related(extra: readonly Grant[], other: readonly Grant[], what: string): string {
  const services = new Set(extra.map((g) => g.action.split(':')[0]));
  const same = services.has('*')
    ? other
    : other.filter((g) => services.has(g.action.split(':')[0]) || g.action === '*');
  return same.length > 0 ? show(same, what) : 'none of it';
}

function broaderFinding(pair: FactPair, ctx: RuleContext, s: Scope): Finding {
  const label = principalLabel(pair.key);
  const verb = s.what === 'trusted-principals' ? 'trusts' : 'allows';
  const other = s.what === 'trusted-principals' ? 'trusts only' : 'allows';
  return {
    kind: pair.baseline ? 'differs' : 'only-candidate',
    message: `${label}: ${ctx.candidateName} ${verb} ${show(s.extra, s.what)}; ${ctx.baselineName} ${other} ${related(s.extra, s.baseline, s.what)}`,
    detail: { broader: s.extra.length },
  };
}

export const iamRules: Rule[] = [
  {
    id: 'access.iam-broader',
    dimension: 'access',
    severity: 'high',
    title: 'A permission is broader in staging than in production',
    risk: 'Code that works in staging because its role may do anything fails in production with AccessDenied (a missing s3:PutObject, a bucket outside the policy); and a broad staging role is a door into everything it can reach.',
    remedy:
      'Give staging the same scoped policy production has (with staging’s own resources); grant wildcards nowhere.',
    appliesTo(pair, ctx) {
      const s = scope(pair, ctx);
      return s === 'absorbed' || (s !== undefined && s.extra.length > 0);
    },
    judge(pair, ctx) {
      const s = scope(pair, ctx);
      return s && s !== 'absorbed' ? broaderFinding(pair, ctx, s) : null;
    },
  },
  {
    id: 'access.iam-narrower',
    dimension: 'access',
    severity: 'low',
    title: 'A permission production has is missing in staging',
    risk: 'Staging cannot exercise what production does with this permission: the code path behind it (an upload, a queue, a deploy step) is first run for real in production.',
    remedy: 'Grant staging the same actions on its own resources, or record where that path is tested.',
    appliesTo: (pair) => IAM_KEY.test(pair.key),
    judge(pair, ctx) {
      const s = scope(pair, ctx);
      if (!s || s === 'absorbed' || s.missing.length === 0) return null;
      const label = principalLabel(anyFact(pair).key);
      const verb = s.what === 'trusted-principals' ? 'trusts' : 'allows';
      return {
        kind: pair.candidate ? 'differs' : 'only-baseline',
        message: `${label}: ${ctx.baselineName} ${verb} ${show(s.missing, s.what)}, which ${ctx.candidateName} does not`,
        detail: { narrower: s.missing.length },
      };
    },
  },
];
