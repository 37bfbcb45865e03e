import { describe, expect, it } from 'vitest';
import { parseJsonDocument } from './json-docs.js';

const TEXT = `{
  "kind": "List",
  "items": [
    {
      "metadata": {
        "labels": { "name": "nested" },
        "name": "a"
      },
      "spec": {
        "containers": [
          { "name": "app", "env": [ { "name": "X", "value": "{[\\"quoted\\"]}" } ], "image": "i" }
        ]
      }
    }
  ]
}`;

describe('parseJsonDocument', () => {
  it('gives each object its line and each key the line of its own (not a nested) occurrence', () => {
    const document = parseJsonDocument(TEXT);
    const value = document?.value as {
      items: { metadata: object; spec: { containers: { env: object[] }[] } }[];
    };
    const item = value.items[0]!;
    const lineOf = document!.lineOf;
    expect(lineOf(item)).toBe(4);
    expect(lineOf(item.metadata, 'name')).toBe(7);
    expect(lineOf(item, 'spec')).toBe(9);
    const container = item.spec.containers[0]!;
    expect(lineOf(container, 'image')).toBe(11);
    expect(lineOf(container.env[0])).toBe(11);
    expect(lineOf(value, 'missing')).toBe(1);
    expect(lineOf('not a node')).toBe(1);
  });

  it('stops tying spans where JSON.parse reordered integer-like keys, rather than give wrong lines', () => {
    const document = parseJsonDocument('{\n"b": {"x": 1},\n"1": [1],\n"c": {\n"y": 2}\n}');
    const value = document?.value as { b: object; c: object };
    expect(document?.lineOf(value.c, 'y')).toBe(1);
  });

  it('is undefined for text that is not JSON', () => {
    expect(parseJsonDocument('{\n  "a": 1,\n  "b": }\n')).toBeUndefined();
  });
});
