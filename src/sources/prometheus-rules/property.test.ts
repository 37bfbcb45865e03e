import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  anyText,
  cutAnywhere,
  expectInside,
  fixtureTexts,
  lineCount,
  neverThrows,
} from '../../test-support/property.js';
import { createFingerprinter } from '../secrets.js';
import { DEFAULT_ENV_LABELS } from './env-labels.js';
import { extractPrometheusRules } from './extract.js';
import { normaliseExpr } from './promql.js';

const fixtures = fixtureTexts(new URL('./__fixtures__/', import.meta.url));
const input = {
  source: 'p',
  fingerprint: createFingerprinter('k'),
  envLabels: new Set(DEFAULT_ENV_LABELS),
  patterns: [/job="[^"]*"/g],
};

function check(text: string): void {
  const result = extractPrometheusRules([{ file: 'r.yaml', text }], input);
  expectInside(result, lineCount(text));
}

const yamlish = fc.stringMatching(
  /^(?:groups:|- name: |rules:|alert: |record: |expr: |for: |labels:|severity: |spec:|kind: PrometheusRule|\n| {2}|- |"|'|\{|\}|\[|\]|,|#|---|[a-z0-9_]{1,5}|[=!<>~]{1,2}|\d+m)*$/,
);
const promqlish = fc.stringMatching(
  /^(?:[a-z_:]{1,6}|\{|\}|\(|\)|\[|\]|,|"|'|`|\\|=~|!=|==|>=|<=|>|<|[0-9.e_x+-]{1,4}|#|\n| |bool|by)*$/,
);

describe('prometheus-rules on random and truncated input', () => {
  neverThrows('never throws on rule-file-like noise', yamlish, check, 300);
  neverThrows('never throws on arbitrary text', anyText(), check, 150);
  neverThrows('never throws on fixtures cut anywhere', cutAnywhere(fixtures), check, 300);

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
