import type { Fact, Origin } from '../../model/fact.js';
import { makeFact } from '../../model/make-fact.js';
import { asList, asObj, asString, type Obj, show } from '../shape.js';
import { type Ctx, describeObject, type K8sObject, lookup, originIn } from './context.js';
import { apiGroup } from './kinds.js';
import { isWorkload, podTemplate } from './workload.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';
export const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);
/** One rule with many verbs, resources and names multiplies out; past this it is summarised by a skip. */
const MAX_GRANTS_PER_RULE = 2000;
/** Kubernetes' own ClusterRoles, which manifests bind without defining. */
const BUILT_IN_ROLES = new Set(['cluster-admin', 'admin', 'edit', 'view']);

/** What one subject is granted across all bindings. */
interface Grant {
  permissions: Set<string>;
  clusterAdmin: boolean;
  origin: Origin;
  /** The binding that makes the subject cluster-admin, when one does. */
  adminOrigin?: Origin;
  serviceAccount: boolean;
}

/** True for the RBAC kinds read here rather than object by object. */
export function isRbacObject(o: K8sObject): boolean {
  return RBAC_KINDS.has(o.kind) && apiGroup(o.apiVersion) === RBAC_GROUP;
}

/**
 * `access/rbac/<subject>/permissions` and `cluster-admin` for every subject of a RoleBinding or
 * ClusterRoleBinding. Subjects are service accounts by name, `user:<name>` and `group:<name>`;
 * service accounts also get `used-by-workload`, so rules can tell a pod's account from a person.
 * When the files hold any binding, service accounts that workloads use and no binding names get
 * an empty permission set: the files define RBAC, and these accounts are granted nothing there.
 */
export function rbacFacts(ctx: Ctx, objects: readonly K8sObject[]): Fact[] {
  const roles = new Map<string, K8sObject[]>();
  const clusterRoles: K8sObject[] = [];
  const bindings: K8sObject[] = [];
  for (const o of objects) {
    if (!isRbacObject(o)) continue;
    if (o.kind === 'Role' || o.kind === 'ClusterRole') {
      const key = `${o.kind}/${o.name}`;
      const list = roles.get(key);
      if (list) list.push(o);
      else roles.set(key, [o]);
      if (o.kind === 'ClusterRole') clusterRoles.push(o);
    } else bindings.push(o);
  }
  const grants = new Map<string, Grant>();
  for (const binding of bindings) readBinding(ctx, binding, roles, clusterRoles, grants);
  if (bindings.length === 0) return [];
  const used = workloadAccounts(ctx, objects);
  for (const [account, origin] of used) {
    if (!grants.has(account)) {
      grants.set(account, { permissions: new Set(), clusterAdmin: false, origin, serviceAccount: true });
    }
  }
  const facts: Fact[] = [];
  for (const [subject, grant] of [...grants].sort((a, b) => a[0].localeCompare(b[0]))) {
    facts.push(
      makeFact({
        dimension: 'access',
        path: ['rbac', subject, 'permissions'],
        value: [...grant.permissions].sort(),
        compare: 'set',
        origin: grant.origin,
      }),
      makeFact({
        dimension: 'access',
        path: ['rbac', subject, 'cluster-admin'],
        value: grant.clusterAdmin,
        origin: grant.adminOrigin ?? grant.origin,
      }),
    );
    if (!grant.serviceAccount) continue;
    facts.push(
      makeFact({
        dimension: 'access',
        path: ['rbac', subject, 'used-by-workload'],
        value: used.has(subject),
        origin: used.get(subject) ?? grant.origin,
      }),
    );
  }
  return facts;
}

function readBinding(
  ctx: Ctx,
  binding: K8sObject,
  roles: Map<string, K8sObject[]>,
  clusterRoles: readonly K8sObject[],
  grants: Map<string, Grant>,
): void {
  const ref = asObj(binding.obj.roleRef);
  const refKind = asString(ref?.kind);
  const refName = asString(ref?.name);
  if (!ref || !refName || (refKind !== 'Role' && refKind !== 'ClusterRole')) {
    skip(
      ctx,
      binding,
      ref ?? binding.obj,
      ref ? 'kind' : 'roleRef',
      `${describeObject(binding)}: expected roleRef with kind Role or ClusterRole and a name`,
    );
    return;
  }
  const role = lookup(roles, `${refKind}/${refName}`, binding.namespace);
  const permissions = role
    ? rolePermissions(ctx, role, clusterRoles)
    : refName === 'cluster-admin' && refKind === 'ClusterRole'
      ? new Set(['*:*/*'])
      : new Set([`${refKind.toLowerCase()}:${refName}`]);
  if (!role && !BUILT_IN_ROLES.has(refName) && !refName.startsWith('system:')) {
    skip(
      ctx,
      binding,
      ref,
      'name',
      `${describeObject(binding)}: ${refKind} ${refName} is not in the files; its permissions are recorded as \`${refKind.toLowerCase()}:${refName}\``,
    );
  }
  const clusterAdmin =
    binding.kind === 'ClusterRoleBinding' &&
    refKind === 'ClusterRole' &&
    (refName === 'cluster-admin' || permissions.has('*:*/*'));
  const subjects = binding.obj.subjects;
  if (subjects !== undefined && subjects !== null && !Array.isArray(subjects)) {
    skip(ctx, binding, binding.obj, 'subjects', `${describeObject(binding)}: subjects: expected a list`);
    return;
  }
  for (const entry of asList(subjects)) {
    const subject = subjectName(entry);
    if (!subject) {
      skip(
        ctx,
        binding,
        entry,
        undefined,
        `${describeObject(binding)}: subject: expected kind ServiceAccount, User or Group and a name, got ${show(entry)}`,
      );
      continue;
    }
    let grant = grants.get(subject);
    if (!grant) {
      grant = {
        permissions: new Set(),
        clusterAdmin: false,
        origin: originIn(ctx.source, binding, entry),
        serviceAccount: asString(asObj(entry)?.kind) === 'ServiceAccount',
      };
      grants.set(subject, grant);
    }
    for (const p of permissions) grant.permissions.add(p);
    if (clusterAdmin && !grant.clusterAdmin) {
      grant.clusterAdmin = true;
      grant.adminOrigin = originIn(ctx.source, binding, entry);
    }
  }
}

