/**
 * Interns short ASCII byte ranges (client addresses, methods, paths) as strings without decoding
 * them again: a repeated value costs a hash and a compare, and yields the same string object, whose
 * hash V8 has already cached for the Map and Set lookups that follow. Keys are hashed and compared
 * four bytes at a time (a DataView read is one load; a byte loop is four, with bounds checks), the
 * compare against a copy of the key's bytes, not its string. The table starts small and doubles up
 * to `2^bits` slots, so a log with a thousand clients keeps it in the CPU cache. Bounded: when half
 * full at its largest the table is cleared, so memory stays flat on a log with millions of distinct
 * paths. `columns` hold values derived from a key (a path's endpoint template), cleared with it.
 */
export interface InternTable {
  keys: (string | undefined)[];
  hashes: Int32Array;
  /** Key length + 1 per slot; 0 marks an empty slot. */
  lengths: Int32Array;
  /** The first WIDTH bytes of each key, WIDTH bytes a slot. */
  bytes: DataView;
  columns: (string | undefined)[][];
  mask: number;
  size: number;
  maxMask: number;
}

const START_BITS = 8;
/** Keys up to this long are compared as bytes; longer ones (rare long paths) compare the rest as text. */
const WIDTH = 48;

function filled(capacity: number): (string | undefined)[] {
  return new Array(capacity).fill(undefined);
}

export function createInternTable(bits = 16, columns = 0): InternTable {
  const capacity = 1 << Math.min(bits, START_BITS);
  return {
    keys: filled(capacity),
    hashes: new Int32Array(capacity),
    lengths: new Int32Array(capacity),
    bytes: new DataView(new ArrayBuffer(capacity * WIDTH)),
    columns: Array.from({ length: columns }, () => filled(capacity)),
    mask: capacity - 1,
    size: 0,
    maxMask: (1 << bits) - 1,
  };
}

let viewed: Buffer | undefined;
let view: DataView = new DataView(new ArrayBuffer(0));

/** A DataView of `buf`, kept while the same buffer comes back (the reader reuses one). */
export function viewOf(buf: Buffer): DataView {
  if (buf !== viewed) {
    viewed = buf;
    view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  return view;
}

/** Hash of the bytes `[start, end)` of `v`, or NOT_ASCII when one of them is not ASCII. */
export function hashAscii(v: DataView, start: number, end: number): number {
  let h = 0x811c9dc5 ^ (end - start);
  let i = start;
  for (; i + 4 <= end; i += 4) {
    const w = v.getInt32(i, true);
    if ((w & 0x80808080) !== 0) return NOT_ASCII;
    h = Math.imul(h ^ w, 0x01000193);
    h ^= h >>> 15;
  }
  for (; i < end; i++) {
    const b = v.getUint8(i);
    if (b > 127) return NOT_ASCII;
    h = Math.imul(h ^ b, 0x01000193);
  }
  // Never NOT_ASCII: that value says "not ASCII".
  return h === NOT_ASCII ? 0 : h;
}

/** Not a hash hashAscii returns for ASCII text. */
export const NOT_ASCII = 0x7fffffff;

/**
 * The slot holding `buf[start, end)` (added when new), or -1 when a byte is not ASCII: the caller
 * then decodes the range as UTF-8, so non-ASCII text reads exactly as the string path reads it.
 */
export function internSlot(
  t: InternTable,
  buf: Buffer,
  start: number,
  end: number,
  /** A DataView of `buf`: a caller that interns from a buffer of its own passes one. */
  v = viewOf(buf),
): number {
  const h = hashAscii(v, start, end);
  return h === NOT_ASCII ? -1 : internHashed(t, buf, v, start, end, h);
}

/** internSlot with the hash already computed (by a caller that scanned the bytes anyway). */
export function internHashed(
  t: InternTable,
  buf: Buffer,
  v: DataView,
  start: number,
  end: number,
  h: number,
): number {
  const len = end - start;
  let i = h & t.mask;
  for (let stored = t.lengths[i]!; stored !== 0; stored = t.lengths[i]!) {
    if (t.hashes[i] === h && stored === len + 1 && same(t, i, v, buf, start, len)) return i;
    i = (i + 1) & t.mask;
  }
  if (t.size > t.mask >> 1) {
    if (t.mask < t.maxMask) grow(t);
    else clear(t);
    i = h & t.mask;
    while (t.lengths[i] !== 0) i = (i + 1) & t.mask;
  }
  store(t, i, buf, v, start, end, h);
  t.size++;
  return i;
}

const latin1Slice = (Buffer.prototype as unknown as { latin1Slice: (s: number, e: number) => string })
  .latin1Slice;

function store(
  t: InternTable,
  i: number,
  buf: Buffer,
  v: DataView,
  start: number,
  end: number,
  h: number,
): void {
  t.keys[i] = latin1Slice.call(buf, start, end);
  t.hashes[i] = h;
  t.lengths[i] = end - start + 1;
  const base = i * WIDTH;
  const n = Math.min(end - start, WIDTH);
  let k = 0;
  for (; k + 4 <= n; k += 4) t.bytes.setInt32(base + k, v.getInt32(start + k, true), true);
  for (; k < n; k++) t.bytes.setUint8(base + k, buf[start + k]!);
}

function same(t: InternTable, i: number, v: DataView, buf: Buffer, start: number, len: number): boolean {
  const bytes = t.bytes;
  const base = i * WIDTH;
  const n = len < WIDTH ? len : WIDTH;
  let k = 0;
  for (; k + 4 <= n; k += 4) if (bytes.getInt32(base + k, true) !== v.getInt32(start + k, true)) return false;
  for (; k < n; k++) if (bytes.getUint8(base + k) !== buf[start + k]) return false;
  if (len <= WIDTH) return true;
  const key = t.keys[i]!;
  for (; k < len; k++) if (key.charCodeAt(k) !== buf[start + k]) return false;
  return true;
}

function clear(t: InternTable): void {
  t.keys.fill(undefined);
  t.lengths.fill(0);
  for (const c of t.columns) c.fill(undefined);
  t.size = 0;
}

/**
 * Doubles the table, each key moving to the slot its hash now picks, with its column values. The
 * key and column arrays stay the same objects: callers may hold on to a column.
 */
function grow(t: InternTable): void {
  const keys = t.keys.slice();
  const { hashes, lengths, bytes } = t;
  const columns = t.columns.map((c) => c.slice());
  const capacity = 2 * keys.length;
  t.mask = capacity - 1;
  t.hashes = new Int32Array(capacity);
  t.lengths = new Int32Array(capacity);
  t.bytes = new DataView(new ArrayBuffer(capacity * WIDTH));
  for (const c of [t.keys, ...t.columns]) {
    c.length = capacity;
    c.fill(undefined);
  }
  for (let j = 0; j < keys.length; j++) {
    if (lengths[j] === 0) continue;
    let i = hashes[j]! & t.mask;
    while (t.lengths[i] !== 0) i = (i + 1) & t.mask;
    t.keys[i] = keys[j];
    t.hashes[i] = hashes[j]!;
    t.lengths[i] = lengths[j]!;
    for (let k = 0; k < WIDTH; k++) t.bytes.setUint8(i * WIDTH + k, bytes.getUint8(j * WIDTH + k));
    for (let c = 0; c < columns.length; c++) t.columns[c]![i] = columns[c]![j];
  }
}

/** The interned string for `buf[start, end)`, or undefined when not ASCII. */
export function internAscii(t: InternTable, buf: Buffer, start: number, end: number): string | undefined {
  const slot = internSlot(t, buf, start, end);
  return slot === -1 ? undefined : t.keys[slot];
}
