import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node as YamlNode } from 'yaml';
import { parseYamlDocuments } from './yaml-docs.js';

// Differential test: Parity's one YAML loader against the `yaml` package's own reading, on files
// shaped like the ones teams keep (Helm values with anchors and merges, Compose x- extensions,
// multi-document manifests, GitLab CI templates, foreign tags).
const dir = fileURLToPath(new URL('./__fixtures__/yaml-corpus/', import.meta.url));
const corpus = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

function reference(text: string) {
  const lineCounter = new LineCounter();
  // An empty document (`---` then `---`) holds nothing to read: Parity skips it, as kubectl does.
  const empty = (node: unknown) =>
    isScalar(node) && node.value === null && node.range?.[0] === node.range?.[1];
  const docs = parseAllDocuments(text, { lineCounter, merge: true, schema: 'core' }).filter(
    (d) => d.contents !== null && !empty(d.contents),
  );
  for (const d of docs) expect(d.errors).toEqual([]);
  return { docs, lineCounter };
}

/** Every own (not merged, not aliased) key of every mapping: [path, key, line per `yaml`]. */
function keyLines(root: unknown, counter: LineCounter): [(string | number)[], string, number][] {
  const out: [(string | number)[], string, number][] = [];
  const walk = (node: unknown, path: (string | number)[]) => {
    if (isAlias(node)) return;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isScalar(pair.key) || typeof pair.key.value === 'symbol') continue;
        const key = String(pair.key.value);
        out.push([path, key, counter.linePos((pair.key as YamlNode).range?.[0] ?? 0).line]);
        walk(pair.value, [...path, key]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        walk(item, [...path, i]);
      });
    }
  };
  walk(root, []);
  return out;
}

function at(value: unknown, path: readonly (string | number)[]): unknown {
  let v = value;
  for (const p of path) v = (v as Record<string | number, unknown>)[p];
  return v;
}

describe('the YAML loader reads what `yaml` reads', () => {
  it('has a corpus of at least 15 files', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(15);
  });

  it.each(corpus)('%s: the same values, document by document', (name) => {
    const text = readFileSync(`${dir}${name}`, 'utf8');
    const { docs } = reference(text);
    const ours = parseYamlDocuments(text);
    expect(ours.problems).toEqual([]);
    expect(ours.documents.map((d) => d.value)).toEqual(docs.map((d) => d.toJS()));
  });

  it.each(corpus)('%s: the same line for every key', (name) => {
    const text = readFileSync(`${dir}${name}`, 'utf8');
    const { docs, lineCounter } = reference(text);
    const ours = parseYamlDocuments(text);
    docs.forEach((doc, i) => {
      const mine = ours.documents[i]!;
      for (const [path, key, line] of keyLines(doc.contents, lineCounter)) {
        expect([...path, key, mine.lineOf(at(mine.value, path), key)]).toEqual([...path, key, line]);
      }
    });
  });
});
