import type { Origin } from '../../model/fact.js';
import { makeFact } from '../../model/make-fact.js';
import { asList, asObj, asString, asText, dig, type Obj } from '../shape.js';
import { type Emitter, originAt } from './context.js';

const ZONE_KEYS = new Set(['topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone']);
const INSTANCE_TYPE_KEYS = new Set(['node.kubernetes.io/instance-type', 'beta.kubernetes.io/instance-type']);

/** A set being gathered, with the line of its first member. */
interface Gathered {
  values: Set<string>;
  origin?: Origin;
}

/**
 * Where a pod may run: topology keys it spreads over (spread constraints and pod anti-affinity),
 * zones and instance types it is pinned to (node selector or required node affinity), and any
 * other node selection.
 */
export function schedulingFacts(e: Emitter, workload: string, podSpec: Obj): void {
  const spread = gathered();
  for (const item of asList(podSpec.topologySpreadConstraints))
    add(e, spread, asString(asObj(item)?.topologyKey), item);
  const antiAffinity = asObj(dig(podSpec, 'affinity', 'podAntiAffinity')) ?? {};
  for (const term of asList(antiAffinity.requiredDuringSchedulingIgnoredDuringExecution)) {
    add(e, spread, asString(asObj(term)?.topologyKey), term);
  }
  for (const term of asList(antiAffinity.preferredDuringSchedulingIgnoredDuringExecution)) {
    add(e, spread, asString(dig(term, 'podAffinityTerm', 'topologyKey')), term);
  }

  const zones = gathered();
  const instanceTypes = gathered();
  const other = gathered();
  const selector = asObj(podSpec.nodeSelector) ?? {};
  for (const [key, raw] of Object.entries(selector)) {
    const value = asText(raw) ?? '';
    const target = ZONE_KEYS.has(key) ? zones : INSTANCE_TYPE_KEYS.has(key) ? instanceTypes : other;
    add(e, target, target === other ? `${key}=${value}` : value, selector, key);
  }
  const terms = dig(
    podSpec,
    'affinity',
    'nodeAffinity',
    'requiredDuringSchedulingIgnoredDuringExecution',
    'nodeSelectorTerms',
  );
  for (const term of asList(terms)) {
    for (const item of asList(asObj(term)?.matchExpressions)) {
      const expression = asObj(item);
      const key = asString(expression?.key);
      if (!expression || !key) continue;
      const operator = asString(expression.operator) ?? '';
      const values = asList(expression.values).map((v) => asText(v) ?? '');
      if ((ZONE_KEYS.has(key) || INSTANCE_TYPE_KEYS.has(key)) && operator === 'In') {
        for (const value of values) add(e, ZONE_KEYS.has(key) ? zones : instanceTypes, value, item);
      } else {
        add(e, other, describeExpression(key, operator, values), item);
      }
    }
  }

  const base = ['workload', workload];
  for (const [attribute, set] of [
    ['topology-spread', spread],
    ['zones', zones],
    ['instance-types', instanceTypes],
    ['node-selector', other],
  ] as const) {
    if (set.values.size === 0 || !set.origin) continue;
    const value = [...set.values].sort();
    e.facts.push(
      makeFact({ dimension: 'infra', path: [...base, attribute], value, compare: 'set', origin: set.origin }),
    );
  }
}

function describeExpression(key: string, operator: string, values: string[]): string {
  if (operator === 'In' && values.length === 1) return `${key}=${values[0]}`;
  if (operator === 'Exists' || operator === 'DoesNotExist')
    return `${key} ${operator === 'Exists' ? 'exists' : 'absent'}`;
  return `${key} ${operator.toLowerCase()} (${values.join(', ')})`;
}

function gathered(): Gathered {
  return { values: new Set() };
}

function add(e: Emitter, set: Gathered, value: string | undefined, node: unknown, key?: string): void {
  if (!value) return;
  set.values.add(value);
  set.origin ??= originAt(e, node, key);
}
