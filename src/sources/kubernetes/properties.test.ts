import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { createFingerprinter } from '../secrets.js';
import { extractKubernetes } from './extract.js';

const fingerprint = createFingerprinter('property-key');
const FIXTURES = new URL('./__fixtures__/', import.meta.url);
const fixtureTexts = ['production', 'staging', '.']
  .flatMap((dir) =>
    readdirSync(new URL(`${dir}/`, FIXTURES), { withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => readFileSync(new URL(`${dir}/${d.name}`, FIXTURES), 'utf8')),
  )
  .filter((text) => text.length > 0);

const KINDS = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
  'Pod',
  'ConfigMap',
  'Secret',
  'Service',
  'Ingress',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
  'Namespace',
  'List',
  'Config',
];
const API_VERSIONS = [
  'v1',
  'apps/v1',
  'batch/v1',
  'networking.k8s.io/v1',
  'autoscaling/v2',
  'policy/v1',
  'keda.sh/v1alpha1',
  'argoproj.io/v1alpha1',
];

function extract(file: string, text: string) {
  return extractKubernetes([{ file, text }], { source: 'k8s', fingerprint });
}

/** Any object shaped like a manifest at the top, with anything at all below. */
const manifest = fc.record({
  apiVersion: fc.constantFrom(...API_VERSIONS),
  kind: fc.constantFrom(...KINDS),
  metadata: fc.record({
    name: fc.string({ minLength: 1 }),
    namespace: fc.option(fc.string(), { nil: undefined }),
  }),
  spec: fc.anything(),
  data: fc.anything(),
  items: fc.anything(),
});

describe('kubernetes extract: properties', () => {
  it('never throws on random text, as YAML or JSON', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.boolean(), (text, json) => {
        const result = extract(json ? 'x.json' : 'x.yaml', text);
        expect(Array.isArray(result.facts)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('stays linear on pathological lines', () => {
    const started = performance.now();
    extract('spaces.yaml', `kind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a${' '.repeat(50_000)}b: c\n`);
    extract('braces.yaml', `kind: ConfigMap\nmetadata:\n  name: "${'{{'.repeat(50_000)}"\n`);
    extract('brackets.json', `${'['.repeat(20_000)}${']'.repeat(20_000)}`);
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('never throws on truncated fixtures, and every fact and skip has a positive line', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...fixtureTexts),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (text, cut) => {
          const result = extract('cut.yaml', text.slice(0, Math.floor(text.length * cut)));
          for (const f of result.facts) expect(f.origin.line === undefined || f.origin.line >= 1).toBe(true);
          for (const s of result.skips) expect(s.line === undefined || s.line >= 1).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('never throws when any subtree of a manifest has an unexpected shape', () => {
    fc.assert(
      fc.property(fc.array(manifest, { minLength: 1, maxLength: 3 }), fc.boolean(), (objects, asJson) => {
        const text = asJson
          ? JSON.stringify({ kind: 'List', items: objects })
          : objects.map((o) => yaml.dump(o)).join('---\n');
        const keys = extract(asJson ? 'dump.json' : 'm.yaml', text).facts.map((f) => f.key);
        expect(new Set(keys).size).toBe(keys.length);
      }),
      { numRuns: 150 },
    );
  });

  it('never throws, nor repeats a key, when one node deep in a real manifest is replaced by anything', () => {
    const objects = fixtureTexts.flatMap((text) => {
      try {
        return yaml.loadAll(text).filter((o) => o && typeof o === 'object');
      } catch {
        return [];
      }
    });
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.anything(), (which, where, replacement) => {
        const copy = structuredClone(objects[which % objects.length]) as object;
        const paths = nodePaths(copy);
        const path = paths[where % paths.length] ?? [];
        setAt(copy, path, replacement);
        const keys = extract('mutated.yaml', yaml.dump(copy, { skipInvalid: true })).facts.map((f) => f.key);
        expect(new Set(keys).size).toBe(keys.length);
      }),
      { numRuns: 200 },
    );
  });

  it('never lets a planted secret into facts or skips', () => {
    const secret = fc.stringMatching(/^[A-Za-z0-9]{12,24}$/).map((s) => `PLANT${s}`);
    fc.assert(
      fc.property(secret, (planted) => {
        const text = [
          'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:',
          `  KEY: ${Buffer.from(planted).toString('base64')}`,
          `stringData:\n  OTHER: ${planted}`,
          '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:',
          `  DB_PASSWORD: ${planted}\n  DATABASE_URL: postgres://u:${planted}@db:5432/x`,
          '---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: w\nspec:\n  template:\n    spec:\n      containers:',
          `        - name: app\n          envFrom:\n            - secretRef:\n                name: s\n            - configMapRef:\n                name: c`,
          `          env:\n            - name: API_TOKEN\n              value: ${planted}`,
          `          livenessProbe:\n            exec:\n              command: [redis-cli, --password, ${planted}, ping]`,
        ].join('\n');
        const result = extract('planted.yaml', text);
        expect(result.facts.length).toBeGreaterThan(5);
        expect(JSON.stringify(result)).not.toContain(planted);
      }),
      { numRuns: 50 },
    );
  });
});

/** Every path to a node of a parsed document, parents before children. */
function nodePaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return entries.flatMap(([k, v]) => [[...prefix, k], ...nodePaths(v, [...prefix, k])]);
}

function setAt(root: object, path: (string | number)[], value: unknown): void {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (last !== undefined) node[last] = value;
}
