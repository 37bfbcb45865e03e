import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutAnywhere, fixtureTexts } from '../test-support/property.js';
import { parseYamlDocuments } from './yaml-docs.js';

// Documents of a text without CRs are cut from the text by offsets; with CRs (`\r\n`) their lines
// are joined again. Both must give the same documents, lines and problems: the CRLF form of any
// text is the judge of the LF form (the same document bodies, the same line numbers).
const corpus = fixtureTexts(new URL('./__fixtures__/yaml-corpus/', import.meta.url));

/** Every node's line and every key's line, in walk order, so two readings can be compared. */
function lines(text: string): unknown {
  const { documents, problems } = parseYamlDocuments(text);
  const out: unknown[] = [];
  for (const doc of documents) {
    const walk = (node: unknown, depth: number): void => {
      if (node === null || typeof node !== 'object' || depth > 20) return;
      out.push(doc.lineOf(node));
      for (const [key, child] of Object.entries(node)) {
        out.push(key, doc.lineOf(node, key));
        walk(child, depth + 1);
      }
    };
    out.push(doc.line, doc.value);
    walk(doc.value, 0);
  }
  return { out, problems };
}

const separators = fc.constantFrom('---\n', '--- # next\n', '---\n\n', '\n---\n', '---');

describe('document splitting by offsets is the line join it replaces', () => {
  it('on every corpus file, and on corpus files joined and cut anywhere', () => {
    for (const text of corpus) expect(lines(text)).toEqual(lines(text.replace(/\n/g, '\r\n')));
    fc.assert(
      fc.property(fc.array(fc.tuple(cutAnywhere(corpus), separators), { maxLength: 4 }), (parts) => {
        const text = parts.map(([body, sep]) => body + sep).join('');
        expect(lines(text)).toEqual(lines(text.replace(/\n/g, '\r\n')));
      }),
      { numRuns: 300 },
    );
  });
});
