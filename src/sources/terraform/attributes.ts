import type { FactValue } from '../../model/fact.js';
import { protectValue } from '../secrets.js';
import { ATTRIBUTES, type AttributeSpec, CAPACITY_TYPES } from './attribute-table.js';
import { describeResource, emitFact, groupBy, skipAt, type TfEmit } from './emit.js';
import { isSensitive, mirrorPath, subjectOf, type TfResource, valueAt } from './resources.js';

type Read = { value: FactValue } | { unknown: true } | undefined;

/**
 * `infra/terraform/<type>/<name>/count` for every managed resource (instances across count and
 * for_each), and the attributes of ATTRIBUTES as `infra/terraform/<type>/<name>/<attribute>`.
 */
export function attributeFacts(out: TfEmit, resources: readonly TfResource[]): void {
  const managed = resources.filter((r) => r.mode === 'managed');
  for (const [, group] of groupBy(managed, (r) => `${r.type} ${subjectOf(r, false)}`)) {
    const first = group[0]!;
    const capacity = CAPACITY_TYPES.has(first.type);
    emitFact(
      out,
      {
        dimension: 'infra',
        path: ['terraform', first.type, subjectOf(first, false), 'count'],
        value: group.length,
        compare: capacity ? 'scaled' : 'exact',
        ...(capacity ? { scale: 'replicas' as const } : {}),
      },
      first.line,
    );
  }
  const described = managed.filter((r) => ATTRIBUTES[r.type]);
  for (const [, group] of groupBy(described, (r) => `${r.type} ${subjectOf(r)}`)) {
    const first = group[0]!;
    const unknown: string[] = [];
    for (const spec of ATTRIBUTES[first.type] ?? []) {
      const reads = group.map((r) => readAttribute(r, spec, out));
      if (reads.some((r) => r && 'unknown' in r)) {
        unknown.push(spec.path);
        continue;
      }
      const values = reads.flatMap((r) => (r && 'value' in r ? [r.value] : []));
      const value = combine(values, spec);
      if (value === undefined) continue;
      emitFact(
        out,
        {
          dimension: 'infra',
          path: ['terraform', first.type, subjectOf(first), spec.path],
          value,
          compare: spec.compare ?? 'exact',
          ...(spec.scale ? { scale: spec.scale } : {}),
          ...(spec.unit ? { unit: spec.unit } : {}),
        },
        first.line,
      );
    }
    if (unknown.length > 0) {
      skipAt(out, first.line, `${describeResource(first)}: ${unknown.join(', ')} known only after apply`);
    }
  }
}

/** One attribute of one instance; sensitive ones are never read. */
export function readAttribute(r: TfResource, spec: AttributeSpec, out: TfEmit): Read {
  const path = spec.path.split('.');
  const mirror = mirrorPath(r.values, path);
  if (isSensitive(r.sensitive, mirror)) return undefined;
  const raw = valueAt(r.values, path);
  if ((raw === undefined || raw === null) && r.unknown && isSensitive(r.unknown, mirror))
    return { unknown: true };
  // The table holds no secret by name (http_tokens is a setting): only a secret's shape can show.
  if (typeof raw === 'string')
    return raw === '' ? undefined : { value: protectValue('setting', raw, out.fingerprint) };
  if (typeof raw === 'number' || typeof raw === 'boolean') return { value: raw };
  if (Array.isArray(raw) && spec.compare === 'set') return { value: raw.map(elementText).sort() };
  // A list or an object where the table expects a scalar is still compared, whole.
  if (raw !== null && typeof raw === 'object')
    return { value: protectValue('setting', canonical(raw), out.fingerprint) };
  return undefined;
}

function elementText(value: unknown): string {
  return typeof value === 'string' ? value : canonical(value);
}

/** JSON with object keys sorted, so key order in the state never reads as a difference. */
function canonical(value: unknown): string {
  return (
    JSON.stringify(value, (_, v: unknown) =>
      v !== null && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : v,
    ) ?? 'null'
  );
}

/** Instances of one counted resource: capacity adds up, sets unite, other values list their variants. */
function combine(values: FactValue[], spec: AttributeSpec): FactValue | undefined {
  if (values.length === 0) return undefined;
  if (values.length === 1) return values[0];
  if (spec.compare === 'scaled' && values.every((v) => typeof v === 'number')) {
    return (values as number[]).reduce((a, b) => a + b, 0);
  }
  if (spec.compare === 'set') return [...new Set(values.flatMap((v) => (Array.isArray(v) ? v : [])))].sort();
  const distinct = [...new Set(values.map((v) => JSON.stringify(v)))];
  if (distinct.length === 1) return values[0];
  return values.some((v) => typeof v === 'object' && v !== null)
    ? values[0]
    : distinct.map((d) => JSON.parse(d)).join(', ');
}
