import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../postgres/catalog.js';
import { createFingerprinter } from '../secrets.js';
import { extractCatalog, settingValue } from './extract.js';

const catalog: Catalog = JSON.parse(
  readFileSync(
    new URL('./__fixtures__/catalog-partitions-secret-default-invalid-index.json', import.meta.url),
    'utf8',
  ),
);
const input = { source: 'postgres', display: 'db:5432/shop', fingerprint: createFingerprinter('k') };

describe('extractCatalog', () => {
  const facts = extractCatalog(catalog, input);
  const value = (key: string) => facts.find((f) => f.key === key)?.value;

  it('describes partitioned tables by their parent, with summed volume', () => {
    expect(value('data/table/events/kind')).toBe('partitioned table');
    expect(value('data/table/events/rows')).toBe(3000);
    expect(value('data/table/events/partitions')).toBe(2);
    expect(value('data/table/events/partition-key')).toBe('RANGE (created_at)');
    expect(facts.some((f) => f.key.startsWith('data/table/events_2026_01/'))).toBe(false);
  });

  it('normalises settings, indexes and defaults', () => {
    expect(facts.find((f) => f.key === 'data/setting/work_mem')).toMatchObject({
      value: 4194304,
      unit: 'bytes',
    });
    expect(value('data/setting/jit')).toBe(false);
    expect(value('data/table/billing.invoices/index/invoices_half_built/definition')).toBe(
      'btree (webhook_url) WHERE (id > 10) (INVALID)',
    );
    expect(value('data/table/billing.invoices/column/id/default')).toBe('identity always');
    expect(value('data/table/billing.invoices/modified-since-analyze')).toBe(0.5);
    expect(value('data/table/billing.invoices/column/webhook_url/distinct-share')).toBe(0.5);
    expect(value('data/migrations/prisma/latest')).toBe('20260201_invoices');
    expect(value('access/db-role/table-privileges')).toEqual(['SELECT', 'UPDATE']);
  });

  it('keeps the planted secret (default and most-common value) out of every fact', () => {
    expect(value('data/table/billing.invoices/column/webhook_url/default')).toMatchObject({
      secret: true,
      redacted: "'https://svc:****@hooks.example.com/x'::text",
    });
    expect(JSON.stringify(facts)).not.toContain('PLANTED');
  });

  it('never throws on truncated or shuffled catalogs', () => {
    const sections = [
      'tables',
      'columns',
      'indexes',
      'constraints',
      'stats',
      'mcv',
      'samples',
      'settings',
    ] as const;
    fc.assert(
      fc.property(
        fc.array(fc.nat(5), { minLength: sections.length, maxLength: sections.length }),
        fc.string(),
        (cuts, junk) => {
          const c = { ...catalog } as Record<string, unknown>;
          sections.forEach((s, i) => {
            c[s] = (catalog[s] as unknown[]).slice(0, cuts[i]);
          });
          c.serverVersion = junk;
          expect(JSON.stringify(extractCatalog(c as unknown as Catalog, input))).not.toContain('PLANTED');
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('settingValue units', () => {
  const row = (setting: string, unit: string | null) => ({ name: 'x', setting, unit, vartype: 'integer' });

  it('reads time settings in milliseconds through the shared duration units, memory in bytes', () => {
    expect(settingValue(row('5', 'min'))).toEqual({ value: 300_000, unit: 'ms' });
    expect(settingValue(row('30', 's'))).toEqual({ value: 30_000, unit: 'ms' });
    expect(settingValue(row('200', 'ms'))).toEqual({ value: 200, unit: 'ms' });
    expect(settingValue(row('2', 'h'))).toEqual({ value: 7_200_000, unit: 'ms' });
    expect(settingValue(row('16', '8kB'))).toEqual({ value: 131_072, unit: 'bytes' });
    expect(settingValue(row('100', null))).toEqual({ value: 100 });
  });
});
