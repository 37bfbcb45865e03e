import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFingerprinter } from '../secrets.js';
import { extractDotenv } from './extract.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const fingerprint = createFingerprinter('test-key');
const input = (file: string) => ({ source: 'dotenv:.env', file, fingerprint });

function valuesOf(text: string, workload?: string) {
  const result = extractDotenv(text, { ...input('x.env'), ...(workload ? { workload } : {}) });
  return Object.fromEntries(result.facts.map((f) => [f.key, [f.value, f.origin.line]]));
}

describe('dotenv extract', () => {
  it('reads every syntax dotenv files use, with the line of each value', () => {
    const result = extractDotenv(fixture('every-syntax.env'), input('every-syntax.env'));
    expect(result.skips).toEqual([]);
    expect(Object.fromEntries(result.facts.map((f) => [f.key, [f.value, f.origin.line]]))).toEqual({
      'config/env/APP_ENV': ['production', 2],
      'config/env/LOG_LEVEL': ['warn', 21],
      'config/env/EMPTY_VALUE': ['', 5],
      'config/env/PAYMENT_TIMEOUT_MS': ['5000', 6],
      'config/env/GREETING': ['Hello ${APP_ENV} \\n literal', 7],
      'config/env/MOTD': ['line one\nline two\t"quoted" \\ back $HOME', 8],
      'config/env/BANNER': ['first line\nsecond line', 9],
      'config/env/TEMPLATE': [`it's "mixed" production`, 11],
      'config/env/WORKERS': ['4', 12],
      'config/env/COLOR': ['#ff0000', 13],
      'config/env/HASHLESS': ['a#b', 14],
      'config/env/DATABASE_HOST': ['db.internal', 15],
      'config/env/DATABASE_PORT': ['5432', 16],
      'config/env/DATABASE_ADDR': ['db.internal:5432', 17],
      'config/env/CACHE_TTL': ['300', 18],
      'config/env/UPSTREAM': ['${UPSTREAM_FROM_PROCESS}', 19],
      'config/env/QUOTED_COMMENT': ['keep # this', 20],
    });
    expect(result.facts[0]).toEqual({
      key: 'config/env/APP_ENV',
      dimension: 'config',
      subject: 'env',
      attribute: 'APP_ENV',
      value: 'production',
      compare: 'exact',
      origin: { source: 'dotenv:.env', file: 'every-syntax.env', line: 2 },
    });
  });

  it('scopes keys to a workload when one is given', () => {
    const result = extractDotenv('API_URL=http://api\n', { ...input('api.env'), workload: 'checkout' });
    expect(result.facts.map((f) => [f.key, f.subject])).toEqual([
      ['config/env/checkout/API_URL', 'checkout'],
    ]);
  });

  it('names the line where an unterminated quote opened and reads the lines after it', () => {
    const result = extractDotenv(fixture('unterminated-quote.env'), input('unterminated-quote.env'));
    expect(result.facts.map((f) => [f.key, f.value, f.origin.line])).toEqual([
      ['config/env/APP_ENV', 'staging', 1],
      ['config/env/FEATURE_CHECKOUT_V2', 'true', 3],
    ]);
    expect(result.skips).toEqual([
      {
        source: 'dotenv:.env',
        file: 'unterminated-quote.env',
        line: 2,
        reason: 'unterminated double quote opened on this line; expected a closing "',
      },
      {
        source: 'dotenv:.env',
        file: 'unterminated-quote.env',
        line: 4,
        reason: "unterminated single quote opened on this line; expected a closing '",
      },
    ]);
  });

  it('skips lines that are not assignments, saying what was expected', () => {
    const result = extractDotenv(fixture('garbage-lines.env'), input('garbage-lines.env'));
    expect(result.facts.map((f) => [f.key, f.origin.line])).toEqual([
      ['config/env/API_URL', 1],
      ['config/env/WORKERS', 6],
    ]);
    expect(result.skips.map((s) => [s.line, s.reason])).toEqual([
      [2, 'expected NAME=value'],
      [3, 'expected NAME=value'],
      [4, 'expected NAME=value'],
      [5, 'expected only a comment after the closing double quote'],
    ]);
  });

  it('keeps a multi-line quoted value whose closing quote is followed by text as unterminated', () => {
    const result = extractDotenv('A="one\nB="two"\n', input('x.env'));
    expect(result.facts.map((f) => [f.key, f.value, f.origin.line])).toEqual([['config/env/B', 'two', 2]]);
    expect(result.skips.map((s) => s.line)).toEqual([1]);
  });

  it('handles CRLF line ends and nested defaults', () => {
    expect(valuesOf('A=1\r\nB=${MISSING:-${A}0}\r\nC=${A:+set}\r\nD=${MISSING:?needed}\r\n')).toEqual({
      'config/env/A': ['1', 1],
      'config/env/B': ['10', 2],
      'config/env/C': ['set', 3],
      'config/env/D': ['${MISSING:?needed}', 4],
    });
  });

  it('never lets a planted secret out, even through interpolation', () => {
    const text = fixture('secrets-planted.env');
    const result = extractDotenv(text, input('secrets-planted.env'));
    const json = JSON.stringify(result);
    for (const planted of [
      'PLANTEDabcdef123456',
      'planted-db-pw-7f3a9c',
      'planted-redis-pw-55e1',
      'planted-sentry-token-value',
      'plantedPEMbodyLINE1',
      'PLANTEDghtoken0123456789abcd',
    ]) {
      expect(json).not.toContain(planted);
    }
    const byKey = Object.fromEntries(result.facts.map((f) => [f.key, f.value]));
    expect(byKey['config/env/DATABASE_URL']).toEqual({
      secret: true,
      fingerprint: fingerprint('postgres://shop:planted-db-pw-7f3a9c@db.internal:5432/shop'),
      redacted: 'postgres://shop:****@db.internal:5432/shop',
    });
    expect(byKey['config/env/PG_DSN_OPTIONS']).toEqual({
      secret: true,
      fingerprint: fingerprint('host=db.internal password=planted-db-pw-7f3a9c'),
    });
    // An unresolved reference holds no secret; fingerprinting it would fake a shared secret.
    expect(byKey['config/env/PASSWORD_FROM_VAULT']).toBe('${VAULT_DB_PASSWORD}');
    expect(byKey['config/env/LOG_LEVEL']).toBe('info');
    expect(result.skips).toEqual([]);
  });

  it('stays linear on large files full of broken quotes', () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => (i % 2 ? `K${i}="open` : `K${i}='x' # ok`));
    const started = performance.now();
    const result = extractDotenv(`"${lines.join('\n')}`, input('big.env'));
    expect(result.facts.length + result.skips.length).toBe(20_000);
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('never throws or hangs on random or truncated input', () => {
    const full =
      fixture('every-syntax.env') + fixture('secrets-planted.env') + fixture('unterminated-quote.env');
    const envish = fc.stringMatching(/^[A-Z_=:"'`$#{}\\ \n\t.a-z0-9-]{0,200}$/);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          envish,
          fc.nat(full.length).map((n) => full.slice(0, n)),
        ),
        (text) => {
          const result = extractDotenv(text, input('random.env'));
          for (const fact of result.facts) expect(fact.key.startsWith('config/env/')).toBe(true);
          for (const skip of result.skips) expect(skip.line).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});
