import { describe, expect, it } from 'vitest';
import { DEFAULT_ENV_LABELS } from './env-labels.js';
import { normaliseExpr } from './promql.js';

const options = { envLabels: new Set(DEFAULT_ENV_LABELS), patterns: [] };
const norm = (text: string, patterns: RegExp[] = []) => normaliseExpr(text, { ...options, patterns });

describe('normaliseExpr', () => {
  it('drops environment matchers, sorts the rest and extracts the trailing threshold', () => {
    expect(norm('rate(errors_total{env="production", service="checkout"}[5m]) > 0.05')).toEqual({
      expr: 'rate(errors_total{service="checkout"}[5m]) > $threshold',
      threshold: 0.05,
    });
    expect(norm('rate(errors_total{service = "checkout",namespace=~"shop-.*"}[5m])>0.05')).toEqual(
      norm('rate(errors_total{env="staging",service="checkout"}[5m]) > 0.05'),
    );
  });

  it('removes a selector emptied of matchers, but keeps one that names no metric', () => {
    expect(norm('up{cluster="eu-1"} == 0').expr).toBe('up == $threshold');
    expect(norm('{namespace="shop"}').expr).toBe('{}');
  });

  it('makes spacing, line folding and comments irrelevant', () => {
    const folded = 'sum by (job) (\n  rate(x_total[5m])  # per second\n)\n/ 2';
    expect(norm(folded).expr).toBe('sum by(job)(rate(x_total[5m])) / 2');
    expect(norm('sum   by(job)(rate( x_total [5m] ))/2').expr).toBe('sum by(job)(rate(x_total[5m])) / 2');
  });

  it('reads thresholds written in every PromQL number form', () => {
    expect(norm('x >= bool -1').threshold).toBe(-1);
    expect(norm('x >= bool -1').expr).toBe('x >= bool $threshold');
    expect(norm('x < 1e-3').threshold).toBe(0.001);
    expect(norm('x > 0x10').threshold).toBe(16);
    expect(norm('x > 1_000').threshold).toBe(1000);
    expect(norm('x != .5').threshold).toBe(0.5);
  });

  it('finds no threshold inside functions, against another series, or in a duration', () => {
    expect(norm('absent(up{job="worker"} == 1)')).toEqual({ expr: 'absent(up{job="worker"} == 1)' });
    expect(norm('a > b')).toEqual({ expr: 'a > b' });
    expect(norm('a > 5m')).toEqual({ expr: 'a > 5m' });
    expect(norm('a > Inf')).toEqual({ expr: 'a > Inf' });
  });

  it('treats braces, hashes and quotes inside strings as text', () => {
    expect(norm('x{path="/a{b}#c", env="prod"} > 1').expr).toBe('x{path="/a{b}#c"} > $threshold');
    expect(norm("x{path='it\\'s'} > 1").expr).toBe("x{path='it\\'s'} > $threshold");
  });

  it('deletes what the normalise patterns match and tidies what is left', () => {
    const patterns = [/job="[a-z]+-(staging|production)",?\s*/g];
    expect(norm('up{job="checkout-production", instance="a"} == 0', patterns).expr).toBe(
      'up{instance="a"} == $threshold',
    );
  });

  it('keeps text it does not understand rather than guessing', () => {
    expect(norm('x{not a matcher} > 1').expr).toBe('x{not a matcher} > $threshold');
    expect(norm('x{unclosed="a"').expr).toBe('x{unclosed="a"');
  });
});
