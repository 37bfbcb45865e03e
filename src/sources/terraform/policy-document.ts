import { asList, asObj, asString, type Obj } from '../shape.js';

/** One IAM policy statement, reduced to what decides how much it allows. */
export interface Statement {
  effect: 'Allow' | 'Deny';
  actions: string[];
  /** `NotAction`: everything except these. */
  notActions: string[];
  resources: string[];
  notResources: string[];
  /** Condition keys (`aws:SourceVpc`), not their values. */
  conditions: string[];
  /** `AWS:arn...`, `Service:ec2.amazonaws.com`, `*`: who may act (trust and resource policies). */
  principals: string[];
}

const MAX_POLICY_CHARS = 256 * 1024;

/** An IAM policy as JSON text (`aws_iam_policy.policy`, `aws_iam_policy_document.json`). */
export function parsePolicyJson(text: string): Statement[] | { problem: string } {
  if (text.length > MAX_POLICY_CHARS) return { problem: 'policy larger than 256 KiB' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { problem: 'policy is not valid JSON' };
  }
  const root = asObj(parsed);
  if (!root) return { problem: 'expected a policy document (a JSON object with Statement)' };
  const raw = root.Statement;
  const list = Array.isArray(raw) ? raw : asObj(raw) ? [raw] : undefined;
  if (!list) return { problem: 'expected a policy document with Statement' };
  return list.flatMap((item) => {
    const s = asObj(item);
    return s ? [jsonStatement(s)] : [];
  });
}

function jsonStatement(s: Obj): Statement {
  return {
    effect: s.Effect === 'Deny' ? 'Deny' : 'Allow',
    actions: strings(s.Action),
    notActions: strings(s.NotAction),
    resources: strings(s.Resource),
    notResources: strings(s.NotResource),
    conditions: conditionKeys(s.Condition),
    principals: [...principals(s.Principal), ...principals(s.NotPrincipal).map((p) => `not:${p}`)],
  };
}

/** `aws_iam_policy_document` statement blocks, for a data source whose `json` is not in the file. */
export function blockStatements(blocks: unknown): Statement[] {
  return asList(blocks).flatMap((item) => {
    const b = asObj(item);
    if (!b) return [];
    const conditions = asList(b.condition).flatMap((c) => {
      const variable = asString(asObj(c)?.variable);
      return variable ? [variable] : [];
    });
    const who = (field: string) =>
      asList(b[field]).flatMap((p) => {
        const type = asString(asObj(p)?.type) ?? '';
        return strings(asObj(p)?.identifiers).map((id) =>
          type === '*' || id === '*' ? '*' : `${type}:${id}`,
        );
      });
    return [
      {
        effect: b.effect === 'Deny' ? 'Deny' : 'Allow',
        actions: strings(b.actions),
        notActions: strings(b.not_actions),
        resources: strings(b.resources),
        notResources: strings(b.not_resources),
        conditions: [...new Set(conditions)].sort(),
        principals: [...who('principals'), ...who('not_principals').map((p) => `not:${p}`)],
      } satisfies Statement,
    ];
  });
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return asList(value).filter((v): v is string => typeof v === 'string');
}

function conditionKeys(value: unknown): string[] {
  const keys = new Set<string>();
  for (const operator of Object.values(asObj(value) ?? {})) {
    for (const key of Object.keys(asObj(operator) ?? {})) keys.add(key);
  }
  return [...keys].sort();
}

function principals(value: unknown): string[] {
  if (value === '*') return ['*'];
  const out: string[] = [];
  for (const [type, ids] of Object.entries(asObj(value) ?? {})) {
    for (const id of strings(ids)) out.push(id === '*' ? '*' : `${type}:${id}`);
  }
  return out;
}

/**
 * What Allow statements grant, one `<action> <resource>` per pair: `not:` for NotAction and
 * NotResource lists, ` to <principals>` in resource and trust policies, ` if <condition keys>`
 * when conditional. Undefined past `max` pairs.
 */
export function grantsOf(statements: readonly Statement[], max: number): string[] | undefined {
  const out = new Set<string>();
  for (const s of statements) {
    if (s.effect !== 'Allow') continue;
    const actions = s.notActions.length > 0 ? [`not:${s.notActions.join(',')}`] : s.actions;
    const resources =
      s.notResources.length > 0
        ? [`not:${s.notResources.join(',')}`]
        : s.resources.length > 0
          ? s.resources
          : ['*'];
    const to =
      s.principals.length > 0 ? ` to ${[...new Set(s.principals.map(squeeze))].sort().join(',')}` : '';
    const when = s.conditions.length > 0 ? ` if ${s.conditions.map(squeeze).join(',')}` : '';
    for (const action of actions) {
      for (const resource of resources) {
        out.add(`${squeeze(action)} ${squeeze(resource)}${to}${when}`);
        if (out.size > max) return undefined;
      }
    }
  }
  return [...out].sort();
}

/** Grants are split on spaces; IAM names have none, odd input must not fake one. */
function squeeze(text: string): string {
  return text.replace(/\s+/g, '');
}
