import { detach } from '../logs/record.js';

/**
 * Counts distinct strings: exactly up to `exactLimit`, then with a HyperLogLog (4,096 registers,
 * about 1.6% error) so that memory stays flat on a log with millions of clients.
 */
export interface DistinctCounter {
  exact: Set<string> | undefined;
  registers: Uint8Array | undefined;
}

const P = 12;
const M = 1 << P;

export function createDistinct(): DistinctCounter {
  return { exact: new Set(), registers: undefined };
}

function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // murmur3 finaliser: FNV alone leaves the high bits poorly mixed for short keys.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function addToRegisters(registers: Uint8Array, text: string): void {
  const h = hash32(text);
  const index = h >>> (32 - P);
  const rest = (h << P) >>> 0;
  const rank = rest === 0 ? 32 - P + 1 : Math.clz32(rest) + 1;
  if (rank > registers[index]!) registers[index] = rank;
}

export function addDistinct(counter: DistinctCounter, text: string, exactLimit = 50_000): void {
  if (counter.exact) {
    if (counter.exact.has(text)) return;
    counter.exact.add(detach(text));
    if (counter.exact.size > exactLimit) {
      const registers = new Uint8Array(M);
      for (const v of counter.exact) addToRegisters(registers, v);
      counter.registers = registers;
      counter.exact = undefined;
    }
    return;
  }
  addToRegisters(counter.registers!, text);
}

export function countDistinct(counter: DistinctCounter): number {
  if (counter.exact) return counter.exact.size;
  const registers = counter.registers!;
  let sum = 0;
  let zeros = 0;
  for (let i = 0; i < M; i++) {
    sum += 2 ** -registers[i]!;
    if (registers[i] === 0) zeros++;
  }
  const alpha = 0.7213 / (1 + 1.079 / M);
  const estimate = (alpha * M * M) / sum;
  if (estimate <= 2.5 * M && zeros > 0) return Math.round(M * Math.log(M / zeros));
  return Math.round(estimate);
}

/** Adds everything `other` counted into `target` (exact sets union; registers take the maximum). */
export function mergeDistinct(target: DistinctCounter, other: DistinctCounter, exactLimit = 50_000): void {
  if (other.exact) {
    for (const v of other.exact) addDistinct(target, v, exactLimit);
    return;
  }
  if (target.exact) {
    const registers = new Uint8Array(M);
    for (const v of target.exact) addToRegisters(registers, v);
    target.registers = registers;
    target.exact = undefined;
  }
  const a = target.registers!;
  const b = other.registers!;
  for (let i = 0; i < M; i++) if (b[i]! > a[i]!) a[i] = b[i]!;
}
