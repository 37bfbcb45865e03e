/**
 * Interns short ASCII byte ranges (client addresses, methods, paths) as strings without decoding
 * them again: a repeated value costs a hash and a compare, and yields the same string object, whose
 * hash V8 has already cached for the Map and Set lookups that follow. Bounded: when half full the
 * table is cleared, so memory stays flat on a log with millions of distinct paths.
 */
export interface InternTable {
  keys: (string | undefined)[];
  hashes: Int32Array;
  mask: number;
  size: number;
}

export function createInternTable(bits = 16): InternTable {
  const capacity = 1 << bits;
  return { keys: new Array(capacity).fill(undefined), hashes: new Int32Array(capacity), mask: capacity - 1, size: 0 };
}

/**
 * The string for `buf[start, end)`, or undefined when a byte is not ASCII (the caller decodes the
 * range as UTF-8 instead, so non-ASCII text reads exactly as the string path reads it).
 */
export function internAscii(t: InternTable, buf: Uint8Array, start: number, end: number): string | undefined {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    const b = buf[i]!;
    if (b > 127) return undefined;
    h = Math.imul(h ^ b, 0x01000193);
  }
  const len = end - start;
  let i = h & t.mask;
  for (let key = t.keys[i]; key !== undefined; key = t.keys[i]) {
    if (t.hashes[i] === h && key.length === len && sameAscii(key, buf, start)) return key;
    i = (i + 1) & t.mask;
  }
  if (t.size > t.mask >> 1) {
    t.keys.fill(undefined);
    t.size = 0;
    i = h & t.mask;
  }
  const key = Buffer.prototype.latin1Slice.call(buf, start, end) as string;
  t.keys[i] = key;
  t.hashes[i] = h;
  t.size++;
  return key;
}

function sameAscii(key: string, buf: Uint8Array, start: number): boolean {
  for (let k = 0; k < key.length; k++) if (key.charCodeAt(k) !== buf[start + k]) return false;
  return true;
}
