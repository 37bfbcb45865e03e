import { put } from '../../lookup.js';
import { asObj, asString, dig, hasOwn, type Obj, show } from '../shape.js';
import { containerFacts } from './containers.js';
import { type Emitter, emit, type K8sObject, skipAt } from './context.js';
import { apiGroup, isBuiltIn } from './kinds.js';
import { schedulingFacts } from './scheduling.js';
import { serviceAccountFacts } from './service-account.js';

/** Where each workload kind keeps its pod template. Argo Rollouts copy the Deployment's shape. */
const POD_TEMPLATE: Record<string, readonly string[]> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  Rollout: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};
/** Kinds whose `spec.replicas` defaults to 1 when omitted. */
const DEFAULT_ONE_REPLICA = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'Rollout']);

/** A built-in workload kind (or an Argo Rollout); a custom resource that reuses a name is not one. */
export function isWorkload(o: K8sObject): boolean {
  if (o.kind === 'Rollout') return apiGroup(o.apiVersion) === 'argoproj.io';
  return (Object.hasOwn(POD_TEMPLATE, o.kind) || o.kind === 'Pod') && isBuiltIn(o.apiVersion);
}

/** The pod template of a workload (a bare Pod is its own template). */
export function podTemplate(o: K8sObject): Obj | undefined {
  return podTemplateOf(o.kind, o.obj);
}

/** The pod template of an object of a workload kind, for callers holding a bare object (kustomize). */
export function podTemplateOf(kind: string, obj: Obj): Obj | undefined {
  if (kind === 'Pod') return obj;
  const path = Object.hasOwn(POD_TEMPLATE, kind) ? POD_TEMPLATE[kind] : undefined;
  return path ? asObj(dig(obj, ...path)) : undefined;
}

/** Labels of the pods a workload creates, for matching PodDisruptionBudget selectors. */
export function podLabels(o: K8sObject): Record<string, string> {
  const labels = asObj(dig(podTemplate(o), 'metadata', 'labels')) ?? {};
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(labels)) if (typeof value === 'string') put(out, key, value);
  return out;
}

/** `infra/workload/<w>/...`: kind, replicas, containers, scheduling; for a CronJob also its schedule. */
export function workloadFacts(e: Emitter): void {
  const { obj, kind, name } = e.o;
  emit(e, { dimension: 'infra', path: ['workload', name, 'kind'], value: kind }, obj, 'kind');
  const spec = asObj(obj.spec);
  if (!spec) {
    skipAt(e, obj, 'spec', `${kind} ${name}: expected a spec mapping`);
    return;
  }
  replicaFacts(e, spec);
  if (kind === 'CronJob') cronJobFacts(e, spec);
  const template = podTemplate(e.o);
  const podSpec = asObj(template?.spec);
  if (!podSpec) {
    // An Argo Rollout may point at a Deployment instead of carrying a template.
    if (!(kind === 'Rollout' && asObj(spec.workloadRef))) {
      skipAt(
        e,
        template ?? spec,
        template ? 'spec' : undefined,
        `${kind} ${name}: expected a pod template with a spec`,
      );
    }
    return;
  }
  containerFacts(e, name, podSpec);
  serviceAccountFacts(e, name, podSpec);
  schedulingFacts(e, name, podSpec);
}

function replicaFacts(e: Emitter, spec: Obj): void {
  if (!DEFAULT_ONE_REPLICA.has(e.o.kind)) return;
  const raw = spec.replicas;
  const path = ['workload', e.o.name, 'replicas'];
  if (raw === undefined || raw === null) {
    emit(e, { dimension: 'infra', path, value: 1, compare: 'scaled', scale: 'replicas' }, e.o.obj, 'spec');
    return;
  }
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 0) {
    skipAt(e, spec, 'replicas', `replicas: expected a whole number, got ${show(raw)}`);
    return;
  }
  emit(e, { dimension: 'infra', path, value: raw, compare: 'scaled', scale: 'replicas' }, spec, 'replicas');
}

function cronJobFacts(e: Emitter, spec: Obj): void {
  const name = e.o.name;
  const schedule = asString(spec.schedule);
  if (schedule === undefined) {
    skipAt(e, spec, 'schedule', `schedule: expected a cron expression, got ${show(spec.schedule)}`);
  } else {
    const timeZone = asString(spec.timeZone);
    const value = timeZone ? `${schedule} tz=${timeZone}` : schedule;
    emit(e, { dimension: 'deploys', path: ['cronjob', name, 'schedule'], value }, spec, 'schedule');
  }
  if (!hasOwn(spec, 'suspend') || spec.suspend === null) return;
  if (typeof spec.suspend !== 'boolean') {
    skipAt(e, spec, 'suspend', `suspend: expected true or false, got ${show(spec.suspend)}`);
    return;
  }
  emit(e, { dimension: 'deploys', path: ['cronjob', name, 'suspend'], value: spec.suspend }, spec, 'suspend');
}
