import { describe, expect, it } from 'vitest';
import { parseYamlDocuments } from '../yaml-docs.js';

// The shared locator's behaviour this source relies on for file:line origins.
describe('yaml-docs lineOf for manifests', () => {
  const text = [
    '# leading comment', // 1
    'apiVersion: apps/v1', // 2
    'kind: Deployment', // 3
    'metadata:', // 4
    '  labels:', // 5
    '    name: wrong', // 6
    '  name: checkout', // 7
    'spec:', // 8
    '  template:', // 9
    '    spec:', // 10
    '      containers:', // 11
    '      - name: app', // 12
    '        env:', // 13
    '        - name: FOO', // 14
    '          value: x', // 15
    '        image: a', // 16
    '      - name: sidecar', // 17
    '        image: b', // 18
    '  replicas: 3', // 19
    '---', // 20
    'data:', // 21
    '  other: 1', // 22
  ].join('\n');
  const { documents } = parseYamlDocuments(text);
  const doc = documents[0]!;
  const v = doc.value as {
    metadata: object;
    spec: { template: { spec: { containers: { env: object[] }[] } } };
  };
  const containers = v.spec.template.spec.containers;

  it('finds a key among the node’s own keys, not a nested one of the same name', () => {
    expect(doc.lineOf(v.metadata, 'name')).toBe(7);
    expect(doc.lineOf(containers[0], 'name')).toBe(12);
    expect(doc.lineOf(containers[0], 'image')).toBe(16);
    expect(doc.lineOf(containers[1], 'image')).toBe(18);
  });

  it('finds a key written after a long nested block', () => {
    expect(doc.lineOf(v.spec, 'replicas')).toBe(19);
  });

  it('gives a node without a key its first line, skipping comments', () => {
    expect(doc.lineOf(v)).toBe(2);
    expect(doc.lineOf(containers[0]?.env[0])).toBe(14);
  });

  it('numbers lines of later documents from the start of the file', () => {
    const second = documents[1]!;
    expect(second.line).toBe(21);
    expect(second.lineOf((second.value as { data: object }).data, 'other')).toBe(22);
  });
});

describe('manifest types', () => {
  it('keeps dates as text and still merges `<<` keys', () => {
    const text = 'base: &base\n  a: 1\nconfig:\n  <<: *base\n  RELEASED: 2024-01-01\n';
    const { documents } = parseYamlDocuments(text);
    expect(documents[0]?.value).toEqual({ base: { a: 1 }, config: { a: 1, RELEASED: '2024-01-01' } });
  });
});
