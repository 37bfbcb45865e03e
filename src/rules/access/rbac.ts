import type { Fact } from '../../model/fact.js';
import type { Finding, Rule, RuleContext } from '../../rule-kit/types.js';
import { describePermissions, parsePermission, uncovered } from './rbac-permissions.js';

const PERMISSIONS = /^access\/rbac\/([^/]+)\/permissions$/;
const CLUSTER_ADMIN = /^access\/rbac\/([^/]+)\/cluster-admin$/;
const SERVICE_ACCOUNT = /^access\/workload\/([^/]+)\/service-account$/;
/**
 * Environment words teams put around names (`checkout-stg`, `prod-checkout`). Rules see keys after
 * `rename:` but values as written, so a workload's account name is compared without these words.
 */
const ENV_AFFIX =
  /^(?:(?:stg|staging|stage|prd|prod|production|dev|development|qa|test|uat|preprod|sandbox)[-_.])|(?:[-_.](?:stg|staging|stage|prd|prod|production|dev|development|qa|test|uat|preprod|sandbox))$/gi;
const WRITE_VERBS = new Set([
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
  'escalate',
  'bind',
  'impersonate',
]);

function list(fact: Fact | undefined): string[] {
  return Array.isArray(fact?.value) ? fact.value : [];
}

/** `service account checkout`, `user alice`, `group developers`. */
function subjectLabel(subject: string): string {
  if (subject.startsWith('user:')) return `user ${subject.slice(5)}`;
  if (subject.startsWith('group:')) return `group ${subject.slice(6)}`;
  return `service account ${subject}`;
}

/** The most telling first: wildcards, then secrets, then writes, so a message names what matters. */
function byDanger(a: string, b: string): number {
  return danger(b) - danger(a) || a.localeCompare(b);
}

function danger(text: string): number {
  const p = parsePermission(text);
  if (p.kind === 'role') return 1;
  let score = p.verb === '*' ? 4 : WRITE_VERBS.has(p.verb) ? 2 : 0;
  if (p.kind === 'resource') {
    if (p.resource === '*' || p.group === '*') score += 4;
    if (p.resource === 'secrets') score += 3;
  }
  return score;
}

function isClusterAdmin(map: ReadonlyMap<string, Fact>, subject: string): boolean {
  return map.get(`access/rbac/${subject}/cluster-admin`)?.value === true;
}

/** Permissions one side grants a subject that the other side's grants do not cover. */
function extra(
  key: string,
  wider: ReadonlyMap<string, Fact>,
  narrower: ReadonlyMap<string, Fact>,
): { only: string[]; subject: string } | undefined {
  const m = PERMISSIONS.exec(key);
  if (!m) return undefined;
  const only = uncovered(list(wider.get(key)), list(narrower.get(key))).sort(byDanger);
  return only.length > 0 ? { only, subject: m[1]! } : undefined;
}

function broaderMessage(subject: string, only: readonly string[], wider: string, other: string): string {
  return `${wider}'s ${subjectLabel(subject)} can ${describePermissions(only)}; ${other}'s cannot`;
}

function accountStem(value: unknown): string | undefined {
  return typeof value === 'string' ? value.replace(ENV_AFFIX, '') : undefined;
}

export const rbacRules: Rule[] = [
  {
    id: 'access.cluster-admin',
    dimension: 'access',
    severity: 'critical',
    title: 'An account is cluster-admin in the candidate only',
    risk: 'Code running as cluster-admin never meets a permission error, so what it needs is never written down: it passes staging and fails with 403 Forbidden in production. Meanwhile one compromised staging pod owns the whole cluster it runs in.',
    remedy:
      'Bind the account to a role with the permissions production grants it (or the few it needs); keep cluster-admin for break-glass people, not workloads.',
    appliesTo: (pair) => CLUSTER_ADMIN.test(pair.key),
    judge(pair, ctx) {
      if (pair.candidate?.value !== true || pair.baseline?.value === true) return null;
      const subject = CLUSTER_ADMIN.exec(pair.key)![1]!;
      const workload = ctx.candidate.get(`access/rbac/${subject}/used-by-workload`)?.value === true;
      return {
        kind: pair.baseline ? 'differs' : 'only-candidate',
        severity: workload ? 'critical' : 'high',
        message: `${ctx.candidateName}'s ${subjectLabel(subject)}${workload ? ', which workloads run as,' : ''} is bound to cluster-admin; ${ctx.baselineName}'s is not`,
      };
    },
  },
  {
    id: 'access.rbac-broader',
    dimension: 'access',
    severity: 'high',
    title: 'An account may do more in the candidate than in the baseline',
    risk: 'Code that relies on a permission only staging grants (reading a Secret, listing pods, patching a ConfigMap) passes staging and fails with 403 Forbidden in production; and a staging pod with wider rights reaches further when it is compromised.',
    remedy:
      "Grant the staging account the same Role as production's; when production needs the permission too, add it there through review.",
    appliesTo: (pair) => PERMISSIONS.test(pair.key),
    judge(pair, ctx) {
      const found = extra(pair.key, ctx.candidate, ctx.baseline);
      if (!found) return null;
      // Reported once, by access.cluster-admin.
      if (isClusterAdmin(ctx.candidate, found.subject) && !isClusterAdmin(ctx.baseline, found.subject))
        return null;
      return {
        kind: pair.baseline ? 'differs' : 'only-candidate',
        message: broaderMessage(found.subject, found.only, ctx.candidateName, ctx.baselineName),
        detail: { broader: found.only.length },
      };
    },
  },
  {
    id: 'access.rbac-narrower',
    dimension: 'access',
    severity: 'low',
    title: 'An account may do less in the candidate than in the baseline',
    risk: 'Staging cannot exercise what production’s account is allowed to do: the code paths behind those permissions (a controller that patches, a job that deletes) are disabled or failing in staging and first run for real in production.',
    remedy: "Grant the staging account production's Role, or record why staging must not have it.",
    scan(ctx: RuleContext): Finding[] {
      const out: Finding[] = [];
      for (const [key, baseline] of ctx.baseline) {
        const found = extra(key, ctx.baseline, ctx.candidate);
        if (!found) continue;
        const candidate = ctx.candidate.get(key);
        out.push({
          kind: candidate ? 'differs' : 'only-baseline',
          key,
          baseline,
          ...(candidate ? { candidate } : {}),
          message: `${broaderMessage(found.subject, found.only, ctx.baselineName, ctx.candidateName)}`,
          detail: { narrower: found.only.length },
        });
      }
      return out;
    },
  },
  {
    id: 'access.service-account-differs',
    dimension: 'access',
    severity: 'medium',
    title: 'A workload runs as a different service account',
    risk: 'The account decides what the pods may do in the cluster: with another account in staging, permission errors (or permissions production lacks) are met first in production.',
    remedy:
      'Run the workload as the same account in both environments (named alike up to the environment suffix), bound to the same Role.',
    appliesTo: (pair) => SERVICE_ACCOUNT.test(pair.key),
    judge(pair, ctx) {
      if (!pair.baseline || !pair.candidate) return null; // a one-sided workload is reported by the workload rules
      const b = pair.baseline.value;
      const c = pair.candidate.value;
      if (b === c || accountStem(b) === accountStem(c)) return null;
      const workload = SERVICE_ACCOUNT.exec(pair.key)![1]!;
      return {
        kind: 'differs',
        message: `${workload} runs as service account ${String(c)} in ${ctx.candidateName} and ${String(b)} in ${ctx.baselineName}`,
      };
    },
  },
];
