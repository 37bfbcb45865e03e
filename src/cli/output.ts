import { constants } from 'node:fs';
import { access, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { redactOutput } from '../secrets/redact.js';

/**
 * Every character Parity prints passes through redactOutput: reports, snapshots, drafts, errors
 * (a fetch error quoting a URL with its password), progress lines. Installed once by the CLI's
 * entry point, so a new command cannot forget it.
 */
export function redactStream(stream: NodeJS.WriteStream): void {
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) =>
    write(typeof chunk === 'string' ? redactOutput(chunk) : chunk, ...rest)) as typeof stream.write;
}

/** Writes a file Parity produced (a report, a snapshot, parity.yaml, a k6 script), redacted. */
export async function writeOutputFile(file: string, text: string): Promise<void> {
  await writeFile(file, redactOutput(text));
}

/**
 * `-o FILE` checked before any work: an audit of many sources must not run for minutes and then
 * fail on a typo in the output path. Nothing is created here; a later failure (a full disk) is
 * still reported when the file is written.
 */
export async function checkOutputFile(file: string, flag = '-o'): Promise<void> {
  const info = await stat(file).catch(() => null);
  if (info?.isDirectory()) throw new UsageError(`${flag} ${file}: cannot write there: it is a directory`);
  const dir = path.dirname(path.resolve(file));
  try {
    await access(dir, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? `the directory ${path.dirname(file)} does not exist`
        : code === 'ENOTDIR'
          ? `${path.dirname(file)} is not a directory`
          : `the directory ${path.dirname(file)} is not writable (${code})`;
    throw new UsageError(`${flag} ${file}: cannot write there: ${why}`);
  }
  if (info) {
    try {
      await access(file, constants.W_OK);
    } catch (error) {
      throw new UsageError(
        `${flag} ${file}: cannot write there: the file is not writable (${(error as NodeJS.ErrnoException).code})`,
      );
    }
  }
}
