import { describe, expect, it } from 'vitest';
import { checkStatement } from './statement.js';

// Found by the attack run (bench/attack): EXPLAIN alone (no ANALYZE) of one SELECT nested 2,000
// subqueries deep took production's backend to 1.5 GB until the statement timeout, and 3,000
// UNION ALL branches to 750 MB. Planning memory has no server setting to bound it: the gate
// refuses such statements before anything is sent.
describe('checkStatement: statements too large to plan safely', () => {
  it('refuses a SELECT nested 2,000 subqueries deep, naming the limit', async () => {
    const sql = `SELECT ${'(SELECT '.repeat(2000)}1${')'.repeat(2000)}`;
    const check = await checkStatement(sql);
    expect(check).toEqual({ ok: false, reason: expect.stringMatching(/nested deeper than 64 SELECTs/) });
  });

  it('refuses 3,000 UNION ALL branches, naming the limit', async () => {
    const sql = Array.from({ length: 3000 }, (_, i) => `SELECT ${i}`).join(' UNION ALL ');
    const check = await checkStatement(sql);
    expect(check).toEqual({ ok: false, reason: expect.stringMatching(/more than 1000 SELECTs/) });
  });

  it('plans ordinary depth and width: 20 nested subqueries, 200 UNION branches', async () => {
    const nested = `SELECT ${'(SELECT '.repeat(20)}1${')'.repeat(20)}`;
    const unions = Array.from({ length: 200 }, (_, i) => `SELECT ${i}`).join(' UNION ALL ');
    expect(await checkStatement(nested)).toMatchObject({ ok: true, kind: 'select' });
    expect(await checkStatement(unions)).toMatchObject({ ok: true, kind: 'select' });
    expect(await checkStatement('SELECT * FROM t WHERE id = $3')).toEqual({
      ok: true,
      kind: 'select',
      params: 3,
    });
  });
});
