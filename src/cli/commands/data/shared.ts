import { FileReadError } from '../../../regular-file.js';

/** Query and schema files are hand-written: far below this. */
export const MAX_USER_FILE_BYTES = 64 * 1024 * 1024;

/** The reason a user file could not be read, for a usage error; empty for other errors. */
export function why(error: unknown): string {
  return error instanceof FileReadError ? ` (${error.message})` : '';
}
