import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseQueryFile, placeholderCount } from './query-file.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

describe('parseQueryFile', () => {
  it('reads named statements with params and turns mistakes into skips with lines', () => {
    const result = parseQueryFile(fixture('queries-with-params-and-mistakes.sql'), 'q', 'queries.sql');
    expect(result.queries).toEqual([
      {
        name: 'completed-orders-since',
        line: 3,
        params: ['completed', '2025-06-01'],
        sql: 'SELECT o.id FROM orders o\nWHERE o.status = $1 AND o.created_at > $2',
      },
      { name: 'generic-lookup', line: 8, sql: 'SELECT * FROM orders WHERE id = $1' },
    ]);
    expect(result.skips.map((s) => [s.line, s.reason])).toEqual([
      [1, 'SQL before any -- name: line; expected -- name: <query name> above each statement'],
      [12, 'query bad-params: -- params: expected a JSON array of sample values'],
      [15, 'query empty-one has no SQL after its -- name: line'],
      [17, 'query name generic-lookup is used twice; expected unique names'],
    ]);
  });

  it('counts placeholders outside string literals', () => {
    expect(placeholderCount("SELECT $1, '$9' FROM t WHERE a = $2")).toBe(2);
  });

  it('never throws on random or truncated input', () => {
    const text = fixture('queries-with-params-and-mistakes.sql');
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.nat(text.length).map((n) => text.slice(0, n)),
        ),
        (input) => {
          const r = parseQueryFile(input, 'q', 'f.sql');
          expect(Array.isArray(r.queries)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
