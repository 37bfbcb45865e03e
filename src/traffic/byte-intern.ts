/**
 * Interns short ASCII byte ranges (client addresses, methods, paths) as strings without decoding
 * them again: a repeated value costs a hash and a compare, and yields the same string object, whose
 * hash V8 has already cached for the Map and Set lookups that follow. Bounded: when half full the
 * table is cleared, so memory stays flat on a log with millions of distinct paths. `columns` hold
 * values derived from a key (a path's endpoint template), cleared with it.
 */
export interface InternTable {
  keys: (string | undefined)[];
  hashes: Int32Array;
  columns: (string | undefined)[][];
  mask: number;
  size: number;
}

export function createInternTable(bits = 16, columns = 0): InternTable {
  const capacity = 1 << bits;
  return {
    keys: new Array(capacity).fill(undefined),
    hashes: new Int32Array(capacity),
    columns: Array.from({ length: columns }, () => new Array(capacity).fill(undefined)),
    mask: capacity - 1,
    size: 0,
  };
}

const latin1Slice = (Buffer.prototype as unknown as { latin1Slice: (s: number, e: number) => string })
  .latin1Slice;

/**
 * The slot holding `buf[start, end)` (added when new), or -1 when a byte is not ASCII: the caller
 * then decodes the range as UTF-8, so non-ASCII text reads exactly as the string path reads it.
 */
export function internSlot(t: InternTable, buf: Buffer, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    const b = buf[i]!;
    if (b > 127) return -1;
    h = Math.imul(h ^ b, 0x01000193);
  }
  const len = end - start;
  let i = h & t.mask;
  for (let key = t.keys[i]; key !== undefined; key = t.keys[i]) {
    if (t.hashes[i] === h && key.length === len && sameAscii(key, buf, start)) return i;
    i = (i + 1) & t.mask;
  }
  if (t.size > t.mask >> 1) {
    t.keys.fill(undefined);
    for (const c of t.columns) c.fill(undefined);
    t.size = 0;
    i = h & t.mask;
  }
  t.keys[i] = latin1Slice.call(buf, start, end);
  t.hashes[i] = h;
  t.size++;
  return i;
}

/** The interned string for `buf[start, end)`, or undefined when not ASCII. */
export function internAscii(t: InternTable, buf: Buffer, start: number, end: number): string | undefined {
  const slot = internSlot(t, buf, start, end);
  return slot === -1 ? undefined : t.keys[slot];
}

function sameAscii(key: string, buf: Buffer, start: number): boolean {
  for (let k = 0; k < key.length; k++) if (key.charCodeAt(k) !== buf[start + k]) return false;
  return true;
}
