/**
 * Permission strings of `access/rbac/<subject>/permissions` facts, as the kubernetes source writes
 * them: `verb:group/resource[/subresource][/name]` (`core` for the empty API group), `verb:/url`
 * for non-resource URLs, and `role:<name>` / `clusterrole:<name>` for a role not in the files.
 */

/**
 * Subresources RBAC rules commonly name. A two-part tail (`pods/log`) is a subresource when its
 * second part is one of these, else a resource name (`secrets/stripe-key`): the string alone cannot
 * tell them apart, and a resource named `log` or `status` is far rarer than the subresource.
 */
const SUBRESOURCES = new Set([
  'approval',
  'attach',
  'binding',
  'ephemeralcontainers',
  'eviction',
  'exec',
  'finalize',
  'log',
  'portforward',
  'proxy',
  'resize',
  'scale',
  'status',
  'token',
]);

export type Permission =
  | { kind: 'resource'; verb: string; group: string; resource: string; sub?: string; name?: string }
  | { kind: 'url'; verb: string; url: string }
  | { kind: 'role'; text: string };

export function parsePermission(text: string): Permission {
  const colon = text.indexOf(':');
  const verb = text.slice(0, colon);
  const rest = text.slice(colon + 1);
  if (colon <= 0 || verb === 'role' || verb === 'clusterrole') return { kind: 'role', text };
  if (rest.startsWith('/') || rest === '*') return { kind: 'url', verb, url: rest };
  const [group = '', resource = '', second, third] = rest.split('/');
  if (third !== undefined) return { kind: 'resource', verb, group, resource, sub: second, name: third };
  if (second === undefined) return { kind: 'resource', verb, group, resource };
  return SUBRESOURCES.has(second)
    ? { kind: 'resource', verb, group, resource, sub: second }
    : { kind: 'resource', verb, group, resource, name: second };
}

/** Does `grant` allow everything `wanted` allows? `*` verbs, groups and resources cover specific ones. */
export function covers(grant: Permission, wanted: Permission): boolean {
  if (grant.kind === 'role' || wanted.kind === 'role') {
    if (grant.kind === 'role') return wanted.kind === 'role' && grant.text === wanted.text;
    // Everything on everything covers any named role.
    return (
      grant.verb === '*' &&
      grant.kind === 'resource' &&
      grant.group === '*' &&
      grant.resource === '*' &&
      !grant.sub &&
      !grant.name
    );
  }
  if (grant.verb !== '*' && grant.verb !== wanted.verb) return false;
  if (grant.kind === 'url' || wanted.kind === 'url') {
    if (grant.kind !== 'url' || wanted.kind !== 'url') return false;
    if (grant.url === '*' || grant.url === wanted.url) return true;
    return grant.url.endsWith('*') && wanted.url.startsWith(grant.url.slice(0, -1));
  }
  if (grant.group !== '*' && grant.group !== wanted.group) return false;
  if (!resourceCovers(grant, wanted)) return false;
  return grant.name === undefined || grant.name === wanted.name;
}

type ResourcePermission = Extract<Permission, { kind: 'resource' }>;

/** As the API server matches: `*` is every resource and subresource, `*​/scale` every scale subresource. */
function resourceCovers(grant: ResourcePermission, wanted: ResourcePermission): boolean {
  if (grant.resource === '*' && grant.sub === undefined) return true;
  if (grant.resource === '*') return grant.sub === wanted.sub;
  return grant.resource === wanted.resource && grant.sub === wanted.sub;
}

/** Permissions of `wanted` that nothing in `granted` covers. */
export function uncovered(wanted: readonly string[], granted: readonly string[]): string[] {
  const grants = granted.map(parsePermission);
  return wanted.filter((text) => {
    const p = parsePermission(text);
    return !grants.some((g) => covers(g, p));
  });
}

/** `delete:core/secrets` -> `delete secrets`; `*:*​/*` -> `do anything to any resource`. */
export function describePermission(text: string): string {
  const p = parsePermission(text);
  if (p.kind === 'role') {
    const [kind, name] = [text.slice(0, text.indexOf(':')), text.slice(text.indexOf(':') + 1)];
    return `use ${kind === 'clusterrole' ? 'ClusterRole' : 'Role'} ${name}`;
  }
  const verb = p.verb === '*' ? 'do anything to' : p.verb;
  if (p.kind === 'url') return `${verb} ${p.url === '*' ? 'any URL' : p.url}`;
  const resource =
    p.resource === '*'
      ? p.sub
        ? `any resource's ${p.sub}`
        : 'any resource'
      : p.sub
        ? `${p.resource}/${p.sub}`
        : p.resource;
  const group =
    p.group === 'core' || p.resource === '*' ? '' : p.group === '*' ? ' (any API group)' : ` (${p.group})`;
  const name = p.name ? ` named ${p.name}` : '';
  return `${verb} ${resource}${name}${group}`;
}

/** The first few permissions in words: `delete secrets, create pods/exec and 3 more`. */
export function describePermissions(texts: readonly string[], max = 3): string {
  const words = texts.slice(0, max).map(describePermission);
  const more = texts.length - words.length;
  if (more > 0) return `${words.join(', ')} and ${more} more`;
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
