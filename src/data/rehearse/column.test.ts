import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScratchColumn } from './catalog.js';
import { columnSql, skipKeys } from './column.js';

describe('stand-in keys', () => {
  it('slot -> key is increasing and never a key reserved for a literal', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 200 }), { maxLength: 20 }), (keys) => {
        const skipped = [...keys].sort((a, b) => a - b);
        const keyOf = skipKeys(skipped);
        let prev = -1;
        for (let s = 0; s < 120; s++) {
          const k = Number(keyOf(String(s)));
          expect(k).toBeGreaterThan(prev);
          expect(skipped).not.toContain(k);
          prev = k;
        }
      }),
      { numRuns: 50 },
    );
  });

  it('a correlated column is drawn by row position, literals at their rank in value order', () => {
    let n = 0;
    const sql = columnSql({
      column: { name: 'grp', type: 'integer' } as ScratchColumn,
      rows: 1000,
      nullFrac: 0,
      correlation: 0.99,
      mcv: [{ freq: 0.5, literal: '7' }, { freq: 0.3 }],
      rest: 3,
      value: (k) => `(${k})::integer`,
      places: new Map([['7', { equal: [6], below: 4 }]]),
      random: () => `r${++n}`,
      derived: (expr) => {
        expect(expr).toBe('((g - 1)::float8 / 1000)');
        return `r${++n}`;
      },
    });
    // Stand-in (slot 0), the rest's slots 1-3, then the literal (4 keys below it).
    expect(sql).toBe(
      'CASE WHEN r1 < 0.3 THEN (0)::integer WHEN r1 < 0.5 THEN (((1 + LEAST(2, floor((r1 - 0.3) * 15::float8)::int8)) + ' +
        "width_bucket((1 + LEAST(2, floor((r1 - 0.3) * 15::float8)::int8)), ARRAY[6]::int8[])))::integer ELSE ('7')::integer END",
    );
  });
});
