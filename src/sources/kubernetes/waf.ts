import { asObj, asString, dig, type Obj } from '../shape.js';
import { backendConfigsOf } from './cdn.js';
import type { Emitter } from './context.js';

export interface WafFinding {
  /** `aws-waf`, `aws-shield`, `modsecurity`, `azure-waf`, `cloud-armor` (joined with + when several). */
  provider: string;
  node: unknown;
  key?: string;
}

/** Ingress annotations that put a web application firewall or security policy in front of it. */
const ANNOTATIONS: readonly [string, string, RegExp?][] = [
  ['alb.ingress.kubernetes.io/wafv2-acl-arn', 'aws-waf'],
  ['alb.ingress.kubernetes.io/waf-acl-id', 'aws-waf'],
  ['alb.ingress.kubernetes.io/web-acl-id', 'aws-waf'],
  ['alb.ingress.kubernetes.io/shield-advanced-protection', 'aws-shield', /^true$/i],
  ['nginx.ingress.kubernetes.io/enable-modsecurity', 'modsecurity', /^true$/i],
  ['nginx.ingress.kubernetes.io/enable-owasp-core-rules', 'modsecurity', /^true$/i],
  ['appgw.ingress.kubernetes.io/waf-policy-for-path', 'azure-waf'],
];

/**
 * The WAF or security policy in front of an Ingress: its annotations, or a GKE BackendConfig with a
 * `securityPolicy` (Cloud Armor) referenced by the Ingress or a backend Service. Only the kind of
 * protection is kept, never an ARN or policy name.
 */
export function detectWaf(e: Emitter, backendServices: readonly string[]): WafFinding | undefined {
  const annotations = asObj(dig(e.o.obj, 'metadata', 'annotations')) ?? {};
  const found: WafFinding[] = [];
  for (const [key, provider, on] of ANNOTATIONS) {
    const value = asString(annotations[key])?.trim();
    if (!value || (on && !on.test(value))) continue;
    if (!found.some((f) => f.provider === provider)) found.push({ provider, node: annotations, key });
  }
  if (cloudArmor(e, annotations, backendServices)) found.push({ provider: 'cloud-armor', node: annotations });
  if (found.length === 0) return undefined;
  return { ...found[0]!, provider: found.map((f) => f.provider).join('+') };
}

function cloudArmor(e: Emitter, annotations: Obj, backendServices: readonly string[]): boolean {
  return backendConfigsOf(e, annotations, backendServices).some((c) =>
    asString(dig(c, 'spec', 'securityPolicy', 'name')),
  );
}
