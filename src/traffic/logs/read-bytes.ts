import { createGunzip } from 'node:zlib';
import { openRegularFile } from '../../regular-file.js';
import { isGzip, MAX_LINE_BYTES } from './read-lines.js';

/** Read size: big enough that the per-read cost vanishes, small enough to stay in cache-friendly memory. */
const BUFFER_BYTES = 4 << 20;

/** `text` is `buf` read as latin1 (one char per byte), for fast searches by offset, when there is one. */
export type LineCallback = (
  buf: Buffer | null,
  start: number,
  end: number,
  text: string | undefined,
) => boolean | undefined;

/**
 * Reads whole windows of lines itself (the WebAssembly scanner, scan.ts) from a buffer of its own,
 * which the file is read into. Until it is `ready` (a format still being detected), lines go to
 * `onLine` one by one.
 */
export interface WindowReader {
  readonly buffer: Buffer;
  readonly ready: boolean;
  /** Reads the whole lines of `buffer[from, to)` (`to` just after a newline); false stops the read. */
  lines(from: number, to: number): boolean;
}

const latin1Slice = (Buffer.prototype as unknown as { latin1Slice: (s: number, e: number) => string })
  .latin1Slice;

/** Where bytes come from: a plain file (or a range of it) read in place, or a gzip file inflated. */
interface ByteSource {
  /** Up to `max` bytes into `buf` at `offset`; 0 at the end. */
  read(buf: Buffer, offset: number, max: number): Promise<number>;
  close(): Promise<void>;
}

async function plainSource(
  file: string,
  range: { start: number; end: number } | undefined,
  onRead: ((bytes: number) => void) | undefined,
): Promise<ByteSource> {
  // Only a regular file, and only the bytes it held when opened: a file still being written ends there.
  const { handle, size } = await openRegularFile(file);
  let position = range ? range.start : 0;
  const stop = range ? Math.min(range.end, size) : size;
  return {
    read: async (buf, offset, max) => {
      const want = Math.min(max, stop - position);
      if (want <= 0) return 0;
      const { bytesRead } = await handle.read(buf, offset, want, position);
      position += bytesRead;
      if (bytesRead > 0) onRead?.(bytesRead);
      return bytesRead;
    },
    close: () => handle.close(),
  };
}

