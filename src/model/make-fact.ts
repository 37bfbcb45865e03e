import type { Dimension } from './dimension.js';
import type { CompareKind, Fact, FactValue, Origin, ScaleAxis } from './fact.js';

interface FactInit {
  dimension: Dimension;
  /** Key segments after the dimension, e.g. ['workload', 'checkout', 'replicas']. */
  path: readonly string[];
  value: FactValue;
  compare?: CompareKind;
  scale?: ScaleAxis;
  unit?: string;
  origin: Origin;
  /** Defaults to the second-to-last path segment. */
  subject?: string;
}

/** Builds a Fact whose key is `dimension/path...`, so every source names keys the same way. */
export function makeFact(init: FactInit): Fact {
  return makeFactAt(init, init.origin);
}

/** makeFact with the origin apart, so a caller holding an init and an origin need not copy either. */
export function makeFactAt(init: Omit<FactInit, 'origin'>, origin: Origin): Fact {
  const path = init.path;
  const attribute = path[path.length - 1] ?? '';
  const fact: Fact = {
    key: path.length === 0 ? init.dimension : `${init.dimension}/${path.join('/')}`,
    dimension: init.dimension,
    subject: init.subject ?? path[path.length - 2] ?? init.dimension,
    attribute,
    value: init.value,
    compare: init.compare ?? 'exact',
    origin,
  };
  if (init.scale) fact.scale = init.scale;
  if (init.unit) fact.unit = init.unit;
  return fact;
}

/** Key of an environment variable: scoped to a workload when the source knows one. */
export function envPath(name: string, workload?: string): string[] {
  return workload ? ['env', workload, name] : ['env', name];
}
