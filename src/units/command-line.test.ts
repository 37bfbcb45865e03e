import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commandLine, splitWords } from './command-line.js';

describe('commandLine', () => {
  it('spells the shell form and the exec form of one command alike', () => {
    expect(commandLine('node dist/index.js')).toBe('node dist/index.js');
    expect(commandLine(['node', 'dist/index.js'])).toBe('node dist/index.js');
    expect(commandLine('  npm   run dev ')).toBe(commandLine(['npm', 'run', 'dev']));
    expect(commandLine(`sh -c 'echo "$HOME" && exec app'`)).toBe(
      commandLine(['sh', '-c', 'echo "$HOME" && exec app']),
    );
    expect(commandLine(['gunicorn', '--workers', 4])).toBe('gunicorn --workers 4');
  });

  it('keeps the words a shell keeps: quotes group, backslashes escape, variables stay as written', () => {
    expect(splitWords(`a "b c" 'd e' f\\ g "h\\"i" $VAR ''`)).toEqual([
      'a',
      'b c',
      'd e',
      'f g',
      'h"i',
      '$VAR',
      '',
    ]);
    expect(splitWords(`echo 'unclosed`)).toEqual(['echo', "'unclosed"]);
  });

  it('is not a command for anything but a string or a list of words', () => {
    expect(commandLine({ run: 'x' })).toBeUndefined();
    expect(commandLine(['a', { b: 1 }])).toBeUndefined();
    expect(commandLine(null)).toBeUndefined();
  });

  it('reads back the words it wrote: any list of printable words, joined, splits into the same list', () => {
    const word = fc.string({
      unit: fc.constantFrom('a', 'Z', '1', ' ', '"', "'", '\\', '$', '`', '-', '='),
      maxLength: 8,
    });
    fc.assert(
      fc.property(fc.array(word, { maxLength: 6 }), (words) => {
        expect(splitWords(commandLine(words)!)).toEqual(words);
      }),
      { numRuns: 1000 },
    );
  });
});
