import { open } from 'node:fs/promises';
import { MAX_LINE_BYTES } from './read-lines.js';

/** Read size: big enough that the per-read cost vanishes, small enough to stay in cache-friendly memory. */
const BUFFER_BYTES = 4 << 20;

/** `text` is `buf` read as latin1 (one char per byte), for fast searches by offset. */
export type LineCallback = (
  buf: Buffer | null,
  start: number,
  end: number,
  text: string,
) => boolean | undefined;

const latin1Slice = (Buffer.prototype as unknown as { latin1Slice: (s: number, e: number) => string })
  .latin1Slice;

/**
 * Calls `onLine(buf, start, end, text)` for each line of a plain file (or of a byte range of it) without
 * decoding it: the caller reads the bytes it needs. `buf` is reused, so a line is only valid during
 * the call. A trailing CR is left out, as forEachLine does; a line over MAX_LINE_BYTES (in bytes)
 * calls `onLine(null)`. Returning false stops the read.
 */
export async function forEachLineBytes(
  file: string,
  onLine: LineCallback,
  range?: { start: number; end: number },
  /** Called with the bytes of each read, for progress. */
  onRead?: (bytes: number) => void,
): Promise<void> {
  if (range && range.end <= range.start) return;
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(BUFFER_BYTES);
    let position = range ? range.start : 0;
    const stop = range ? range.end : Number.POSITIVE_INFINITY;
    let filled = 0;
    let overlong = false;
    for (;;) {
      const want = Math.min(buf.length - filled, stop - position);
      const { bytesRead } = want > 0 ? await handle.read(buf, filled, want, position) : { bytesRead: 0 };
      position += bytesRead;
      filled += bytesRead;
      if (bytesRead > 0) onRead?.(bytesRead);
      const eof = bytesRead === 0;
      let from = 0;
      let text = '';
      while (from < filled) {
        // One latin1 string per window of whole lines: one char per byte, so its offsets are byte
        // offsets, and String#indexOf (a V8 builtin) finds separators faster than a JS loop or
        // Buffer#indexOf. Windows stay small enough to be allocated young and die young: one
        // string per 4 MiB read lived in the large-object space and cost ~30 full collections
        // (and a busy GC thread) per 350 MB log.
        const to = windowEnd(buf, from, filled);
        const window = buf.subarray(from, to);
        text = latin1Slice.call(window, 0, window.length);
        let start = 0;
        for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
          if (overlong) {
            overlong = false;
            if (onLine(null, 0, 0, text) === false) return;
          } else if (emit(window, start, nl, onLine, text) === false) return;
          start = nl + 1;
        }
        from += start;
        // A window without a newline at its end is the read's last, unfinished line.
        if (start < window.length) break;
      }
      if (eof) {
        if (overlong) onLine(null, 0, 0, text);
        else if (from < filled) {
          const rest = buf.subarray(from, filled);
          emit(rest, 0, rest.length, onLine, latin1Slice.call(rest, 0, rest.length));
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
    await handle.close();
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

function emit(
  buf: Buffer,
  start: number,
  end: number,
  onLine: LineCallback,
  text: string,
): boolean | undefined {
  if (end - start > MAX_LINE_BYTES) return onLine(null, 0, 0, text);
  return onLine(buf, start, end > start && buf[end - 1] === 13 ? end - 1 : end, text);
}

/** False for gzip (told by its magic bytes); a file that cannot be opened is left to the reader. */
export async function isPlainFile(file: string): Promise<boolean> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return false;
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return !(bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b);
  } finally {
    await handle.close();
  }
}
