import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { queryLiterals } from './literals.js';

describe('queryLiterals', () => {
  it('collects sample parameters and SQL literals, not placeholders, identifiers or row limits', () => {
    const literals = queryLiterals([
      {
        name: 'q',
        line: 1,
        params: ['completed', 4242, true, { nested: 1 }],
        sql: `SELECT t2.id FROM orders o2 WHERE status = 'it''s' AND total > -12.5 AND x = $1 -- 'commented'
              ORDER BY 1 LIMIT 20 OFFSET 40`,
      },
    ]);
    expect(literals).toEqual(['completed', '4242', 'true', "it's", '-12.5', '1']);
  });

  it('takes each element of an array parameter (`= ANY($1)`), nested arrays included', () => {
    const literals = queryLiterals([
      {
        name: 'q',
        line: 1,
        params: [['completed', 'pending'], [[7, 8]]],
        sql: 'SELECT 1 FROM t WHERE s = ANY($1)',
      },
    ]);
    expect(literals).toEqual(['completed', 'pending', '7', '8', '1']);
  });

  it('never throws on any text', () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.jsonValue(), { maxLength: 4 }), (sql, params) => {
        expect(Array.isArray(queryLiterals([{ name: 'q', line: 1, sql, params }]))).toBe(true);
      }),
    );
  });
});
