import { podTemplateOf } from '../kubernetes/workload.js';
import { asList, asObj, asString, type Obj } from '../shape.js';
import { kindOf, nameOf, namespaceOf, type Resource } from './resource.js';

/** A field that names another object: `holder[key]` is the name of an object of `kind`. */
interface Slot {
  holder: Obj;
  key: string;
  kind: string;
}

/**
 * After prefixes and suffixes, fields that name another object of the render by an old name are
 * given its new one, as kustomize's name-reference transformer does: envFrom and volume
 * ConfigMaps and Secrets, service accounts, autoscaler targets, Ingress backends, role bindings.
 * A name that matches no object of the render (one created elsewhere) is left as written.
 */
export function fixNameReferences(resources: readonly Resource[]): void {
  const byKind = new Map<string, Resource[]>();
  for (const r of resources) byKind.set(kindOf(r), [...(byKind.get(kindOf(r)) ?? []), r]);
  for (const r of resources) {
    for (const slot of slots(r)) {
      const value = asString(slot.holder[slot.key]);
      if (!value) continue;
      const target = renamed(byKind.get(slot.kind) ?? [], value, namespaceOf(r));
      if (!target) continue;
      slot.holder[slot.key] = nameOf(target);
      // A bound service account lives in the namespace the render gave it.
      if (slot.kind === 'ServiceAccount' && slot.key === 'name' && namespaceOf(target)) {
        slot.holder.namespace = namespaceOf(target);
      }
    }
  }
}

/** The one object that had this name before and has another now; undefined when the name is current or unknown. */
function renamed(
  candidates: readonly Resource[],
  name: string,
  namespace: string | undefined,
): Resource | undefined {
  if (candidates.some((c) => nameOf(c) === name)) return undefined;
  const found = candidates.filter((c) => c.previousNames.includes(name));
  if (found.length <= 1) return found[0];
  const same = found.filter((c) => namespaceOf(c) === namespace);
  return same.length === 1 ? same[0] : undefined;
}

function slots(r: Resource): Slot[] {
  const out: Slot[] = [];
  const kind = kindOf(r);
  const spec = asObj(r.obj.spec);
  const podSpec = asObj(podTemplateOf(kind, r.obj)?.spec);
  if (podSpec) podSlots(podSpec, out);
  if (kind === 'StatefulSet' && spec) out.push({ holder: spec, key: 'serviceName', kind: 'Service' });
  if ((kind === 'HorizontalPodAutoscaler' || kind === 'ScaledObject') && spec) {
    const ref = asObj(spec.scaleTargetRef);
    if (ref) out.push({ holder: ref, key: 'name', kind: asString(ref.kind) ?? 'Deployment' });
  }
  if (kind === 'Ingress' && spec) ingressSlots(spec, out);
  if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding') {
    const ref = asObj(r.obj.roleRef);
    const refKind = asString(ref?.kind);
    if (ref && refKind) out.push({ holder: ref, key: 'name', kind: refKind });
    for (const item of asList(r.obj.subjects)) {
      const subject = asObj(item);
      if (subject && subject.kind === 'ServiceAccount')
        out.push({ holder: subject, key: 'name', kind: 'ServiceAccount' });
    }
  }
  if (kind === 'ServiceAccount') {
    for (const field of ['secrets', 'imagePullSecrets']) {
      for (const item of asList(r.obj[field])) {
        const ref = asObj(item);
        if (ref) out.push({ holder: ref, key: 'name', kind: 'Secret' });
      }
    }
  }
  if (kind === 'Rollout' && spec) {
    const ref = asObj(spec.workloadRef);
    if (ref) out.push({ holder: ref, key: 'name', kind: asString(ref.kind) ?? 'Deployment' });
  }
  return out;
}

function podSlots(podSpec: Obj, out: Slot[]): void {
  for (const key of ['serviceAccountName', 'serviceAccount']) {
    if (typeof podSpec[key] === 'string') out.push({ holder: podSpec, key, kind: 'ServiceAccount' });
  }
  for (const item of asList(podSpec.imagePullSecrets)) {
    const ref = asObj(item);
    if (ref) out.push({ holder: ref, key: 'name', kind: 'Secret' });
  }
  for (const field of ['containers', 'initContainers', 'ephemeralContainers']) {
    for (const item of asList(podSpec[field])) {
      const container = asObj(item);
      if (!container) continue;
      for (const from of asList(container.envFrom)) {
        const cm = asObj(asObj(from)?.configMapRef);
        if (cm) out.push({ holder: cm, key: 'name', kind: 'ConfigMap' });
        const secret = asObj(asObj(from)?.secretRef);
        if (secret) out.push({ holder: secret, key: 'name', kind: 'Secret' });
      }
      for (const env of asList(container.env)) {
        const valueFrom = asObj(asObj(env)?.valueFrom);
        const cm = asObj(valueFrom?.configMapKeyRef);
        if (cm) out.push({ holder: cm, key: 'name', kind: 'ConfigMap' });
        const secret = asObj(valueFrom?.secretKeyRef);
        if (secret) out.push({ holder: secret, key: 'name', kind: 'Secret' });
      }
    }
  }
  for (const item of asList(podSpec.volumes)) {
    const volume = asObj(item);
    if (!volume) continue;
    const cm = asObj(volume.configMap);
    if (cm) out.push({ holder: cm, key: 'name', kind: 'ConfigMap' });
    const secret = asObj(volume.secret);
    if (secret) out.push({ holder: secret, key: 'secretName', kind: 'Secret' });
    const claim = asObj(volume.persistentVolumeClaim);
    if (claim) out.push({ holder: claim, key: 'claimName', kind: 'PersistentVolumeClaim' });
    for (const source of asList(asObj(volume.projected)?.sources)) {
      const pcm = asObj(asObj(source)?.configMap);
      if (pcm) out.push({ holder: pcm, key: 'name', kind: 'ConfigMap' });
      const psecret = asObj(asObj(source)?.secret);
      if (psecret) out.push({ holder: psecret, key: 'name', kind: 'Secret' });
    }
  }
}

function ingressSlots(spec: Obj, out: Slot[]): void {
  const backends: unknown[] = [spec.defaultBackend, spec.backend];
  for (const rule of asList(spec.rules)) {
    for (const p of asList(asObj(asObj(rule)?.http)?.paths)) backends.push(asObj(p)?.backend);
  }
  for (const item of backends) {
    const backend = asObj(item);
    if (!backend) continue;
    const service = asObj(backend.service);
    if (service) out.push({ holder: service, key: 'name', kind: 'Service' });
    else if (typeof backend.serviceName === 'string')
      out.push({ holder: backend, key: 'serviceName', kind: 'Service' });
  }
  for (const item of asList(spec.tls)) {
    const tls = asObj(item);
    if (tls) out.push({ holder: tls, key: 'secretName', kind: 'Secret' });
  }
}
