import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { visibleLength } from './ansi.js';

describe('visibleLength', () => {
  it('is string-width on any text: printable ASCII by its own loop, anything else by string-width', () => {
    const pieces = fc.constantFrom(
      'a',
      'Z',
      '~',
      ' ',
      '\t',
      '\u001b[31m',
      '\u001b[39m',
      '漢',
      'é',
      'e\u0301',
      '👍🏽',
      '\u200b',
      '\u0000',
      '\u007f',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), pieces), { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        expect(visibleLength(text)).toBe(stringWidth(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('counts an escape or a wide character in otherwise plain text as string-width does', () => {
    expect(visibleLength('plain words only')).toBe(16);
    expect(visibleLength('\u001b[1mbold\u001b[22m')).toBe(4);
    expect(visibleLength('wide 漢字')).toBe(9);
    expect(visibleLength('tab\there')).toBe(stringWidth('tab\there'));
  });
});
