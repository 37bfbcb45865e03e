import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Which folder may import which: the dependency rule of docs/architecture.md, as data.
 * A key is a path under src/ (a folder, a sub-folder, or a root file without `.ts`); a module
 * belongs to the longest key that prefixes it. A module may import its own layer and the layers
 * listed for it, nothing else. Type-only imports count like the others: a type that two layers
 * share lives below both, like a function (keeping them apart would let `import type` hide a
 * cycle the next refactor turns into a runtime one).
 */
const BASE = ['errors', 'lookup', 'package-root', 'regular-file', 'user-regex'];
const BELOW_SOURCES = [...BASE, 'model', 'units', 'secrets', 'postgres', 'traffic/logs', 'traffic/profile'];
const UP_TO_SOURCES = [...BELOW_SOURCES, 'sources'];
const ALLOWED: Record<string, readonly string[]> = {
  errors: [],
  lookup: [],
  'package-root': [],
  'regular-file': [],
  'user-regex': [],
  model: BASE,
  units: [...BASE, 'model'],
  secrets: [...BASE, 'model'],
  postgres: [...BASE, 'model', 'units', 'secrets'],
  'traffic/logs': [...BASE, 'model', 'units'],
  'traffic/profile': [...BASE, 'model', 'units', 'traffic/logs'],
  sources: BELOW_SOURCES,
  config: UP_TO_SOURCES,
  derive: UP_TO_SOURCES,
  collect: [...UP_TO_SOURCES, 'config', 'derive'],
  'rule-kit': [...BASE, 'model', 'units'],
  // Compare and the rules judge facts: they never reach into a source's internals.
  compare: [...BELOW_SOURCES, 'config', 'derive', 'collect', 'rule-kit'],
  rules: [...BELOW_SOURCES, 'config', 'derive', 'collect', 'rule-kit', 'compare'],
  policy: [...UP_TO_SOURCES, 'config', 'derive', 'collect', 'rule-kit', 'compare', 'rules'],
  // The report writers write every report, the verification paths' results too (pure renderers).
  report: [
    ...UP_TO_SOURCES,
    ...['config', 'derive', 'collect', 'rule-kit', 'compare', 'rules', 'policy', 'data', 'traffic'],
  ],
  pipeline: [
    ...UP_TO_SOURCES,
    ...['config', 'derive', 'collect', 'rule-kit', 'compare', 'rules', 'policy', 'report'],
  ],
  index: [
    ...UP_TO_SOURCES,
    ...['config', 'derive', 'collect', 'rule-kit', 'compare', 'rules', 'policy', 'report', 'pipeline'],
  ],
  // Verification paths: they read through sources and the model, nothing reads through them.
  data: UP_TO_SOURCES,
  traffic: UP_TO_SOURCES,
  demo: [...UP_TO_SOURCES, 'data'],
  init: [
    ...UP_TO_SOURCES,
    ...[
      'config',
      'derive',
      'collect',
      'rule-kit',
      'compare',
      'rules',
      'policy',
      'report',
      'pipeline',
      'index',
    ],
  ],
  cli: ['*'],
};

const SRC = path.dirname(fileURLToPath(import.meta.url));
const IMPORT =
  /(?:^|[\n;])\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '__fixtures__') out.push(...tsFiles(full));
    } else if (entry.name.endsWith('.ts')) out.push(full);
  }
  return out;
}

/** The layer key of a path relative to src/ (longest matching key of ALLOWED). */
function layerOf(rel: string): string | undefined {
  const bare = rel.replace(/\.(js|ts)$/, '');
  let best: string | undefined;
  for (const key of Object.keys(ALLOWED)) {
    if ((bare === key || bare.startsWith(`${key}/`)) && (best === undefined || key.length > best.length))
      best = key;
  }
  return best;
}

interface Edge {
  from: string;
  to: string;
  file: string;
}

/** Every relative import of a file under src/, resolved to a path relative to src/. */
function importsOf(file: string, runtimeOnly = false): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[2] ?? m[3];
    if (runtimeOnly && m[1] !== undefined) continue;
    if (spec?.startsWith('.')) out.push(path.relative(SRC, path.resolve(path.dirname(file), spec)));
  }
  return out;
}

