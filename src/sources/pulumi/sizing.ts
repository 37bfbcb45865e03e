import type { FactValue, ScaleAxis } from '../../model/fact.js';
import { nameWords } from '../../secrets/names.js';
import { parseQuantity } from '../../units/quantity.js';

/**
 * Sizing settings named by convention in flat configuration (Pulumi stack config, Terraform
 * variables): `api-cpu`, `hasura-service-scaling-maximum`, `node_count`, `db_instance_class`.
 * Each maps onto the key the kubernetes source gives the same thing, so the scale rules judge it.
 * Shared by the pulumi and terraform-vars sources (the helm-values source has its own mapping).
 */
export type SizingAttribute =
  | 'replicas'
  | 'min-replicas'
  | 'max-replicas'
  | 'cpu-request'
  | 'cpu-limit'
  | 'memory-request'
  | 'memory-limit'
  | 'instance-types';

export interface Sizing {
  /** Words of the setting's name that are not the sizing words, joined by `-`; '' when none. */
  workload: string;
  attribute: SizingAttribute;
}

export interface SizingFact {
  path: string[];
  value: FactValue;
  compare: 'scaled' | 'set';
  scale?: ScaleAxis;
  unit?: string;
}

const MIN = new Set(['min', 'minimum']);
const MAX = new Set(['max', 'maximum']);
const DESIRED = new Set(['desired']);
/** Words that make min/max/desired a bound on a count of instances. */
const COUNTED = new Set([
  'replicas',
  'replica',
  'scale',
  'scaling',
  'capacity',
  'instances',
  'instance',
  'nodes',
  'node',
  'tasks',
  'task',
  'count',
]);
/** `min_size`/`max_size` count instances only in these groups (an upload's max size does not). */
const SIZED_GROUPS = new Set([
  'node',
  'nodes',
  'pool',
  'group',
  'asg',
  'cluster',
  'fleet',
  'workers',
  'worker',
]);
const REPLICA_WORDS = new Set(['replicas', 'replica']);
const COUNT_OF = new Set(['node', 'instance', 'task', 'worker', 'desired', 'replica', 'container']);
const TYPE_SUBJECT = new Set(['instance', 'node', 'machine', 'vm']);
/** `db_tier`, `database_class`: a database's size; `db_type` (the engine) is not. */
const DB_SUBJECT = new Set(['db', 'database']);
const DB_SIZE = new Set(['class', 'tier', 'size']);
const TYPE_WORDS = new Set(['type', 'types', 'class', 'size', 'tier', 'sku']);
/** A setting about sizing, not a size: autoscaling targets, alarms, policies, architectures. */
const NOT_A_SIZE = new Set([
  'target',
  'utilization',
  'utilisation',
  'threshold',
  'percent',
  'percentage',
  'pct',
  'alarm',
  'alert',
  'policy',
  'mode',
  'architecture',
  'arch',
  'credits',
  'burst',
  'period',
  'evaluation',
  'cooldown',
  'enabled',
  'storage',
  'disk',
  'volume',
]);
/** Words that name the container of a workload, not the workload (`hasura-service-cpu`). */
const FILLER = new Set([
  'service',
  'task',
  'container',
  'app',
  'deployment',
  'ecs',
  'fargate',
  'pod',
  'pods',
  'config',
  'settings',
  'units',
  'unit',
  'mb',
  'mib',
  'gb',
  'gib',
]);

/** What sizing a setting's name states, with the workload its other words name. */
export function classifySizing(path: readonly string[]): Sizing | undefined {
  const words = path.flatMap((segment) => nameWords(segment));
  if (words.length === 0 || words.some((w) => NOT_A_SIZE.has(w))) return undefined;
  const last = nameWords(path[path.length - 1] ?? '');
  const found = attributeOf(last, words);
  if (!found) return undefined;
  const used = new Set(found.used);
  const rest = words.filter((w) => !used.has(w) && !FILLER.has(w) && !MIN.has(w) && !MAX.has(w));
  return { workload: rest.join('-'), attribute: found.attribute };
}

