import { describe, expect, it } from 'vitest';
import { normaliseName } from './compare/normalise.js';
import { registryCatalogue } from './config/catalogue.js';
import { parsePolicy, type SourceCatalogue } from './config/load.js';
import { ConfigError } from './errors.js';
import { anchoredRegex } from './sources/alertmanager/matchers.js';
import { normaliseExpr } from './sources/prometheus-rules/promql.js';
import { compileUserRegex } from './user-regex.js';

// Patterns with catastrophic backtracking on a backtracking engine: each hung for tens of seconds.
const EVIL = ['(a+)+$', '(a|aa)+$', '(a*)*b', '([a-z]+)*[0-9]$', '(\\w+\\s?)+$'];
const VICTIM = `${'a'.repeat(50_000)}!`;

describe('user regexes run in linear time', () => {
  it.each(EVIL)('%s against 50,000 characters in well under a second', (pattern) => {
    const re = compileUserRegex(pattern);
    const started = performance.now();
    expect(re.test(VICTIM)).toBe(false);
    expect(VICTIM.replace(re, 'x')).toBe(VICTIM);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('keeps what users write today: groups, first match only, $1 and $<name> replacements', () => {
    const rename = compileUserRegex('-(stg|staging)$');
    expect('checkout-stg'.replace(rename, '')).toBe('checkout');
    expect('a-stg'.replace(compileUserRegex('-(?<env>stg)$'), '.$<env>.$1.$&.$$')).toBe('a.stg.stg.-stg.$');
    expect('a1b22'.replace(compileUserRegex('\\d+'), '#')).toBe('a#b22');
    expect('a1b22'.replace(compileUserRegex('\\d+', { global: true }), '#')).toBe('a#b#');
    expect(compileUserRegex('[\\w\\-.]+').test('svc-a.b')).toBe(true);
    expect(compileUserRegex('^API$', { ignoreCase: true }).test('api')).toBe(true);
  });

  it('refuses lookaround and backreferences with a message that says why', () => {
    expect(() => compileUserRegex('(?=a)b')).toThrow(/lookaround or a backreference/);
    expect(() => compileUserRegex('(a)\\1')).toThrow(/lookaround or a backreference/);
    expect(() => compileUserRegex('[')).toThrow(/is not a valid regular expression/);
  });
});

describe('every place a user regex runs', () => {
  const catalogue: SourceCatalogue = {
    has: () => true,
    kinds: () => ['dotenv'],
    input: () => 'files',
    validateOptions: () => ({ success: true, data: {} }) as never,
  };
  const policy = (rename: string) =>
    `version: 1\nenvironments:\n  production:\n    sources: []\n  staging:\n    sources: []\nrename:\n  - match: '${rename}'\n    replace: ''\n`;

  it('parity.yaml rename: a catastrophic pattern renames in linear time', () => {
    const parsed = parsePolicy(policy('(a+)+$'), 'parity.yaml', catalogue, {});
    const started = performance.now();
    expect(normaliseName(VICTIM, parsed.rename)).toBe(VICTIM);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('parity.yaml rename: a lookahead is a configuration error naming parity.yaml:line', () => {
    expect(() => parsePolicy(policy('-(?=stg)'), 'parity.yaml', catalogue, {})).toThrow(ConfigError);
    expect(() => parsePolicy(policy('-(?=stg)'), 'parity.yaml', catalogue, {})).toThrow(
      /^parity\.yaml:8: rename\[0\]\.match uses lookaround/,
    );
  });

  it('prometheus-rules normalise: a catastrophic pattern normalises in linear time', () => {
    const options = registryCatalogue.validateOptions('prometheus-rules', { normalise: ['(a+)+$'] });
    expect(options.success).toBe(true);
    const patterns = [compileUserRegex('(a+)+$', { global: true })];
    const started = performance.now();
    normaliseExpr(`sum(rate(${'a'.repeat(50_000)}!_total[5m]))`, { envLabels: new Set(), patterns });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('prometheus-rules normalise: a lookahead is refused by the option check', () => {
    const options = registryCatalogue.validateOptions('prometheus-rules', { normalise: ['a(?=b)'] });
    expect(options.success).toBe(false);
  });

  it('Alertmanager matchers run on RE2 as Alertmanager does, (?i) included', () => {
    const started = performance.now();
    expect(anchoredRegex('(a+)+')?.test(VICTIM)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(anchoredRegex('(?i)critical|page')?.test('CRITICAL')).toBe(true);
    expect(anchoredRegex('crit.*')?.test('xcritical')).toBe(false);
  });
});
