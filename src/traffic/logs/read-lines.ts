import path from 'node:path';
import { createGunzip } from 'node:zlib';
import { openRegularFile } from '../../regular-file.js';

/** A line longer than this is not a log line; it is counted as unparsed and not kept in memory. */
export const MAX_LINE_BYTES = 64 * 1024;

/** Whether a file starts with gzip's magic bytes; false when it cannot be opened (the read says why). */
export async function isGzip(file: string): Promise<boolean> {
  const handle = await openRegularFile(file).then(
    (opened) => opened.handle,
    () => undefined,
  );
  if (!handle) return false;
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/**
 * Streams a plain or gzip file line by line (told apart by magic bytes, not by name). `onLine`
 * gets each line without its newline, or null for a line over MAX_LINE_BYTES. Memory stays at a
 * chunk or two whatever the file size. Returning false from `onLine` stops the read early.
 */
export async function forEachLine(
  file: string,
  onLine: (line: string | null) => boolean | undefined,
  range?: { start: number; end: number },
  /** Called with the bytes of each read from disk (compressed bytes for gzip), for progress. */
  onRead?: (bytes: number) => void,
): Promise<void> {
  if (range && range.end <= range.start) return;
  // A byte range (for worker threads) is only ever cut out of a plain file.
  const gz = range ? false : await isGzip(file);
  // Only a regular file, and only the bytes it held when opened: a file still being written ends there.
  const { handle, size } = await openRegularFile(file);
  const end = range ? Math.min(range.end, size) : size;
  if (end <= (range?.start ?? 0)) {
    await handle.close();
    return;
  }
  const raw = handle.createReadStream({ highWaterMark: 1 << 20, start: range?.start ?? 0, end: end - 1 });
  // Compressed bytes are counted as the pipe reads them; plain ones as the loop below takes them.
  if (gz && onRead) raw.on('data', (chunk: string | Buffer) => onRead(chunk.length));
  const stream = gz ? raw.pipe(createGunzip()) : raw;
  const onPlainRead = gz ? undefined : onRead;
  let carry: Buffer | undefined;
  let overlong = false;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      onPlainRead?.(chunk.length);
      let start = 0;
      let buf = chunk;
      const lastNewline = buf.lastIndexOf(10);
      if (lastNewline === -1) {
        carry = carry ? Buffer.concat([carry, buf]) : buf;
        if (carry.length > MAX_LINE_BYTES) {
          overlong = true;
          carry = undefined;
        }
        continue;
      }
      if (carry) {
        const firstNewline = buf.indexOf(10);
        if (!overlong) {
          const joined = Buffer.concat([carry, buf.subarray(0, firstNewline)]);
          if (emit(joined.length > MAX_LINE_BYTES ? null : joined.toString('utf8'), onLine) === false) return;
        } else if (emit(null, onLine) === false) return;
        carry = undefined;
        overlong = false;
        start = firstNewline + 1;
      } else if (overlong) {
        const firstNewline = buf.indexOf(10);
        overlong = false;
        if (emit(null, onLine) === false) return;
        start = firstNewline + 1;
      }
      if (start <= lastNewline) {
        const text = buf.toString('utf8', start, lastNewline);
        let from = 0;
        for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
          if (emit(nl - from > MAX_LINE_BYTES ? null : text.slice(from, nl), onLine) === false) return;
          from = nl + 1;
        }
        if (emit(text.length - from > MAX_LINE_BYTES ? null : text.slice(from), onLine) === false) return;
      }
      buf = buf.subarray(lastNewline + 1);
      carry = buf.length > 0 ? Buffer.from(buf) : undefined;
    }
    if (overlong) emit(null, onLine);
    else if (carry && carry.length > 0) emit(carry.toString('utf8'), onLine);
  } finally {
    raw.destroy();
  }
}

function emit(
  line: string | null,
  onLine: (line: string | null) => boolean | undefined,
): boolean | undefined {
  if (line !== null && line.charCodeAt(line.length - 1) === 13) return onLine(line.slice(0, -1));
  return onLine(line);
}

/**
 * Orders a rotated set oldest first: `access.log.3.gz`, `access.log.2.gz`, `access.log.1`,
 * `access.log`; unrelated names keep alphabetical order.
 */
export function orderRotated(files: readonly string[]): string[] {
  const parse = (f: string) => {
    const base = path.basename(f).replace(/\.gz$/, '');
    const m = /^(.*?)\.(\d+)$/.exec(base);
    return { stem: path.join(path.dirname(f), m ? (m[1] ?? base) : base), rotation: m ? Number(m[2]) : 0 };
  };
  return [...files].sort((a, b) => {
    const pa = parse(a);
    const pb = parse(b);
    if (pa.stem !== pb.stem) return pa.stem < pb.stem ? -1 : 1;
    return pb.rotation - pa.rotation;
  });
}
