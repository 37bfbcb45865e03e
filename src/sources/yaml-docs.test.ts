import { describe, expect, it } from 'vitest';
import { parsePolicy, type SourceCatalogue } from '../config/load.js';
import { ConfigError } from '../errors.js';
import { parseYamlDocuments } from './yaml-docs.js';

/** Classic billion laughs: each level holds its predecessor `width` times. */
function laughs(levels: number, width = 9, anchorPrefix = 'l'): string {
  const lines = [`${anchorPrefix}0: &${anchorPrefix}0 [lol]`];
  for (let i = 1; i < levels; i++) {
    const refs = Array.from({ length: width }, () => `*${anchorPrefix}${i - 1}`).join(', ');
    lines.push(`${anchorPrefix}${i}: &${anchorPrefix}${i} [${refs}]`);
  }
  return lines.join('\n');
}

describe('parseYamlDocuments: YAML as the ecosystem reads it', () => {
  it('reads a mapping whose first key is `!!merge <<:` under an anchored mapping, with lines', () => {
    const text = [
      'base: &base',
      '  a: 1',
      '  b: 2',
      'prod: &prod',
      '  !!merge <<: *base',
      '  b: 3',
      '  c: 4',
    ].join('\n');
    const { documents, problems } = parseYamlDocuments(text);
    expect(problems).toEqual([]);
    const doc = documents[0]!;
    const value = doc.value as { prod: object };
    expect(value).toEqual({ base: { a: 1, b: 2 }, prod: { a: 1, b: 3, c: 4 } });
    expect(doc.lineOf(value.prod, 'b')).toBe(6);
    expect(doc.lineOf(value.prod, 'c')).toBe(7);
    expect(doc.lineOf(value, 'prod')).toBe(4);
  });

  it('reads tags other tools define (CloudFormation `!Ref`) as the plain value, as `yaml` does', () => {
    const { documents, problems } = parseYamlDocuments('bucket: !Ref Bucket\nport: 80\n');
    expect(problems).toEqual([]);
    expect(documents[0]?.value).toEqual({ bucket: 'Bucket', port: 80 });
  });

  it('reads anchors of the same name in several documents, each in its own document', () => {
    const text = 'a: &x 1\nb: *x\n---\na: &x 2\nb: *x\n';
    const { documents, problems } = parseYamlDocuments(text);
    expect(problems).toEqual([]);
    expect(documents.map((d) => d.value)).toEqual([
      { a: 1, b: 1 },
      { a: 2, b: 2 },
    ]);
  });

  it('names an alias to another document’s anchor at its line, as `yaml` and PyYAML refuse it', () => {
    const { documents, problems } = parseYamlDocuments('a: &x 1\n---\nb: *x\n');
    expect(documents.map((d) => d.value)).toEqual([{ a: 1 }]);
    expect(problems).toEqual([{ line: 3, message: expect.stringMatching(/alias/) }]);
  });
});

describe('parseYamlDocuments: bounded alias expansion', () => {
  it('names an alias bomb at its line in well under a second, and reads the other documents', () => {
    const started = performance.now();
    const { documents, problems } = parseYamlDocuments(`ok: 1\n---\n${laughs(12)}\n---\nalso: 2\n`);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(documents.map((d) => d.value)).toEqual([{ ok: 1 }, { also: 2 }]);
    expect(problems).toEqual([{ line: 9, message: expect.stringMatching(/alias bomb/) }]);
  });

  it('names a wide bomb too: one large list aliased a thousand times', () => {
    const list = `big: &big [${Array.from({ length: 2000 }, (_, i) => i).join(', ')}]`;
    const uses = Array.from({ length: 1000 }, (_, i) => `u${i}: *big`).join('\n');
    const { problems } = parseYamlDocuments(`${list}\n${uses}\n`);
    expect(problems).toEqual([{ line: 1, message: expect.stringMatching(/alias bomb/) }]);
  });

  it('names a bomb of bytes: one large string aliased two thousand times (2 GB once expanded)', () => {
    // Before: 2,001 nodes passed the node count; helm-values then ran 47 s to 2.8 GB and crashed.
    const text = `big: &big "${'x'.repeat(1 << 20)}"\nrefs: [${Array.from({ length: 2000 }, () => '*big').join(', ')}]\n`;
    const { documents, problems } = parseYamlDocuments(text);
    expect(documents).toEqual([]);
    expect(problems).toEqual([{ line: 2, message: expect.stringMatching(/alias bomb/) }]);
  });

  it('large strings written out, and a large string aliased a few times, are read', () => {
    const literal = Array.from({ length: 16 }, (_, i) => `k${i}: "${String(i).repeat(1 << 20)}"`).join('\n');
    const reused = `cert: &cert "${'c'.repeat(1 << 20)}"\nagain: *cert\nonce-more: *cert\n`;
    for (const text of [`${literal}\nalias: &a 1\nuse: *a\n`, reused]) {
      const { documents, problems } = parseYamlDocuments(text);
      expect(problems).toEqual([]);
      expect(documents).toHaveLength(1);
    }
  });

  it('names a recursive alias instead of handing readers a cycle', () => {
    const { documents, problems } = parseYamlDocuments('a: &a {b: *a}\n');
    expect(documents).toEqual([]);
    expect(problems).toEqual([{ line: 1, message: expect.stringMatching(/refers to its own anchor/) }]);
  });

  it('reads the ordinary use of anchors: a job template merged into hundreds of jobs', () => {
    const jobs = Array.from({ length: 500 }, (_, i) => `job${i}:\n  <<: *defaults\n  script: [make ${i}]`);
    const text = `.defaults: &defaults\n  image: node:20\n  tags: [docker, linux]\n${jobs.join('\n')}\n`;
    const { documents, problems } = parseYamlDocuments(text);
    expect(problems).toEqual([]);
    expect((documents[0]!.value as Record<string, unknown>).job499).toEqual({
      image: 'node:20',
      tags: ['docker', 'linux'],
      script: ['make 499'],
    });
  });
});