/** Inflated on libuv's thread pool, so decompression overlaps the parsing on this thread. */
async function gzipSource(file: string, onRead: ((bytes: number) => void) | undefined): Promise<ByteSource> {
  const { handle, size } = await openRegularFile(file);
  const raw = handle.createReadStream({ highWaterMark: 1 << 20, end: Math.max(size - 1, 0) });
  // Progress counts the bytes on disk, as the file sizes it is compared with do.
  if (onRead) raw.on('data', (chunk: string | Buffer) => onRead(chunk.length));
  const inflated = raw.pipe(createGunzip({ chunkSize: 256 * 1024 }));
  raw.on('error', (error) => inflated.destroy(error));
  const chunks = inflated[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let chunk: Buffer | undefined;
  let at = 0;
  return {
    read: async (buf, offset, max) => {
      let n = 0;
      while (n < max) {
        if (chunk === undefined || at >= chunk.length) {
          // Hand over what is here before waiting: a corrupt stream fails on the next chunk, and
          // the lines before it must have been read by then.
          if (n > 0) break;
          const next = await chunks.next();
          if (next.done) break;
          chunk = next.value;
          at = 0;
        }
        const take = Math.min(max - n, chunk.length - at);
        chunk.copy(buf, offset + n, at, at + take);
        at += take;
        n += take;
      }
      return n;
    },
    close: async () => {
      inflated.destroy();
      raw.destroy();
    },
  };
}

/**
 * Calls `onLine(buf, start, end, text)` for each line of a plain or gzip file (told apart by magic
 * bytes), or of a byte range of a plain file, without decoding it: the caller reads the bytes it
 * needs. `buf` is reused, so a line is only valid during the call. A trailing CR is left out, as
 * forEachLine does; a line over MAX_LINE_BYTES (in bytes) calls `onLine(null)`. Returning false
 * stops the read. With a `reader`, whole windows go to it once it is ready.
 */
export async function forEachLineBytes(
  file: string,
  onLine: LineCallback,
  range?: { start: number; end: number },
  /** Called with the bytes of each read, for progress. */
  onRead?: (bytes: number) => void,
  reader?: WindowReader,
): Promise<void> {
  if (range && range.end <= range.start) return;
  // A byte range (for worker threads) is only ever cut out of a plain file.
  const source =
    !range && (await isGzip(file)) ? await gzipSource(file, onRead) : await plainSource(file, range, onRead);
  try {
    const buf = reader?.buffer ?? Buffer.allocUnsafe(BUFFER_BYTES);
    let filled = 0;
    let overlong = false;
    for (;;) {
      const bytesRead = await source.read(buf, filled, buf.length - filled);
      filled += bytesRead;
      const eof = bytesRead === 0;
      let from = 0;
      if (overlong) {
        // The end of an overlong line: the first newline read since it filled the buffer.
        const nl = buf.subarray(0, filled).indexOf(10);
        if (nl !== -1) {
          overlong = false;
          if (onLine(null, 0, 0, undefined) === false) return;
          from = nl + 1;
        }
      }
      while (!overlong && from < filled) {
        if (reader?.ready) {
          const last = buf.subarray(from, filled).lastIndexOf(10);
          if (last === -1) break;
          if (!reader.lines(from, from + last + 1)) return;
          from += last + 1;
          break;
        }
        // One latin1 string per window of whole lines: one char per byte, so its offsets are byte
        // offsets, and String#indexOf (a V8 builtin) finds separators faster than a JS loop or
        // Buffer#indexOf. Windows stay small enough to be allocated young and die young: one
        // string per 4 MiB read lived in the large-object space and cost ~30 full collections
        // (and a busy GC thread) per 350 MB log.
        const to = windowEnd(buf, from, filled);
        const window = buf.subarray(from, to);
        const text = latin1Slice.call(window, 0, window.length);
        let start = 0;
        for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
          if (emitLine(window, start, nl, onLine, text) === false) return;
          start = nl + 1;
        }
        from += start;
        // A window without a newline at its end is the read's last, unfinished line.
        if (start < window.length) break;
      }
      if (eof) {
        if (overlong) onLine(null, 0, 0, undefined);
        else if (from < filled) {
          const rest = buf.subarray(from, filled);
          emitLine(rest, 0, rest.length, onLine, latin1Slice.call(rest, 0, rest.length));
        }
        return;
      }
      if (overlong || filled - from > MAX_LINE_BYTES) {
        // The rest of an overlong line is dropped as it is read; only its end is looked for.
        overlong = true;
        filled = 0;
      } else {
        buf.copy(buf, 0, from, filled);
        filled -= from;
      }
    }
  } finally {
    await source.close();
  }
}

/** Lines are handed out in windows of about this many bytes (see forEachLineBytes). */
const WINDOW_BYTES = 64 * 1024;

/** End of the window from `from`: after its last newline, or after the next one for a longer line. */
function windowEnd(buf: Buffer, from: number, filled: number): number {
  if (filled - from <= WINDOW_BYTES) return filled;
  const last = buf.lastIndexOf(10, from + WINDOW_BYTES - 1);
  if (last >= from) return last + 1;
  const next = buf.indexOf(10, from + WINDOW_BYTES);
  return next === -1 || next >= filled ? filled : next + 1;
}

/** Hands `buf[start, end)` (`end` at its newline) to `onLine`: without a trailing CR, or null when too long. */
export function emitLine(
  buf: Buffer,
  start: number,
  end: number,
  onLine: LineCallback,
  text: string | undefined,
): boolean | undefined {
  if (end - start > MAX_LINE_BYTES) return onLine(null, 0, 0, text);
  return onLine(buf, start, end > start && buf[end - 1] === 13 ? end - 1 : end, text);
}
