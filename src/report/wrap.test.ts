import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanText, truncate } from '../units/clean.js';
import { visibleLength } from './ansi.js';
import { wrap } from './wrap.js';

describe('wrap', () => {
  it('breaks between words with a hanging indent', () => {
    expect(wrap('one two three four five', { width: 14, first: '- ', rest: '  ' })).toBe(
      '- one two\n  three four\n  five',
    );
  });

  it('keeps runs of spaces inside a line and drops them at a break', () => {
    expect(wrap('a.yaml:3  expected a mapping', { width: 40 })).toBe('a.yaml:3  expected a mapping');
    expect(wrap('a.yaml:3  expected', { width: 10 })).toBe('a.yaml:3\nexpected');
  });

  it('cuts a word longer than a whole line at the width, so no line passes it', () => {
    expect(wrap('see deploy/production/very/long/path.yaml:12 now', { width: 20, rest: '  ' })).toBe(
      'see\n  deploy/production/\n  very/long/path.yam\n  l:12 now',
    );
    // Wide characters count two columns: six of them fill a 12-column line.
    expect(wrap('注文の処理に失敗しました', { width: 12 })).toBe('注文の処理に\n失敗しました');
  });

  it('moves the first word under a shorter indent when that makes it fit', () => {
    expect(wrap('word', { width: 10, first: 'long label ', rest: '  ' })).toBe('long label\n  word');
  });

  it('does not count colour escapes and paints each line on its own', () => {
    const red = (t: string) => `\u001b[31m${t}\u001b[39m`;
    expect(wrap('aaa bbb', { width: 3, paint: red })).toBe(`${red('aaa')}\n${red('bbb')}`);
  });

  it('never passes the width when every word fits, and keeps every word in order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z]{1,12}$/), { maxLength: 40 }),
        fc.integer({ min: 16, max: 80 }),
        (words, width) => {
          const out = wrap(words.join(' '), { width, first: '> ', rest: '  ' });
          for (const line of out.split('\n')) expect(visibleLength(line)).toBeLessThanOrEqual(width);
          expect(out.replace(/^>/, '').split(/\s+/).filter(Boolean)).toEqual(words);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('cleanText', () => {
  it('turns breaks into spaces and controls into ?', () => {
    expect(cleanText('a\nb\tc\u001b[31md\u202ee\u0000')).toBe('a b c?[31md?e?');
  });

  it('truncates without splitting a surrogate pair', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('ab😀cd', 4)).toBe('ab…');
  });
});
