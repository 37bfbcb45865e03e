import { table } from '../../lookup.js';
import { protectValue } from '../secrets.js';
import { asList, asObj, asString } from '../shape.js';
import { describeResource, emitFact, skipAt, type TfEmit } from './emit.js';
import { blockStatements, grantsOf, parsePolicyJson, type Statement } from './policy-document.js';
import { subjectOf, type TfResource } from './resources.js';

/** Beyond this many action x resource pairs a policy is compared by its action and resource sets only. */
export const MAX_GRANTS = 1000;

type Kind = 'role' | 'user' | 'group' | 'policy' | 'document';

interface Principal {
  /** `role:app`, `policy:deploy`, ...: the key segment. */
  id: string;
  line: number;
  statements: Statement[];
  /** Attached policies whose documents are not in the file (AWS managed ones, other states). */
  managed: Set<string>;
  trusted: Set<string>;
}

interface Policy {
  subject: string;
  statements: Statement[];
  line: number;
  attached: boolean;
}

/** AWS managed policies that grant everything (PowerUserAccess: all but IAM and Organizations). */
const BROAD_MANAGED = table<Statement>({
  AdministratorAccess: allow(['*'], []),
  PowerUserAccess: allow([], ['iam:*', 'organizations:*', 'account:*']),
});

const ATTACHMENTS = table<Kind>({
  aws_iam_role_policy_attachment: 'role',
  aws_iam_user_policy_attachment: 'user',
  aws_iam_group_policy_attachment: 'group',
});
const INLINE = table<Kind>({
  aws_iam_role_policy: 'role',
  aws_iam_user_policy: 'user',
  aws_iam_group_policy: 'group',
});

/**
 * `access/iam/<kind>:<name>/...` per role, user and group: what its inline and attached policies
 * allow (actions, resources, action x resource grants), what they deny, and for roles who may
 * assume them. Policies attached to nothing in the file, and policy documents no policy uses,
 * stand as `policy:<name>` and `document:<name>`.
 */
export function iamFacts(out: TfEmit, resources: readonly TfResource[]): void {
  const principals = new Map<string, Principal>();
  const names = new Map<string, string>(); // `role:<cloud name>` -> principal id
  const policies = new Map<string, Policy>(); // by ARN
  const used = new Set<string>();
  const managed = resources.filter((r) => r.mode === 'managed');
  const read = (r: TfResource, text: unknown): Statement[] => {
    const statements = readPolicy(out, r, text);
    used.add(signature(statements));
    return statements;
  };

  for (const r of managed) {
    const kind = r.type.replace(/^aws_iam_/, '');
    if (r.type === 'aws_iam_role' || r.type === 'aws_iam_user' || r.type === 'aws_iam_group') {
      const p = principal(principals, `${kind}:${subjectOf(r)}`, r.line);
      const name = asString(r.values.name);
      if (name) names.set(`${kind}:${name}`, p.id);
      if (r.type !== 'aws_iam_role') continue;
      for (const s of readPolicy(out, r, r.values.assume_role_policy))
        for (const who of s.principals) p.trusted.add(who);
      for (const block of asList(r.values.inline_policy)) {
        const text = asObj(block)?.policy;
        if (typeof text === 'string' && text !== '') p.statements.push(...read(r, text));
      }
    } else if (r.type === 'aws_iam_policy') {
      const arn = asString(r.values.arn) ?? `${r.address}`;
      policies.set(arn, {
        subject: subjectOf(r),
        statements: read(r, r.values.policy),
        line: r.line,
        attached: false,
      });
    }
  }
  const owner = (kind: Kind, name: string | undefined, r: TfResource): Principal | undefined => {
    if (!name) {
      skipAt(out, r.line, `${describeResource(r)}: its ${kind} is known only after apply`);
      return undefined;
    }
    return principal(principals, names.get(`${kind}:${name}`) ?? `${kind}:${name}`, r.line);
  };
  const attach = (p: Principal, arn: string) => {
    const policy = policies.get(arn);
    if (policy) {
      policy.attached = true;
      p.statements.push(...policy.statements);
      return;
    }
    const short = arn.replace(/^arn:aws[\w-]*:iam::(aws|\d+):policy\//, (_, account) =>
      account === 'aws' ? 'aws:' : '',
    );
    p.managed.add(short);
    const broad = BROAD_MANAGED[short.replace(/^aws:/, '')];
    if (broad && short.startsWith('aws:')) p.statements.push(broad);
  };

  for (const r of managed) {
    const inline = INLINE[r.type];
    const attachment = ATTACHMENTS[r.type];
    if (inline) {
      const p = owner(inline, asString(r.values[inline]), r);
      if (p) p.statements.push(...read(r, r.values.policy));
    } else if (attachment) {
      const p = owner(attachment, asString(r.values[attachment]), r);
      const arn = asString(r.values.policy_arn);
      if (p && arn) attach(p, arn);
    } else if (r.type === 'aws_iam_policy_attachment') {
      const arn = asString(r.values.policy_arn);
      for (const kind of ['role', 'user', 'group'] as const) {
        for (const name of asList(r.values[`${kind}s`])) {
          const p = typeof name === 'string' ? owner(kind, name, r) : undefined;
          if (p && arn) attach(p, arn);
        }
      }
    } else if (r.type === 'aws_iam_role') {
      const p = principals.get(`role:${subjectOf(r)}`);
      for (const arn of asList(r.values.managed_policy_arns))
        if (p && typeof arn === 'string') attach(p, arn);
    }
  }
  for (const policy of policies.values()) {
    if (!policy.attached)
      principal(principals, `policy:${policy.subject}`, policy.line).statements.push(...policy.statements);
  }
  for (const r of resources) {
    if (r.mode !== 'data' || r.type !== 'aws_iam_policy_document') continue;
    const text = asString(r.values.json);
    const statements = text ? readPolicy(out, r, text) : blockStatements(r.values.statement);
    if (statements.length === 0 || used.has(signature(statements))) continue;
    principal(principals, `document:${subjectOf(r)}`, r.line).statements.push(...statements);
  }
  for (const p of principals.values()) principalFacts(out, p);
}

