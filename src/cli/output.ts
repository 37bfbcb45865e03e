import { writeFile } from 'node:fs/promises';
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
