import { ParityError } from '../errors.js';

/**
 * Exit codes: 0 nothing undecided at or above --fail-on, 1 undecided divergences, 2 usage,
 * configuration or internal error, or an audit that could not judge (see model/judgement.ts).
 */
export const EXIT = { ok: 0, divergences: 1, error: 2 } as const;

/** Runs a command: user mistakes print their message; bugs print their stack. Either exits 2. */
export async function run(action: () => Promise<number>): Promise<void> {
  try {
    const code = await action();
    process.exitCode = code;
  } catch (error) {
    if (error instanceof ParityError) {
      process.stderr.write(`parity: ${error.message}\n`);
    } else {
      process.stderr.write(
        `parity: internal error (please report it):\n${(error as Error)?.stack ?? String(error)}\n`,
      );
    }
    process.exitCode = EXIT.error;
  }
}

/** Colour only on a terminal, never with NO_COLOR or --no-color; FORCE_COLOR forces it. */
export function useColor(stream: NodeJS.WriteStream, flag: boolean | undefined): boolean {
  if (flag === false) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}
