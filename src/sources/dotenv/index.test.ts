import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createFingerprinter } from '../secrets.js';
import type { SourceSpec } from '../types.js';
import { dotenvSource } from './index.js';

const fixtures = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
const ctx = { environment: 'staging', production: false, fingerprint: createFingerprinter('k') };
const spec = (paths: string[], options: Record<string, unknown> = {}): SourceSpec => ({
  kind: 'dotenv',
  id: 'dotenv:.env',
  paths,
  baseDir: fixtures,
  options,
});

describe('dotenv source', () => {
  it('reads a file, scoped to a workload when the option says so', async () => {
    const result = await dotenvSource.collect(spec(['every-syntax.env']), { workload: 'api' }, ctx);
    expect(result.skips).toEqual([]);
    expect(result.facts.find((f) => f.attribute === 'PAYMENT_TIMEOUT_MS')).toMatchObject({
      key: 'config/env/api/PAYMENT_TIMEOUT_MS',
      value: '5000',
      origin: { source: 'dotenv:.env', file: 'every-syntax.env', line: 6 },
    });
  });

  it('reads every env file of a folder and reports their odd lines', async () => {
    const result = await dotenvSource.collect(spec(['.']), {}, ctx);
    expect([...new Set(result.facts.map((f) => f.origin.file))].sort()).toEqual([
      'every-syntax.env',
      'garbage-lines.env',
      'secrets-planted.env',
      'unterminated-quote.env',
    ]);
    expect(result.skips.map((s) => `${s.file}:${s.line}`)).toContain('unterminated-quote.env:2');
  });

  it('skips a missing file', async () => {
    const result = await dotenvSource.collect(spec(['.env.production']), {}, ctx);
    expect(result).toEqual({
      facts: [],
      skips: [
        { source: 'dotenv:.env', file: '.env.production', reason: 'no such file or directory', unread: true },
      ],
    });
  });

  it('has strict options', () => {
    expect(dotenvSource.options.safeParse({ workload: 'checkout' }).success).toBe(true);
    expect(dotenvSource.options.safeParse({ workload: 'a/b' }).success).toBe(false);
    expect(dotenvSource.options.safeParse({ service: 'checkout' }).success).toBe(false);
  });
});