/** Runtime import cycles between production files (type-only imports vanish at runtime). */
function runtimeCycles(): string[][] {
  const graph = new Map<string, string[]>();
  for (const file of tsFiles(SRC)) {
    const rel = path.relative(SRC, file);
    if (isTestOnly(rel)) continue;
    graph.set(
      rel,
      importsOf(file, true).map((t) => t.replace(/\.js$/, '.ts')),
    );
  }
  // Tarjan's strongly connected components; a component of two or more files is a cycle.
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    order.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!order.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, order.get(w) ?? 0));
    }
    if (low.get(v) === order.get(v)) {
      const component: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w !== undefined) {
          onStack.delete(w);
          component.push(w);
        }
      } while (w !== undefined && w !== v);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!order.has(v)) visit(v);
  return cycles;
}

function isTestOnly(rel: string): boolean {
  return rel.endsWith('.test.ts') || rel.startsWith('test-support/');
}

/** Production edges that the table does not allow, as `from -> to (file)`. */
function violations(): { forbidden: string[]; unplaced: string[]; testOnly: string[]; outside: string[] } {
  const forbidden = new Set<string>();
  const unplaced = new Set<string>();
  const testOnly = new Set<string>();
  const outside = new Set<string>();
  for (const file of tsFiles(SRC)) {
    const rel = path.relative(SRC, file);
    for (const target of importsOf(file)) {
      if (target.startsWith('..')) {
        // Nothing under src/ reaches out of it (bench/ may use src/, never the reverse).
        outside.add(`${rel} -> ${target}`);
        continue;
      }
      if (isTestOnly(rel)) continue; // tests may reach up: an end-to-end test runs the pipeline
      if (isTestOnly(target)) {
        testOnly.add(`${rel} -> ${target}`);
        continue;
      }
      const from = layerOf(rel);
      const to = layerOf(target);
      if (from === undefined || to === undefined) {
        unplaced.add(from === undefined ? rel : target);
        continue;
      }
      const edge: Edge = { from, to, file: rel };
      const allowed = ALLOWED[from] ?? [];
      if (from === to || allowed.includes('*') || allowed.includes(to)) continue;
      forbidden.add(`${edge.from} -> ${edge.to} (${edge.file})`);
    }
  }
  return {
    forbidden: [...forbidden].sort(),
    unplaced: [...unplaced].sort(),
    testOnly: [...testOnly].sort(),
    outside: [...outside].sort(),
  };
}

describe('the import graph', () => {
  const found = violations();
  const problems = [
    ...found.forbidden,
    ...found.testOnly.map((e) => `test code in the product: ${e}`),
    ...found.outside.map((e) => `outside src/: ${e}`),
    ...runtimeCycles().map((c) => `runtime cycle: ${c.join(' <-> ')}`),
  ];

  it('places every module in a layer of the table', () => {
    expect(found.unplaced).toEqual([]);
  });

  it('has no edge against the dependency rule and no runtime cycle between files', () => {
    expect(problems).toEqual([]);
  });

  it('allows no folder-level cycle: the table itself runs one way', () => {
    const seen = new Set<string>();
    const trail: string[] = [];
    const cycle = (layer: string): string[] | undefined => {
      if (trail.includes(layer)) return [...trail.slice(trail.indexOf(layer)), layer];
      if (seen.has(layer)) return undefined;
      seen.add(layer);
      trail.push(layer);
      for (const next of (ALLOWED[layer] ?? []).filter((l) => l !== '*')) {
        const found = cycle(next);
        if (found) return found;
      }
      trail.pop();
      return undefined;
    };
    for (const layer of Object.keys(ALLOWED)) expect(cycle(layer)).toBeUndefined();
  });

  it('finds a forbidden edge when one appears', () => {
    expect(layerOf('compare/values.ts')).toBe('compare');
    expect(layerOf('traffic/logs/nginx.ts')).toBe('traffic/logs');
    expect(ALLOWED.compare).not.toContain('rules');
    expect(ALLOWED.sources).not.toContain('data');
    expect(ALLOWED.sources).not.toContain('traffic');
  });
});
