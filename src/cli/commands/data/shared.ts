import { UsageError } from '../../../errors.js';
import type { QueryFile } from '../../../postgres/query-file.js';
import { FileReadError, readRegularText } from '../../../regular-file.js';

/** Query and schema files are hand-written: far below this. */
export const MAX_USER_FILE_BYTES = 64 * 1024 * 1024;

/** The reason a user file could not be read, for a usage error; empty for other errors. */
export function why(error: unknown): string {
  return error instanceof FileReadError ? ` (${error.message})` : '';
}

/**
 * Reads and parses `--queries FILE`, each skip told through `say`. A file with no query at all
 * (empty, only comments) or none that could be read is a usage error naming the file, before any
 * database is reached: an empty report would read as "nothing flipped".
 */
export async function readQueryFile(
  file: string,
  source: string,
  say: (line: string) => void,
): Promise<QueryFile> {
  let text: string;
  try {
    text = await readRegularText(file, MAX_USER_FILE_BYTES);
  } catch (error) {
    throw new UsageError(`--queries ${file}: file not readable${why(error)}`);
  }
  const { parseQueryFile } = await import('../../../postgres/query-file.js');
  const parsed = parseQueryFile(text, source, file);
  for (const skip of parsed.skips) say(`skip ${skip.file}:${skip.line ?? ''} ${skip.reason}`);
  if (parsed.queries.length === 0 && parsed.skips.length === 0)
    throw new UsageError(
      `${file}: no queries found; expected SQL statements, each below a \`-- name: <query name>\` line`,
    );
  if (parsed.queries.length === 0)
    throw new UsageError(
      `${file}: no query could be read (${parsed.skips.length} skipped, see above); expected SQL statements, each below a \`-- name: <query name>\` line`,
    );
  return parsed;
}
