import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';

/**
 * Every file Parity reads from a user goes through here. A path is opened first (links resolved
 * by the open itself, so a link cannot be swapped between a check and the read), without blocking
 * (a FIFO would otherwise wait for a writer forever), and only a regular file is read. Sizes from
 * stat can lie (`/proc` files say 0, a growing file grows), so the cap is enforced on the bytes
 * actually read: reading stops one byte past it.
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
const CHUNK_BYTES = 1 << 20;

/** Why a file was not read, in words for a skip or an error message. */
export class FileReadError extends Error {
  override name = 'FileReadError';
  constructor(
    message: string,
    readonly reason: 'not-regular' | 'too-large',
  ) {
    super(message);
  }
}

/** What a path that is not a regular file is, for messages. */
export function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

function notRegular(info: Stats): FileReadError {
  return new FileReadError(`not a regular file: ${kindOf(info)}`, 'not-regular');
}

export function tooLarge(maxBytes: number): FileReadError {
  return new FileReadError(`larger than the ${mib(maxBytes)} limit`, 'too-large');
}

/** Opens a regular file for reading, or throws (FileReadError, or the system's error such as ENOENT). */
export async function openRegularFile(file: string): Promise<{ handle: FileHandle; size: number }> {
  const handle = await open(file, OPEN_FLAGS);
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw notRegular(info);
    return { handle, size: info.size };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** A regular file's bytes, at most `maxBytes` of them (FileReadError past that). */
export async function readRegularFile(file: string, maxBytes: number): Promise<Buffer> {
  const { handle, size } = await openRegularFile(file);
  try {
    if (size > maxBytes) throw tooLarge(maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const want = Math.min(CHUNK_BYTES, maxBytes + 1 - total);
      const buffer = Buffer.allocUnsafe(want);
      const { bytesRead } = await handle.read(buffer, 0, want, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) throw tooLarge(maxBytes);
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}

/** As readRegularFile, as UTF-8 text (invalid bytes replaced, as `readFile(…, 'utf8')` does). */
export async function readRegularText(file: string, maxBytes: number): Promise<string> {
  return (await readRegularFile(file, maxBytes)).toString('utf8');
}

/** As readRegularFile, with synchronous calls (for the hot loop of reading thousands of small files). */
export function readRegularFileSync(file: string, maxBytes: number): Buffer {
  const fd = openSync(file, OPEN_FLAGS);
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw notRegular(info);
    if (info.size > maxBytes) throw tooLarge(maxBytes);
    // One read of the size stat gives, then more only if the file holds more than it said.
    let buffer = Buffer.allocUnsafe(Math.min(info.size, maxBytes) + 1);
    let filled = 0;
    for (;;) {
      if (filled === buffer.length) {
        if (filled > maxBytes) throw tooLarge(maxBytes);
        const bigger = Buffer.allocUnsafe(Math.min(buffer.length * 2 + CHUNK_BYTES, maxBytes + 1));
        buffer.copy(bigger, 0, 0, filled);
        buffer = bigger;
      }
      const bytes = readSync(fd, buffer, filled, buffer.length - filled, null);
      if (bytes === 0) break;
      filled += bytes;
    }
    if (filled > maxBytes) throw tooLarge(maxBytes);
    return buffer.subarray(0, filled);
  } finally {
    closeSync(fd);
  }
}

export function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
