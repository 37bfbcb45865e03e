import { asObj, asString, dig, type Obj } from '../shape.js';
import { type Emitter, lookup } from './context.js';

/** Providers named in annotation keys, values or the ingress class, checked in this order. */
const PROVIDERS: readonly [RegExp, string][] = [
  [/cloudflare/, 'cloudflare'],
  [/fastly/, 'fastly'],
  [/akamai/, 'akamai'],
  [/cloudfront/, 'cloudfront'],
  [/front-?door/, 'azure-front-door'],
  [/varnish/, 'varnish'],
];
/** Annotations that name providers for other reasons (cert-manager's Cloudflare DNS solver). */
const NOT_IN_PATH = /^(acme\.)?cert-manager\.io\//;
const BACKEND_CONFIG_KEYS = ['cloud.google.com/backend-config', 'beta.cloud.google.com/backend-config'];

export interface CdnFinding {
  provider: string;
  /** Where it was revealed, for the fact's line. */
  node: unknown;
  key?: string;
}

/**
 * The CDN or cache layer in front of an Ingress, or undefined when nothing reveals one. Only the
 * provider's name is kept: annotation values (snippets may hold anything) never leave here.
 */
export function detectCdn(e: Emitter, backendServices: readonly string[]): CdnFinding | undefined {
  const { obj } = e.o;
  const annotations = asObj(dig(obj, 'metadata', 'annotations')) ?? {};
  const ingressClass = asString(dig(obj, 'spec', 'ingressClassName')) ?? '';
  const found = new Map<string, CdnFinding>();
  const note = (provider: string, node: unknown, key?: string) => {
    if (!found.has(provider)) found.set(provider, { provider, node, key });
  };
  for (const [re, provider] of PROVIDERS)
    if (re.test(ingressClass.toLowerCase())) note(provider, obj.spec, 'ingressClassName');
  for (const [key, raw] of Object.entries(annotations)) {
    const value = typeof raw === 'string' ? raw : '';
    const k = key.toLowerCase();
    // external-dns: `cloudflare-proxied: "false"` means DNS only, no Cloudflare proxy in the path.
    if (k.endsWith('/cloudflare-proxied') && value.trim().toLowerCase() === 'false') continue;
    if (NOT_IN_PATH.test(k)) continue;
    const text = `${k}=${value.toLowerCase()}`;
    for (const [re, provider] of PROVIDERS) if (re.test(text)) note(provider, annotations, key);
    if (
      k.startsWith('nginx.ingress.kubernetes.io/proxy-cache') ||
      (k.includes('snippet') && /\bproxy_cache\b/.test(value))
    ) {
      note('nginx-proxy-cache', annotations, key);
    }
  }
  if (googleCdn(e, annotations, backendServices)) note('google-cloud-cdn', annotations);
  const providers = [...found.values()];
  if (providers.length === 0) return undefined;
  const first = providers[0]!;
  return { ...first, provider: providers.map((p) => p.provider).join('+') };
}

/** GKE: a BackendConfig with `cdn.enabled: true`, referenced by the Ingress or by a backend Service. */
function googleCdn(e: Emitter, annotations: Obj, backendServices: readonly string[]): boolean {
  return backendConfigsOf(e, annotations, backendServices).some(
    (c) => dig(c, 'spec', 'cdn', 'enabled') === true,
  );
}

/**
 * The GKE BackendConfigs in front of an Ingress: named by its own annotations or by those of the
 * Services it routes to, found in the same namespace.
 */
export function backendConfigsOf(
  e: Emitter,
  annotations: Obj,
  backendServices: readonly string[],
): unknown[] {
  const names = new Set(backendConfigNames(annotations));
  for (const service of backendServices) {
    const found = lookup(e.ctx.index.services, service, e.o.namespace);
    const serviceAnnotations = asObj(dig(found?.obj, 'metadata', 'annotations'));
    if (serviceAnnotations) for (const name of backendConfigNames(serviceAnnotations)) names.add(name);
  }
  return [...names].flatMap((name) => {
    const config = lookup(e.ctx.index.backendConfigs, name, e.o.namespace);
    return config ? [config.obj] : [];
  });
}

/** `{"default": "cdn-config", "ports": {"80": "other"}}` (or a bare name) names BackendConfigs. */
export function backendConfigNames(annotations: Obj): string[] {
  const names: string[] = [];
  for (const key of BACKEND_CONFIG_KEYS) {
    const raw = asString(annotations[key]);
    if (!raw) continue;
    try {
      const parsed = asObj(JSON.parse(raw)) ?? {};
      const defaultName = asString(parsed.default);
      if (defaultName) names.push(defaultName);
      for (const value of Object.values(asObj(parsed.ports) ?? {}))
        if (typeof value === 'string') names.push(value);
    } catch {
      names.push(raw.trim());
    }
  }
  return names;
}
