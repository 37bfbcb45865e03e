import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareRules } from '../../test-support/compare.js';
import { createFingerprinter } from '../secrets.js';
import { extractHelmValues } from './extract.js';

const fingerprint = createFingerprinter('silent-equality-key');

type Value = null | boolean | number | string | Value[] | { [key: string]: Value };

/** Words that are neither secret-shaped nor Helm conventions, with the natural-key fields among them. */
const KEYS = ['name', 'id', 'key', 'host', 'path', 'a', 'b', 'cpu', 'items', 'labels', 'limits', 'value'];
const WORDS = ['api', 'web', 'worker', 'a', 'b', 'x-1', '1', 'true', '', 'on'];
const REPLACEMENTS: Value[] = [
  0,
  1,
  2,
  -1,
  true,
  false,
  null,
  'api',
  'other',
  '1',
  '',
  [],
  ['api'],
  { a: 1 },
];

const scalar: fc.Arbitrary<Value> = fc.oneof(
  fc.integer({ min: -3, max: 1000 }),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(...WORDS),
  fc.constantFrom('x'.repeat(1500), `${'y'.repeat(1499)}z`),
);

/** A list of 450 application mappings, ~80 KB as JSON: larger than the 64 KB a flattener once summarised. */
const large: fc.Arbitrary<Value> = fc
  .nat(9)
  .map((replicas) =>
    Array.from({ length: 450 }, (_, i) => ({ name: `app-${i}`, replicas, note: 'n'.repeat(150) })),
  );

/** Nested values: mappings (never empty: an empty mapping is as good as absent), lists of scalars, of mappings, mixed, and large. */
const { tree } = fc.letrec<{ tree: Value; mapping: Value }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: scalar, weight: 3 },
    { arbitrary: tie('mapping'), weight: 3 },
    { arbitrary: fc.array(scalar, { maxLength: 4 }), weight: 1 },
    { arbitrary: fc.array(tie('mapping'), { maxLength: 5 }), weight: 2 },
    { arbitrary: fc.array(tie('tree'), { maxLength: 4 }), weight: 1 },
    {
      arbitrary: fc.array(fc.record({ name: fc.constantFrom(...WORDS), replicas: fc.nat(9) }), {
        minLength: 40,
        maxLength: 80,
      }),
      weight: 1,
    },
    { arbitrary: large, weight: 1 },
  ),
  mapping: fc.dictionary(fc.constantFrom(...KEYS), tie('tree'), {
    minKeys: 1,
    maxKeys: 4,
  }) as fc.Arbitrary<Value>,
}));

const json = (v: Value) => JSON.stringify(v);

/** Every node of a value, as the path that reaches it. */
function nodes(value: Value, path: (string | number)[] = []): (string | number)[][] {
  const out = [path];
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push(...nodes(v, [...path, i]));
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out.push(...nodes(v, [...path, k]));
  }
  return out;
}

/** Replaces the node at `path`; `edit` returns the new node, which must differ from the old. */
function at(value: Value, path: (string | number)[], edit: (node: Value) => Value): Value {
  if (path.length === 0) return edit(value);
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? at(v, rest, edit) : v));
  const obj = value as { [key: string]: Value };
  return { ...obj, [head!]: at(obj[head!]!, rest, edit) };
}

/** One change somewhere: a scalar replaced, a key added or removed, an element added, removed or moved. */
function mutate(value: Value, pick: number, op: number): Value {
  const all = nodes(value);
  const path = all[pick % all.length]!;
  return at(value, path, (node) => {
    const replaced = REPLACEMENTS.find((r) => json(r) !== json(node))!;
    if (Array.isArray(node)) {
      const swap = node.findIndex((v, i) => i > 0 && json(v) !== json(node[0]!));
      if (op % 4 === 0 && swap > 0) {
        const moved = [...node];
        [moved[0], moved[swap]] = [moved[swap]!, moved[0]!];
        return moved;
      }
      if (op % 4 === 1 && node.length > 0) return node.slice(0, -1);
      if (op % 4 === 2) return [...node, { name: 'added', a: 1 }];
      return replaced;
    }
    if (node !== null && typeof node === 'object') {
      const keys = Object.keys(node);
      if (op % 3 === 0 && keys.length > 1) {
        const { [keys[0]!]: _, ...rest } = node;
        return rest;
      }
      if (op % 3 === 1) return { ...node, zz: 'added' };
      return replaced;
    }
    return replaced;
  });
}

function extract(root: Value) {
  const text = JSON.stringify({ settings: root });
  return extractHelmValues([{ file: 'values.yaml', text }], {
    source: 'helm',
    fingerprint,
    workload: 'shop',
  });
}

const ONE = { replicas: 1, resources: 1, data: 1, traffic: 1 };

describe('helm values: no silent equality', () => {
  it('reports a divergence or a skip for any two values that differ somewhere', () => {
    fc.assert(
      fc.property(tree, fc.nat(), fc.nat(), (production, pick, op) => {
        const staging = mutate(production, pick, op);
        if (json(staging) === json(production)) return; // the edit left it as it was (cannot happen, but never assume)
        const a = extract(production);
        const b = extract(staging);
        const divergences = compareRules(a.facts, b.facts).divergences;
        if (divergences.length === 0 && a.skips.length === 0 && b.skips.length === 0) {
          expect({ production, staging, facts: [a.facts, b.facts] }).toEqual('a divergence or a skip');
        }
      }),
      { numRuns: 150 },
    );
  });

  it('reports the same value on both sides as no divergence', () => {
    fc.assert(
      fc.property(tree, (value) => {
        // At scale 1: a replica count in a list is a workload's, judged against the declared scale.
        const same = compareRules(extract(value).facts, extract(value).facts, { scale: ONE });
        expect(same.divergences).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});
