import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createInternTable, internAscii, internSlot } from './byte-intern.js';

describe('internSlot', () => {
  it('gives back the bytes it was given, one string per distinct key, through growth and clears', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.stringMatching(/^[ -~]{0,9}$/),
            fc.constantFrom('/api/orders', '/api/orders/', '/a'.repeat(40), `${'/a'.repeat(40)}b`),
            fc.string({ maxLength: 70 }),
          ),
          { maxLength: 300 },
        ),
        fc.integer({ min: 2, max: 10 }),
        (words, bits) => {
          const table = createInternTable(bits, 1);
          const buf = Buffer.from(`#${words.join('\n')}`);
          let at = 1;
          for (const word of words) {
            const bytes = Buffer.byteLength(word);
            const slot = internSlot(table, buf, at, at + bytes);
            if (/[^\x00-\x7f]/.test(word)) expect(slot).toBe(-1);
            else {
              const key = table.keys[slot]!;
              expect(key).toBe(word);
              // A column value set for a key stays with it until the table clears.
              const column = table.columns[0]!;
              if (column[slot] !== undefined) expect(column[slot]).toBe(`of ${word}`);
              column[slot] = `of ${word}`;
            }
            at += bytes + 1;
            expect(table.size).toBeLessThanOrEqual(table.mask + 1);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('returns the same string object for a repeated key, and tells keys that share a prefix apart', () => {
    const table = createInternTable(12);
    const long = `/${'x'.repeat(60)}`;
    const buf = Buffer.from(`${long}1 ${long}2 ${long}1 198.51.0.1 198.51.0.10 198.51.0.1`);
    const a = internAscii(table, buf, 0, 62);
    const b = internAscii(table, buf, 63, 125);
    expect([a, b]).toEqual([`${long}1`, `${long}2`]);
    expect(internAscii(table, buf, 126, 188)).toBe(a);
    const ip = internAscii(table, buf, 189, 199);
    expect(internAscii(table, buf, 200, 211)).toBe('198.51.0.10');
    expect(internAscii(table, buf, 212, 222)).toBe(ip);
  });

  it('grows from a small table and keeps every key findable', () => {
    const table = createInternTable(12);
    const words = Array.from({ length: 1500 }, (_, i) => `10.0.${i >> 8}.${i & 255}`);
    const buf = Buffer.from(words.join(' '));
    const first: string[] = [];
    let at = 0;
    for (const w of words) {
      first.push(internAscii(table, buf, at, at + w.length)!);
      at += w.length + 1;
    }
    expect(table.mask + 1).toBe(4096);
    at = 0;
    words.forEach((w, i) => {
      expect(internAscii(table, buf, at, at + w.length)).toBe(first[i]);
      at += w.length + 1;
    });
  });
});
