import { describe, expect, it } from 'vitest';
import type { Audit } from '../model/audit.js';
import type { Divergence } from '../model/divergence.js';
import { driftedAudit, stagingComparison } from './__fixtures__/audit-drifted.js';
import { manyDivergences } from './__fixtures__/audit-many.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { differenceSize } from './order.js';
import { renderText } from './text.js';

/** Three HIGH timeouts differing by x2, x30 and x6, in that (engine) order, and one drafted. */
function sizedAudit(): Audit {
  const [a, b, c] = manyDivergences(3).map((d) => ({ ...d, severity: 'high' as const }));
  const sized = (d: Divergence, prod: string, stg: string, name: string): Divergence => ({
    ...d,
    key: `config/env/${name}`,
    message: `${name}: production ${prod}, staging ${stg}`,
    baseline: { ...d.baseline!, value: prod },
    candidate: { ...d.candidate!, value: stg },
  });
  const drafted: Divergence = {
    ...sized(c!, '1', '2', 'DRAFTED_MS'),
    state: 'drafted',
    decision: { decision: 'accept', reason: '', draft: true, origin: { source: 'parity.yaml', line: 70 } },
  } as Divergence;
  return {
    ...driftedAudit,
    unread: [],
    skips: [],
    comparisons: [
      {
        ...stagingComparison,
        divergences: [
          sized(a!, '1000', '2000', 'SMALL_MS'),
          sized(b!, '1000', '30000', 'LARGE_MS'),
          sized(c!, '5000', '30000', 'MIDDLE_MS'),
          drafted,
        ],
      },
    ],
  };
}

describe('the report, largest first', () => {
  it('measures a difference as a factor where it can, else leaves it unknown', () => {
    const [d] = manyDivergences(1);
    expect(differenceSize({ ...d!, detail: { ratio: 0.1 } })).toBeCloseTo(10);
    expect(
      differenceSize({
        ...d!,
        baseline: { ...d!.baseline!, value: '2Gi' },
        candidate: { ...d!.candidate!, value: '256Mi' },
      }),
    ).toBe(8);
    expect(
      differenceSize({
        ...d!,
        baseline: { ...d!.baseline!, value: 'info' },
        candidate: { ...d!.candidate!, value: 'debug' },
      }),
    ).toBeUndefined();
  });

  it('orders the text register by severity, then by the size of the difference', () => {
    const out = renderText(sizedAudit(), { color: false });
    const at = (s: string) => out.indexOf(s);
    expect(at('LARGE_MS')).toBeLessThan(at('MIDDLE_MS'));
    expect(at('MIDDLE_MS')).toBeLessThan(at('SMALL_MS'));
  });

  it('orders the markdown rows and the JSON divergences the same way', () => {
    const md = renderMarkdown(sizedAudit());
    expect(md.indexOf('LARGE')).toBeLessThan(md.indexOf('MIDDLE'));
    expect(md.indexOf('MIDDLE')).toBeLessThan(md.indexOf('SMALL'));
    const keys = JSON.parse(renderJson(sizedAudit())).comparisons[0].divergences.map(
      (d: Divergence) => d.key,
    );
    expect(keys.filter((k: string) => k.endsWith('_MS'))).toEqual([
      'config/env/LARGE_MS',
      'config/env/MIDDLE_MS',
      'config/env/SMALL_MS',
      'config/env/DRAFTED_MS',
    ]);
  });

  it('shows the drafts before the dimension map, on the first screen', () => {
    const out = renderText(sizedAudit(), { color: false });
    expect(out.indexOf('Drafted, awaiting a reason: 1')).toBeGreaterThan(0);
    expect(out.indexOf('Drafted, awaiting a reason: 1')).toBeLessThan(out.indexOf('Dimensions'));
  });

  it('ends with the next step: decide while undecided remain, explain the top finding’s rule', () => {
    const out = renderText(sizedAudit(), { color: false });
    const footer = out.slice(out.lastIndexOf('Next\n'));
    expect(footer).toContain('`parity decide` drafts a decision for the 3 undecided findings');
    expect(footer).toContain('the draft in parity.yaml');
    expect(footer).toContain('`parity explain config.timeout-differs`');
    const decided: Audit = { ...driftedAudit, comparisons: [{ ...stagingComparison, divergences: [] }] };
    expect(renderText(decided, { color: false })).not.toContain('Next\n');
  });
});

describe('--min-severity', () => {
  it('hides what is below it in text and markdown and says how many', () => {
    const text = renderText(driftedAudit, { color: false, minSeverity: 'high' });
    expect(text).not.toContain('MEDIUM    ');
    expect(text).not.toContain('LOW       ');
    expect(text).toContain('6 findings below high not shown (--min-severity high)');
    // The summary still counts everything: it is what the gate sees.
    expect(text).toContain('6 undecided: 1 critical, 2 high, 2 medium, 1 low');
    const md = renderMarkdown(driftedAudit, { minSeverity: 'high' });
    expect(md).toContain('6 findings below high not shown');
    expect(md).not.toContain('🟡 medium');
  });

  it('keeps every finding in JSON and records the filter', () => {
    const json = JSON.parse(renderJson(driftedAudit, { minSeverity: 'high' }));
    expect(json.minSeverity).toEqual({ severity: 'high', notShown: 6 });
    expect(json.comparisons[0].divergences).toHaveLength(stagingComparison.divergences.length);
  });
});
