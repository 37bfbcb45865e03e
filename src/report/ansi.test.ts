import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { createPalette, truncateToWidth, visibleLength } from './ansi.js';

// visibleLength answers plain ASCII itself and loads string-width for anything else (start-up,
// issue 14): the width must be string-width's on any text, painted or not.
describe('visibleLength is string-width', () => {
  const palette = createPalette(true);
  const paints = Object.values(palette);
  const unit = fc.constantFrom(
    'a',
    ' ',
    '~',
    '\t',
    '\u001b',
    '[',
    '3',
    '1',
    'm',
    'é',
    'e\u0301',
    '日',
    '😀',
    '\u200b',
    '\ufe0f',
    '\u0301',
    '’',
    '—',
    '…',
    '→',
    '✓',
    '✗',
    '·',
    '×',
    '≥',
    '±',
  );
  const texts = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.string({ unit, maxLength: 30 }),
    fc.string({ unit: 'grapheme', maxLength: 12 }),
    fc.string({ unit: 'binary', maxLength: 12 }),
  );

  it('on any text', () => {
    fc.assert(
      fc.property(texts, (text) => {
        expect(visibleLength(text)).toBe(stringWidth(text));
      }),
    );
  });

  it('on text in the report palette, nested', () => {
    fc.assert(
      fc.property(
        texts,
        fc.nat({ max: paints.length - 1 }),
        fc.nat({ max: paints.length - 1 }),
        (text, a, b) => {
          const painted = paints[a]!(`${text}|${paints[b]!(text)}`);
          expect(visibleLength(painted)).toBe(stringWidth(painted));
        },
      ),
    );
  });

  it('truncates wide text by columns', () => {
    expect(visibleLength('日本語')).toBe(6);
    expect(truncateToWidth('日本語のパス', 5)).toBe('日本…');
  });
});