describe('the second reader (`yaml`) has bounded work too', () => {
  it('reads again only documents of a hand-written size (a 5 MB one took 2.6 GB there)', () => {
    // Duplicate keys: js-yaml rejects the document; over 1 MiB, its message stands.
    const big = Array.from({ length: 120_000 }, (_, i) => `k${i % 1000}: ${'v'.repeat(4)}`).join('\n');
    const result = parseYamlDocuments(big);
    expect(result.documents).toEqual([]);
    expect(result.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^invalid YAML: duplicated mapping key/),
    ]);
    const merges = [
      'base: &base',
      '  a: 1',
      ...Array.from({ length: 60_000 }, (_, i) => `m${i}: {<<: *base, b: ${i}}`),
    ];
    expect(parseYamlDocuments(merges.join('\n')).problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/with more than 200 merge keys: too large to read safely$/),
    ]);
  });

  // `!!merge <<:` under an anchored mapping sends a document to `yaml`; its own toJS looks each
  // alias up by walking the document again, quadratic in aliases.
  const merged = (body: string[]) => [
    'base: &base',
    '  a: 1',
    'first: &first',
    '  !!merge <<: *base',
    ...body,
  ];

  it('reads 20,000 anchors and aliases in seconds, not minutes (was 17 s, quadratic)', () => {
    const body = Array.from({ length: 20_000 }, (_, i) => `k${i}: &k${i} [*base, *first]`);
    const started = performance.now();
    const { documents, problems } = parseYamlDocuments(merged(body).join('\n'));
    expect(performance.now() - started).toBeLessThan(8000);
    expect(problems).toEqual([]);
    expect((documents[0]!.value as Record<string, unknown>).k19999).toEqual([{ a: 1 }, { a: 1 }]);
  });

  it('names a merge bomb (merges of merges) at its line', () => {
    const body = ['m0: &m0 {a: 1, b: 2, c: 3, d: 4}'];
    for (let i = 1; i < 40; i++)
      body.push(
        `m${i}: &m${i} {<<: [*m${i - 1}], ${Array.from({ length: 8 }, (_, k) => `x${i}_${k}: *m${i - 1}`).join(', ')}}`,
      );
    const started = performance.now();
    const { problems } = parseYamlDocuments(merged(body).join('\n'));
    expect(performance.now() - started).toBeLessThan(3000);
    expect(problems).toEqual([
      { line: expect.any(Number), message: expect.stringMatching(/alias bomb|merge bomb/) },
    ]);
  });

  it('names a wide mapping merged thousands of times (js-yaml copies it per merge, unbounded)', () => {
    const wide = `wide: &wide {${Array.from({ length: 5000 }, (_, i) => `w${i}: ${i}`).join(', ')}}`;
    const uses = Array.from({ length: 5000 }, (_, i) => `u${i}: {<<: *wide}`);
    const started = performance.now();
    const { problems } = parseYamlDocuments([wide, ...uses].join('\n'));
    expect(performance.now() - started).toBeLessThan(8000);
    // The line where the copies pass the budget: the 50th merge of 5,000 keys.
    expect(problems).toEqual([{ line: 52, message: expect.stringMatching(/merge bomb/) }]);
  });

  it('names nesting too deep for a reader, at once', () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const { problems } = parseYamlDocuments(merged([`deep: ${deep}`]).join('\n'));
    expect(problems).toHaveLength(1);
  });
});

describe('parseYamlDocuments: key lines in linear time', () => {
  it('finds every key line of a 100k-key ConfigMap within seconds (was over two minutes)', () => {
    const n = 100_000;
    const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: big', 'data:'];
    for (let i = 0; i < n; i++) lines.push(`  KEY_${i}: "value ${i}"`);
    const { documents } = parseYamlDocuments(lines.join('\n'));
    const doc = documents[0]!;
    const data = (doc.value as { data: Record<string, string> }).data;
    const started = performance.now();
    let last = 0;
    for (const key of Object.keys(data)) last = doc.lineOf(data, key) ?? 0;
    expect(performance.now() - started).toBeLessThan(5000);
    expect(last).toBe(5 + n);
    expect(doc.lineOf(data, 'KEY_500')).toBe(506);
  });
});

describe('parity.yaml through the same loader', () => {
  const catalogue: SourceCatalogue = {
    has: () => true,
    kinds: () => ['dotenv'],
    input: () => 'files',
    validateOptions: () => ({ success: true, data: {} }) as never,
  };
  const errorOf = (text: string): ConfigError => {
    try {
      parsePolicy(text, 'parity.yaml', catalogue, {});
    } catch (error) {
      return error as ConfigError;
    }
    throw new Error('expected a configuration error');
  };

  it('makes an alias bomb a configuration error at its line, not a stack trace', () => {
    const started = performance.now();
    const error = errorOf(`version: 1\n${laughs(12, 9, 'x')}\nenvironments: {}\n`);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(ConfigError);
    // The line of the mapping whose aliases first pass the budget: x6 holds 9^6 lists.
    expect(error.message).toMatch(/^parity\.yaml:8: YAML aliases expand/);
  });

  it('makes a recursive alias a configuration error', () => {
    const error = errorOf('version: 1\nx: &a [*a]\n');
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/^parity\.yaml:2: /);
  });
});
