import type { Fact } from '../../model/fact.js';
import { makeFact } from '../../model/make-fact.js';
import type { Located } from './model.js';
import { interpolated, lineAt, type ReadContext, skip, text } from './read-context.js';

/**
 * How a container is confined, in the terms of a Kubernetes `securityContext`, so a compose
 * service and a pod pair: `read_only` is readOnlyRootFilesystem, `security_opt:
 * [no-new-privileges:true]` is allowPrivilegeEscalation false, `cap_add`/`cap_drop` are
 * capabilities, `privileged` and `user` are themselves.
 */
export interface Hardening {
  readOnly?: Located<boolean>;
  noNewPrivileges?: Located<boolean>;
  privileged?: Located<boolean>;
  capAdd?: Located<string[]>;
  capDrop?: Located<string[]>;
  user?: Located<string>;
}

export const HARDENING_FIELDS = [
  'readOnly',
  'noNewPrivileges',
  'privileged',
  'capAdd',
  'capDrop',
  'user',
] as const;

/** Reads the hardening fields of one service mapping. */
export function readHardening(node: Record<string, unknown>, ctx: ReadContext): Hardening {
  const out: Hardening = {};
  const located = <T>(value: T, key: string) => ({ value, file: ctx.file, line: lineAt(ctx, node, key) });
  for (const [field, key] of [
    ['readOnly', 'read_only'],
    ['privileged', 'privileged'],
  ] as const) {
    if (node[key] === undefined || node[key] === null) continue;
    const value = flag(node[key]);
    if (value === undefined) skip(ctx, lineAt(ctx, node, key), `expected ${key} to be true or false`);
    else out[field] = located(value, key);
  }
  if (node.security_opt !== undefined && node.security_opt !== null) {
    const options = list(node.security_opt);
    if (options === undefined)
      skip(ctx, lineAt(ctx, node, 'security_opt'), 'expected security_opt to be a list');
    else {
      // `no-new-privileges`, `no-new-privileges:true` (or `=true`); `:false` says it outright.
      const option = options.find((o) => /^no-new-privileges([:=]|$)/.test(o));
      if (option !== undefined) out.noNewPrivileges = located(!/[:=]false$/i.test(option), 'security_opt');
    }
  }
  for (const [field, key] of [
    ['capAdd', 'cap_add'],
    ['capDrop', 'cap_drop'],
  ] as const) {
    if (node[key] === undefined || node[key] === null) continue;
    const caps = list(node[key]);
    if (caps === undefined) skip(ctx, lineAt(ctx, node, key), `expected ${key} to be a list of capabilities`);
    else out[field] = located([...new Set(caps.map(capability))].sort(), key);
  }
  if (node.user !== undefined && node.user !== null) {
    const user = text(node.user);
    if (user === undefined) skip(ctx, lineAt(ctx, node, 'user'), 'expected user to be a name or uid[:gid]');
    else out.user = located(user, 'user');
  }
  return out;
}

/**
 * `access/workload/<w>/container/<c>/...`. The three switches are always stated, with Docker's
 * defaults when the file is silent (writable root, privilege escalation allowed, not privileged),
 * so a service hardened on one side only shows as a difference of values; capabilities and the
 * user only when set.
 */
export function hardeningFacts(
  name: string,
  hardening: Hardening,
  service: { file: string; line: number },
  source: string,
): Fact[] {
  const path = (attribute: string) => ['workload', name, 'container', name, attribute];
  const origin = (at: { file: string; line: number }) => ({ source, file: at.file, line: at.line });
  const facts: Fact[] = [];
  const push = (attribute: string, value: boolean | string | string[], at: { file: string; line: number }) =>
    facts.push(
      makeFact({
        dimension: 'access',
        path: path(attribute),
        value,
        ...(Array.isArray(value) ? { compare: 'set' as const } : {}),
        origin: origin(at),
      }),
    );
  push('read-only-root-fs', hardening.readOnly?.value ?? false, hardening.readOnly ?? service);
  const noNew = hardening.noNewPrivileges;
  push('allow-privilege-escalation', noNew ? !noNew.value : true, noNew ?? service);
  push('privileged', hardening.privileged?.value ?? false, hardening.privileged ?? service);
  if (hardening.capAdd) push('capabilities-added', hardening.capAdd.value, hardening.capAdd);
  if (hardening.capDrop) push('capabilities-dropped', hardening.capDrop.value, hardening.capDrop);
  if (hardening.user) push('user', hardening.user.value, hardening.user);
  return facts;
}

function flag(raw: unknown): boolean | undefined {
  const value = interpolated(raw);
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return undefined;
}

function list(raw: unknown): string[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const out: string[] = [];
  for (const item of raw) {
    const t = text(item);
    if (t === undefined) return undefined;
    out.push(t.trim());
  }
  return out;
}

/** `NET_ADMIN`, `cap_net_admin` and `CAP_NET_ADMIN` are one capability, as Kubernetes writes it. */
function capability(name: string): string {
  return name.toUpperCase().replace(/^CAP_/, '');
}
