import { asList, asObj, asString, asText, dig } from '../shape.js';
import { detectCdn } from './cdn.js';
import { type Emitter, emit } from './context.js';
import { detectWaf } from './waf.js';

/** Service: `infra/service/<s>/type` (ClusterIP when omitted) and `ports` as `port/protocol`. */
export function serviceFacts(e: Emitter): void {
  const { obj, name } = e.o;
  const spec = asObj(obj.spec) ?? {};
  const type = asString(spec.type) ?? 'ClusterIP';
  emit(e, { dimension: 'infra', path: ['service', name, 'type'], value: type }, spec, 'type');
  const ports = new Set<string>();
  for (const entry of asList(spec.ports)) {
    const port = asObj(entry);
    const number = asText(port?.port);
    if (port && number) ports.add(`${number}/${asString(port.protocol) ?? 'TCP'}`);
  }
  if (ports.size > 0) {
    emit(
      e,
      { dimension: 'infra', path: ['service', name, 'ports'], value: [...ports].sort(), compare: 'set' },
      spec,
      'ports',
    );
  }
}

/**
 * Ingress (networking.k8s.io/v1 and the v1beta1 shapes): `hosts` (a rule without a host is `*`),
 * `tls`, `waf` when annotations or a BackendConfig put a WAF or security policy in front, and `cdn` when annotations, the ingress class or a GKE BackendConfig reveal a CDN or cache.
 */
export function ingressFacts(e: Emitter): void {
  const { obj, name } = e.o;
  const spec = asObj(obj.spec) ?? {};
  const hosts = new Set<string>();
  for (const rule of asList(spec.rules)) hosts.add(asString(asObj(rule)?.host) ?? '*');
  if (hosts.size === 0) hosts.add('*');
  const path = ['ingress', name];
  emit(
    e,
    { dimension: 'infra', path: [...path, 'hosts'], value: [...hosts].sort(), compare: 'presence' },
    spec,
    'rules',
  );
  const tls = asList(spec.tls).length > 0;
  emit(e, { dimension: 'infra', path: [...path, 'tls'], value: tls }, spec, tls ? 'tls' : 'rules');
  const waf = detectWaf(e, backendServices(spec));
  if (waf) emit(e, { dimension: 'infra', path: [...path, 'waf'], value: waf.provider }, waf.node, waf.key);
  const cdn = detectCdn(e, backendServices(spec));
  if (cdn)
    emit(
      e,
      { dimension: 'infra', path: [...path, 'cdn'], value: cdn.provider, compare: 'presence' },
      cdn.node,
      cdn.key,
    );
}

/** Names of the Services an Ingress routes to, in both API shapes. */
function backendServices(spec: Record<string, unknown>): string[] {
  const names = new Set<string>();
  const addBackend = (backend: unknown) => {
    const name = asString(dig(backend, 'service', 'name')) ?? asString(dig(backend, 'serviceName'));
    if (name) names.add(name);
  };
  addBackend(spec.defaultBackend);
  addBackend(spec.backend);
  for (const rule of asList(spec.rules)) {
    for (const p of asList(dig(rule, 'http', 'paths'))) addBackend(asObj(p)?.backend);
  }
  return [...names];
}
