import { describe, expect, it } from 'vitest';
import { parseDockerfile } from './parse.js';
import { expandWord, splitWords } from './words.js';

const summary = (text: string) => parseDockerfile(text).instructions.map((i) => [i.keyword, i.args, i.line]);

describe('parseDockerfile', () => {
  it('joins continuations without a separator and drops comment and blank lines inside them', () => {
    const text = 'FROM a\nRUN apt-get update \\\n  # why\n\n  && apt-get install -y curl\n';
    expect(summary(text)).toEqual([
      ['FROM', 'a', 1],
      ['RUN', 'apt-get update   && apt-get install -y curl', 2],
    ]);
  });

  it('maps offsets in joined arguments back to their physical lines', () => {
    const parsed = parseDockerfile('FROM a\nENV A=1 \\\n    B=2 \\\n    C=3\n');
    const env = parsed.instructions[1]!;
    expect([
      env.lineAt(env.args.indexOf('A=')),
      env.lineAt(env.args.indexOf('B=')),
      env.lineAt(env.args.indexOf('C=')),
    ]).toEqual([2, 3, 4]);
  });

  it('reads CRLF files and lower-case keywords', () => {
    expect(summary('from alpine\r\nenv A=1\r\n')).toEqual([
      ['FROM', 'alpine', 1],
      ['ENV', 'A=1', 2],
    ]);
  });

  it('reads directives only at the very top', () => {
    expect(parseDockerfile('# escape=`\nFROM a\n').escapeChar).toBe('`');
    expect(parseDockerfile('# comment\n# escape=`\nFROM a\n').escapeChar).toBe('\\');
    expect(parseDockerfile('# escape=x\nFROM a\n').problems).toEqual([
      { line: 1, reason: 'the escape directive expects \\ or `' },
    ]);
  });

  it('reports a heredoc that never closes and stops there', () => {
    const parsed = parseDockerfile('FROM a\nRUN <<EOF\necho hi\nENV X=1\n');
    expect(parsed.instructions.map((i) => i.keyword)).toEqual(['FROM', 'RUN']);
    expect(parsed.problems).toEqual([
      { line: 2, reason: 'the heredoc <<EOF opened here is never closed (expected a line EOF)' },
    ]);
  });

  it('treats << in other instructions and here-strings as plain text', () => {
    expect(summary('FROM a\nLABEL x="<<EOF"\nRUN cat <<<EOF\nENV B=2\n').map((r) => r[0])).toEqual([
      'FROM',
      'LABEL',
      'RUN',
      'ENV',
    ]);
  });
});

describe('words', () => {
  const none = () => undefined;
  it('splits on whitespace outside quotes', () => {
    expect(splitWords(`A="x y" B='p q' C=a\\ b`, '\\').map((w) => [w.raw, w.offset])).toEqual([
      ['A="x y"', 0],
      ["B='p q'", 8],
      ['C=a\\ b', 16],
    ]);
  });

  it('expands known variables, keeps unknown ones as written and passes secrecy on', () => {
    const lookup = (name: string) =>
      name === 'HOST'
        ? { value: 'db', secret: false }
        : name === 'PW'
          ? { value: 'pw', secret: true }
          : undefined;
    expect(expandWord('$HOST:${PORT}', '\\', lookup)).toEqual({ value: 'db:${PORT}', secret: false });
    expect(expandWord('u:${PW}@x', '\\', lookup)).toEqual({ value: 'u:pw@x', secret: true });
    expect(expandWord('${HOST:+set}${EMPTY:-d}', '\\', lookup).value).toBe('set${EMPTY:-d}');
    expect(expandWord(`'$HOST'"\\$HOST"\\$`, '\\', none).value).toBe('$HOST$HOST$');
  });
});