function subjectName(entry: unknown): string | undefined {
  const subject = asObj(entry);
  const kind = asString(subject?.kind);
  const name = asString(subject?.name);
  if (!name) return undefined;
  if (kind === 'ServiceAccount') return name;
  if (kind === 'User') return `user:${name}`;
  if (kind === 'Group') return `group:${name}`;
  return undefined;
}

/** Permissions a Role or ClusterRole grants, with an aggregated ClusterRole's members folded in. */
function rolePermissions(ctx: Ctx, role: K8sObject, clusterRoles: readonly K8sObject[]): Set<string> {
  const out = new Set<string>();
  rulesInto(ctx, role, out);
  const selectors = asList(asObj(role.obj.aggregationRule)?.clusterRoleSelectors);
  for (const entry of selectors) {
    const selector = asObj(entry);
    const matchLabels = asObj(selector?.matchLabels);
    if (!matchLabels || selector?.matchExpressions !== undefined) {
      skip(
        ctx,
        role,
        entry,
        undefined,
        `${describeObject(role)}: aggregationRule selector: only matchLabels is read`,
      );
      continue;
    }
    for (const member of clusterRoles) {
      if (member === role) continue;
      const labels = asObj(asObj(member.obj.metadata)?.labels) ?? {};
      if (Object.entries(matchLabels).every(([k, v]) => labels[k] === v)) rulesInto(ctx, member, out);
    }
  }
  return out;
}

function rulesInto(ctx: Ctx, role: K8sObject, out: Set<string>): void {
  const rules = role.obj.rules;
  if (rules !== undefined && rules !== null && !Array.isArray(rules)) {
    skip(ctx, role, role.obj, 'rules', `${describeObject(role)}: rules: expected a list`);
    return;
  }
  for (const entry of asList(rules)) {
    const rule = asObj(entry);
    const granted = rule ? ruleGrants(rule) : undefined;
    if (granted === undefined) {
      skip(
        ctx,
        role,
        entry,
        undefined,
        `${describeObject(role)}: rule: expected verbs with apiGroups and resources, or nonResourceURLs`,
      );
      continue;
    }
    if (granted.length > MAX_GRANTS_PER_RULE) {
      skip(
        ctx,
        role,
        entry,
        undefined,
        `${describeObject(role)}: rule grants ${granted.length} verb/resource/name combinations; more than ${MAX_GRANTS_PER_RULE} are not listed`,
      );
      continue;
    }
    for (const g of granted) out.add(g);
  }
}

/**
 * A rule as `verb:group/resource[/name]` strings (`core` for the empty group, subresources as
 * RBAC writes them, `pods/log`), and `verb:/url` for nonResourceURLs; `*` kept as is.
 */
export function ruleGrants(rule: Obj): string[] | undefined {
  const verbs = strings(rule.verbs);
  if (!verbs || verbs.length === 0) return undefined;
  const urls = strings(rule.nonResourceURLs);
  const out: string[] = [];
  if (urls)
    for (const verb of verbs)
      for (const url of urls) out.push(`${verb}:${url.startsWith('/') || url === '*' ? url : `/${url}`}`);
  if (rule.resources === undefined && urls) return out;
  const groups = strings(rule.apiGroups);
  const resources = strings(rule.resources);
  if (!groups || groups.length === 0 || !resources || resources.length === 0) return undefined;
  const names = strings(rule.resourceNames) ?? [];
  for (const verb of verbs) {
    for (const group of groups) {
      for (const resource of resources) {
        const base = `${verb}:${group === '' ? 'core' : group}/${resource}`;
        if (names.length === 0) out.push(base);
        for (const name of names) out.push(`${base}/${name}`);
        if (out.length > MAX_GRANTS_PER_RULE) return out;
      }
    }
  }
  return out;
}

function strings(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return undefined;
  return value as string[];
}

/** Service accounts workloads run as (`default` when unset), with the first pod spec naming each. */
function workloadAccounts(ctx: Ctx, objects: readonly K8sObject[]): Map<string, Origin> {
  const out = new Map<string, Origin>();
  for (const o of objects) {
    if (!isWorkload(o) || ctx.index.present.has(ownerKey(o))) continue;
    const spec = asObj(podTemplate(o)?.spec);
    if (!spec) continue;
    const field = 'serviceAccountName' in spec ? 'serviceAccountName' : 'serviceAccount';
    const account = asString(spec[field]) || 'default';
    if (!out.has(account))
      out.set(account, originIn(ctx.source, o, spec, asString(spec[field]) ? field : undefined));
  }
  return out;
}

/** `Kind/name` of the first owner, so ReplicaSets of a Deployment do not add their account twice. */
function ownerKey(o: K8sObject): string {
  const owner = asObj(asList(asObj(o.obj.metadata)?.ownerReferences)[0]);
  return owner ? `${asString(owner.kind)}/${asString(owner.name)}` : '';
}

function skip(ctx: Ctx, o: K8sObject, node: unknown, key: string | undefined, reason: string): void {
  ctx.skips.push({ ...originIn(ctx.source, o, node, key), reason });
}
