import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { progressLine } from './progress.js';

const terminal = (columns: number, isTTY = true) => {
  const written: string[] = [];
  return {
    written,
    stream: {
      isTTY,
      columns,
      write: (t: string) => {
        written.push(t);
        return true;
      },
    },
  };
};

describe('progressLine', () => {
  it('prints nothing when stderr is not a terminal, or when CI is set', () => {
    for (const [isTTY, env] of [
      [false, {}],
      [true, { CI: 'true' }],
    ] as const) {
      const { written, stream } = terminal(80, isTTY);
      const line = progressLine(stream, env);
      line.update('collecting: 1 sources done');
      line.done();
      expect(line.active).toBe(false);
      expect(written).toEqual([]);
    }
  });

  it('rewrites one line cut to the terminal width, wide characters counted as two columns', () => {
    const { written, stream } = terminal(30);
    const line = progressLine(stream, {});
    line.update(`reading ${'日本語'.repeat(10)}`);
    const drawn = written[0]!.replace('\r\x1b[2K', '');
    expect(written[0]!.startsWith('\r\x1b[2K')).toBe(true);
    expect(stringWidth(drawn)).toBeLessThanOrEqual(29);
    expect(drawn.endsWith('…')).toBe(true);
    line.update('short');
    expect(written[1]).toBe('\r\x1b[2Kshort');
  });

  it('clears the line when done, only if it drew one', () => {
    const { written, stream } = terminal(80);
    const line = progressLine(stream, {});
    line.done();
    expect(written).toEqual([]);
    line.update('x');
    line.done();
    expect(written).toEqual(['\r\x1b[2Kx', '\r\x1b[2K']);
  });
});