function principal(map: Map<string, Principal>, id: string, line: number): Principal {
  let p = map.get(id);
  if (!p) {
    p = { id: id.replace(/\//g, '%2F'), line, statements: [], managed: new Set(), trusted: new Set() };
    map.set(id, p);
  }
  return p;
}

function readPolicy(out: TfEmit, r: TfResource, text: unknown): Statement[] {
  if (typeof text !== 'string' || text === '') return [];
  const parsed = parsePolicyJson(text);
  if ('problem' in parsed) {
    skipAt(out, r.line, `${describeResource(r)}: ${parsed.problem}`);
    return [];
  }
  return parsed;
}

function principalFacts(out: TfEmit, p: Principal): void {
  const allows = p.statements.filter((s) => s.effect === 'Allow');
  const denies = p.statements.filter((s) => s.effect === 'Deny');
  const emit = (attribute: string, values: Iterable<string>, always = false) => {
    const list = [...new Set([...values].map((v) => safe(out, attribute, v)))].sort();
    if (list.length === 0 && !always) return;
    emitFact(
      out,
      { dimension: 'access', path: ['iam', p.id, attribute], value: list, compare: 'set' },
      p.line,
    );
  };
  emit(
    'actions',
    allows.flatMap((s) => (s.notActions.length > 0 ? [`not:${s.notActions.join(',')}`] : s.actions)),
    true,
  );
  emit(
    'resources',
    allows.flatMap((s) => (s.notResources.length > 0 ? [`not:${s.notResources.join(',')}`] : s.resources)),
    true,
  );
  const grants = grantsOf(p.statements, MAX_GRANTS);
  if (grants) emit('grants', grants, true);
  else
    skipAt(
      out,
      p.line,
      `${p.id}: more than ${MAX_GRANTS} action x resource grants; compared by actions and resources only`,
    );
  emit(
    'denied-actions',
    denies.flatMap((s) => (s.notActions.length > 0 ? [`not:${s.notActions.join(',')}`] : s.actions)),
  );
  emit(
    'conditions',
    p.statements.flatMap((s) => s.conditions),
  );
  emit('managed-policies', p.managed);
  emit('trusted-principals', p.trusted);
}

/** Policies hold names and ARNs, not secrets; anything that looks like one is still never shown. */
function safe(out: TfEmit, name: string, text: string): string {
  const value = protectValue(name, text, out.fingerprint);
  return typeof value === 'string' ? value : `(secret ${out.fingerprint(text).slice(0, 8)})`;
}

/** What a policy grants, to recognise a policy document that a policy in the file already uses. */
function signature(statements: readonly Statement[]): string {
  return grantsOf(statements, 20 * MAX_GRANTS)?.join('\n') ?? JSON.stringify(statements);
}

function allow(actions: string[], notActions: string[]): Statement {
  return {
    effect: 'Allow',
    actions,
    notActions,
    resources: ['*'],
    notResources: [],
    conditions: [],
    principals: [],
  };
}
