import { truncateToWidth } from '../report/ansi.js';

/** One line of progress on stderr, rewritten in place. */
export interface ProgressLine {
  /** False when stderr is not a terminal or `CI` is set: update() and done() print nothing. */
  readonly active: boolean;
  update(text: string): void;
  /** Clears the line (only if one was drawn), so what follows starts on a clean line. */
  done(): void;
}

/**
 * Progress only on a terminal and never in CI (a log file or a CI console gets no carriage
 * returns), cut to the terminal's width so it never wraps onto a second line it cannot clear.
 */
export function progressLine(
  stream: Pick<NodeJS.WriteStream, 'isTTY' | 'columns' | 'write'> = process.stderr,
  env: NodeJS.ProcessEnv = process.env,
): ProgressLine {
  const active = stream.isTTY === true && !env.CI;
  let drawn = false;
  return {
    active,
    update(text) {
      if (!active) return;
      const width = Math.max(20, (stream.columns || 80) - 1);
      stream.write(`\r\x1b[2K${truncateToWidth(text, width)}`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
