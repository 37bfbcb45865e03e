import { asList, asObj, asString, asText, dig, type Obj, show } from '../shape.js';
import { type Emitter, emit, skipAt } from './context.js';

/** The spec and the workload it scales, or a skip naming what is missing. */
function scaledTarget(e: Emitter, kind: string): { spec: Obj; target: string } | undefined {
  const spec = asObj(e.o.obj.spec);
  const target = asString(dig(spec, 'scaleTargetRef', 'name'));
  if (spec && target) return { spec, target };
  skipAt(e, spec ?? e.o.obj, spec ? 'scaleTargetRef' : 'spec', `${kind}: expected spec.scaleTargetRef.name`);
  return undefined;
}

/**
 * HorizontalPodAutoscaler (autoscaling/v1, v2, v2beta1, v2beta2):
 * `infra/autoscaling/<target>/min-replicas|max-replicas|metrics`.
 */
export function hpaFacts(e: Emitter): void {
  const scaled = scaledTarget(e, 'HorizontalPodAutoscaler');
  if (!scaled) return;
  const { spec, target } = scaled;
  bound(e, spec, 'minReplicas', target, 'min-replicas', 1);
  bound(e, spec, 'maxReplicas', target, 'max-replicas', undefined);
  const metrics = hpaMetrics(spec);
  const node = spec.metrics
    ? 'metrics'
    : spec.targetCPUUtilizationPercentage
      ? 'targetCPUUtilizationPercentage'
      : 'scaleTargetRef';
  emit(
    e,
    { dimension: 'infra', path: ['autoscaling', target, 'metrics'], value: metrics, compare: 'set' },
    spec,
    node,
  );
}

/** KEDA ScaledObject: the same facts; KEDA's own defaults are 0 and 100 replicas. */
export function scaledObjectFacts(e: Emitter): void {
  const scaled = scaledTarget(e, 'ScaledObject');
  if (!scaled) return;
  const { spec, target } = scaled;
  bound(e, spec, 'minReplicaCount', target, 'min-replicas', 0);
  bound(e, spec, 'maxReplicaCount', target, 'max-replicas', 100);
  const metrics = new Set<string>();
  for (const entry of asList(spec.triggers)) {
    const trigger = asObj(entry);
    const type = asString(trigger?.type);
    if (!trigger || !type) continue;
    if (type === 'cpu' || type === 'memory') {
      const value = asText(dig(trigger, 'metadata', 'value')) ?? '?';
      const metricType =
        asString(trigger.metricType) ?? asString(dig(trigger, 'metadata', 'type')) ?? 'Utilization';
      metrics.add(metricType === 'Utilization' ? `${type}:${value}%` : `${type}:avg=${value}`);
    } else {
      metrics.add(`external:${type}`);
    }
  }
  emit(
    e,
    {
      dimension: 'infra',
      path: ['autoscaling', target, 'metrics'],
      value: [...metrics].sort(),
      compare: 'set',
    },
    spec,
    'triggers',
  );
}

function bound(
  e: Emitter,
  spec: Obj,
  field: string,
  target: string,
  attribute: string,
  fallback?: number,
): void {
  const raw = spec[field];
  const path = ['autoscaling', target, attribute];
  if (raw === undefined || raw === null) {
    if (fallback !== undefined)
      emit(e, { dimension: 'infra', path, value: fallback, compare: 'scaled', scale: 'replicas' }, spec);
    return;
  }
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 0) {
    skipAt(e, spec, field, `${field}: expected a whole number, got ${show(raw)}`);
    return;
  }
  emit(e, { dimension: 'infra', path, value: raw, compare: 'scaled', scale: 'replicas' }, spec, field);
}

/** Metrics as `cpu:70%`, `memory:avg=1Gi`, `cpu[app]:60%`, `pods:<name>`, `object:<name>`, `external:<name>`. */
function hpaMetrics(spec: Obj): string[] {
  const out = new Set<string>();
  const v1Cpu = spec.targetCPUUtilizationPercentage;
  if (typeof v1Cpu === 'number') out.add(`cpu:${v1Cpu}%`);
  for (const entry of asList(spec.metrics)) {
    const metric = asObj(entry);
    const type = asString(metric?.type);
    if (!metric || !type) continue;
    const body = asObj(metric[type.charAt(0).toLowerCase() + type.slice(1)]) ?? {};
    if (type === 'Resource' || type === 'ContainerResource') {
      const container = type === 'ContainerResource' ? `[${asText(body.container) ?? ''}]` : '';
      out.add(`${asText(body.name) ?? '?'}${container}:${resourceTarget(body)}`);
    } else {
      const name = asText(dig(body, 'metric', 'name')) ?? asText(body.metricName) ?? '?';
      out.add(`${type.toLowerCase()}:${name}`);
    }
  }
  // Without metrics, the controller scales on 80% average CPU utilisation.
  if (out.size === 0) out.add('cpu:80%');
  return [...out].sort();
}

function resourceTarget(body: Obj): string {
  const target = asObj(body.target) ?? {};
  const utilization = target.averageUtilization ?? body.targetAverageUtilization;
  if (typeof utilization === 'number') return `${utilization}%`;
  const average = asText(target.averageValue ?? body.targetAverageValue);
  if (average !== undefined) return `avg=${average}`;
  const value = asText(target.value);
  return value !== undefined ? `value=${value}` : '?';
}
