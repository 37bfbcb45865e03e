import { readdirSync, readFileSync, statSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Fact } from '../../model/fact.js';
import { createFingerprinter } from '../secrets.js';
import { DEFAULT_ENV_LABELS } from './env-labels.js';
import { extractPrometheusRules } from './extract.js';
import { normaliseExpr } from './promql.js';

const dir = new URL('./__fixtures__/', import.meta.url);
function fixtureTexts(url: URL): string[] {
  return readdirSync(url).flatMap((name) => {
    const child = new URL(name, url);
    return statSync(child).isDirectory()
      ? fixtureTexts(new URL(`${name}/`, url))
      : [readFileSync(child, 'utf8')];
  });
}
const fixtures = fixtureTexts(dir);
const input = {
  source: 'p',
  fingerprint: createFingerprinter('k'),
  envLabels: new Set(DEFAULT_ENV_LABELS),
  patterns: [/job="[^"]*"/g],
};

function check(text: string): void {
  const result = extractPrometheusRules([{ file: 'r.yaml', text }], input);
  const lines = text.split(/\r\n|\r|\n/).length;
  for (const fact of result.facts) {
    expect(Fact.safeParse(fact).success).toBe(true);
    expect(fact.origin.line ?? 1).toBeLessThanOrEqual(lines);
  }
  for (const skip of result.skips) expect(skip.line ?? 1).toBeLessThanOrEqual(lines);
}

const yamlish = fc.stringMatching(
  /^(?:groups:|- name: |rules:|alert: |record: |expr: |for: |labels:|severity: |spec:|kind: PrometheusRule|\n| {2}|- |"|'|\{|\}|\[|\]|,|#|---|[a-z0-9_]{1,5}|[=!<>~]{1,2}|\d+m)*$/,
);
const promqlish = fc.stringMatching(
  /^(?:[a-z_:]{1,6}|\{|\}|\(|\)|\[|\]|,|"|'|`|\\|=~|!=|==|>=|<=|>|<|[0-9.e_x+-]{1,4}|#|\n| |bool|by)*$/,
);

describe('prometheus-rules on random and truncated input', () => {
  it('never throws on rule-file-like noise', () => {
    fc.assert(
      fc.property(yamlish, (text) => check(text)),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => check(text)),
      { numRuns: 150 },
    );
  });

  it('never throws on fixtures cut anywhere', () => {
    const cuts = fc.tuple(fc.constantFrom(...fixtures), fc.nat(), fc.nat());
    fc.assert(
      fc.property(cuts, ([text, a, b]) =>
        check(text.slice(Math.min(a, b) % (text.length + 1), Math.max(a, b))),
      ),
      { numRuns: 300 },
    );
  });

  it('normalises any PromQL-like text to a stable result (normalising twice changes nothing)', () => {
    fc.assert(
      fc.property(promqlish, (text) => {
        const once = normaliseExpr(text, input);
        const again = normaliseExpr(
          once.expr.replace('$threshold', String(once.threshold ?? '$threshold')),
          input,
        );
        expect(again.expr).toBe(once.expr);
      }),
      { numRuns: 300 },
    );
  });

  it('stays linear on long expressions, unclosed braces and strings, and many rules', () => {
    const long = `sum(${'rate(x{env="a",job="b"}[5m]) + '.repeat(2_000)}1) > 0.5`;
    const braces = '{'.repeat(20_000);
    const quotes = `x{a="${'\\'.repeat(50_000)}`;
    const many = `groups:\n  - name: g\n    rules:\n${'      - {alert: A, expr: "up == 0", for: 5m}\n'.repeat(1_500)}`;
    const started = performance.now();
    expect(normaliseExpr(long, input).threshold).toBe(0.5);
    normaliseExpr(braces, input);
    normaliseExpr(quotes, input);
    expect(extractPrometheusRules([{ file: 'm.yaml', text: many }], input).facts.length).toBe(4_500);
    expect(performance.now() - started).toBeLessThan(1500);
  });
});
