import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Fact } from '../../model/fact.js';
import { fact } from '../../test-support/facts.js';
import { parseMcv, statsFromFacts } from './stats.js';

describe('statsFromFacts', () => {
  it("reads tables, columns (schema-qualified too), settings and fingerprints from a postgres source's facts", () => {
    const stats = statsFromFacts([
      fact('data/table/billing.invoices/rows', 1500, { unit: 'rows' }),
      fact('data/table/billing.invoices/column/state/null-frac', 0.25),
      fact('data/table/billing.invoices/column/state/distinct-values', 3),
      fact('data/table/billing.invoices/column/state/correlation', -0.4),
      fact('data/table/billing.invoices/column/state/mcv', ['ab12=0.7', 'cd34=0.2']),
      fact('data/table/billing.invoices/column/id/distinct-share', 1),
      fact('data/table/billing.invoices/column/issued/range', ['2024-01-01', '2025-01-01']),
      fact('data/setting/random_page_cost', 1.1),
      fact('data/table/billing.invoices/index/x/definition', 'btree (id)'),
    ]);
    expect(stats.hasMcv).toBe(true);
    expect(stats.settings.get('random_page_cost')).toEqual({ value: 1.1 });
    const t = stats.tables.get('billing.invoices')!;
    expect(t.rows).toBe(1500);
    expect(t.columns.get('state')).toEqual({
      nullFrac: 0.25,
      distinctValues: 3,
      correlation: -0.4,
      mcv: [
        { fingerprint: 'ab12', freq: 0.7 },
        { fingerprint: 'cd34', freq: 0.2 },
      ],
    });
    expect(t.columns.get('issued')?.range).toEqual(['2024-01-01', '2025-01-01']);
  });

  it('drops malformed fingerprint entries', () => {
    expect(parseMcv(['=0.5', 'x=2', 'y=abc', 'z=0.1', 'a=b=0.3'])).toEqual([
      { fingerprint: 'z', freq: 0.1 },
      { fingerprint: 'a=b', freq: 0.3 },
    ]);
  });

  it('never throws on odd facts', () => {
    const value = fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string()));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string(), value), { maxLength: 20 }), (pairs) => {
        const facts = pairs.map(([k, v]) => fact(`data/table/${k}`, v as Fact['value']));
        expect(() => statsFromFacts(facts)).not.toThrow();
      }),
    );
  });
});
