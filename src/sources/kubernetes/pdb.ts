import { asList, asObj, asString, asText, type Obj, show } from '../shape.js';
import { type Emitter, emit, type K8sObject, skipAt } from './context.js';

/**
 * PodDisruptionBudget: `infra/pdb/<w>/min-available|max-unavailable`, named after the one workload
 * its selector matches (so it pairs across environments with the workload), else after itself.
 */
export function pdbFacts(e: Emitter): void {
  const spec = asObj(e.o.obj.spec);
  if (!spec) {
    skipAt(e, e.o.obj, 'spec', 'PodDisruptionBudget: expected a spec mapping');
    return;
  }
  const subject = matchedWorkload(e, asObj(spec.selector)) ?? e.o.name;
  for (const [field, attribute] of [
    ['minAvailable', 'min-available'],
    ['maxUnavailable', 'max-unavailable'],
  ] as const) {
    const raw = spec[field];
    if (raw === undefined || raw === null) continue;
    const valid =
      (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0) ||
      (typeof raw === 'string' && /^\d+%?$/.test(raw));
    if (!valid) {
      skipAt(e, spec, field, `${field}: expected a whole number or a percentage, got ${show(raw)}`);
      continue;
    }
    const value = typeof raw === 'string' && !raw.endsWith('%') ? Number(raw) : raw;
    emit(e, { dimension: 'infra', path: ['pdb', subject, attribute], value }, spec, field);
  }
}

function matchedWorkload(e: Emitter, selector: Obj | undefined): string | undefined {
  if (!selector || Object.keys(selector).length === 0) return undefined; // an empty selector matches every pod
  const matches = e.ctx.index.workloads.filter(
    (w) => sameNamespace(e.o, w.namespace) && selects(selector, w.labels) && Object.keys(w.labels).length > 0,
  );
  const names = new Set(matches.map((w) => w.name));
  return names.size === 1 ? [...names][0] : undefined;
}

function sameNamespace(o: K8sObject, namespace: string | undefined): boolean {
  return !o.namespace || !namespace || o.namespace === namespace;
}

/** Label selector semantics: every matchLabels pair and every matchExpressions requirement holds. */
export function selects(selector: Obj, labels: Record<string, string>): boolean {
  for (const [key, value] of Object.entries(asObj(selector.matchLabels) ?? {})) {
    if (labels[key] !== asText(value)) return false;
  }
  for (const entry of asList(selector.matchExpressions)) {
    const expression = asObj(entry) ?? {};
    const key = asString(expression.key) ?? '';
    const values = asList(expression.values).map((v) => asText(v));
    const has = Object.hasOwn(labels, key);
    switch (expression.operator) {
      case 'In':
        if (!has || !values.includes(labels[key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