function attributeOf(
  last: readonly string[],
  all: readonly string[],
): { attribute: SizingAttribute; used: string[] } | undefined {
  const has = (set: Set<string>) => last.filter((w) => set.has(w));
  const request = last.some((w) => w === 'request' || w === 'requests' || w === 'reservation');
  if (last.includes('cpu') || last.includes('cpus') || last.includes('vcpu')) {
    return {
      attribute: request ? 'cpu-request' : 'cpu-limit',
      used: ['cpu', 'cpus', 'vcpu', 'request', 'requests', 'reservation', 'limit', 'limits'],
    };
  }
  if (last.includes('memory') || last.includes('mem')) {
    return {
      attribute: request ? 'memory-request' : 'memory-limit',
      used: ['memory', 'mem', 'size', 'request', 'requests', 'reservation', 'limit', 'limits', 'mb', 'mi'],
    };
  }
  const min = has(MIN);
  const max = has(MAX);
  const desired = has(DESIRED);
  const counted = has(COUNTED);
  const sizeOfGroup = last.includes('size') && all.some((w) => SIZED_GROUPS.has(w));
  const bareSize = last.length === 2 && last[1] === 'size';
  if ((min.length || max.length) && (counted.length || sizeOfGroup || bareSize)) {
    return {
      attribute: min.length ? 'min-replicas' : 'max-replicas',
      used: [...min, ...max, ...counted, 'size'],
    };
  }
  if (desired.length && (counted.length || last.includes('size'))) {
    return { attribute: 'replicas', used: [...desired, ...counted, 'size'] };
  }
  if (has(REPLICA_WORDS).length) return { attribute: 'replicas', used: ['replicas', 'replica', 'count'] };
  const countIndex = last.indexOf('count');
  if (countIndex > 0 && COUNT_OF.has(last[countIndex - 1]!)) {
    // `node_count` names the nodes: the workload is what comes before.
    return { attribute: 'replicas', used: ['count', 'instance', 'task', 'desired', 'replica', 'container'] };
  }
  const typeIndex = last.findIndex((w) => TYPE_WORDS.has(w));
  const subject = typeIndex > 0 ? last[typeIndex - 1]! : '';
  if (TYPE_SUBJECT.has(subject) || (DB_SUBJECT.has(subject) && DB_SIZE.has(last[typeIndex]!))) {
    return { attribute: 'instance-types', used: [...TYPE_WORDS, 'instance', 'machine', 'vm'] };
  }
  return undefined;
}

const NUMBER = /^\d+(\.\d+)?$/;

/**
 * The fact a sizing setting becomes, or undefined when its value is no size (`api-cpu: auto`
 * stays a setting). A bare number keeps the unit the program gives it (ECS CPU units, MiB): both
 * environments share the program, so their ratio is what is judged; a quantity with a suffix
 * (`500m`, `2Gi`) is read as the kubernetes source reads it.
 */
export function sizingFact(sizing: Sizing, workload: string, value: unknown): SizingFact | undefined {
  const w = sizing.workload || workload;
  switch (sizing.attribute) {
    case 'replicas':
    case 'min-replicas':
    case 'max-replicas': {
      const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) return undefined;
      const path =
        sizing.attribute === 'replicas' ? ['workload', w, 'replicas'] : ['autoscaling', w, sizing.attribute];
      return { path, value: n, compare: 'scaled', scale: 'replicas' };
    }
    case 'instance-types': {
      const list = typeof value === 'string' ? [value] : value;
      if (!Array.isArray(list) || list.length === 0) return undefined;
      if (!list.every((v): v is string => typeof v === 'string' && /^[\w.:/-]{1,80}$/.test(v)))
        return undefined;
      return { path: ['workload', w, 'instance-types'], value: [...list].sort(), compare: 'set' };
    }
    default: {
      const cpu = sizing.attribute.startsWith('cpu');
      const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
      const quantity = parseQuantity(text);
      if (quantity === undefined || text === '') return undefined;
      const path = ['workload', w, 'container', w, sizing.attribute];
      const fact: SizingFact = { path, value: quantity, compare: 'scaled', scale: 'resources' };
      if (!NUMBER.test(text)) fact.unit = cpu ? 'cores' : 'bytes';
      return fact;
    }
  }
}
