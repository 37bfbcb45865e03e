import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { comparePlans } from '../data/plans/plans.js';
import { renderPlansMarkdown, renderPlansText } from '../data/plans/render.js';
import { describeFlip, summarisePlan } from './plan-shape.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'));

describe('plan shapes', () => {
  const staging = summarisePlan(fixture('explain-staging-bitmap-scan.json'))!;
  const production = summarisePlan(fixture('explain-production-seq-scan-analyzed.json'))!;

  it('normalises a plan to node types, relations and indexes, without numbers', () => {
    expect(staging.shape).toBe(
      'Hash Join [Seq Scan on customers; Hash [Bitmap Heap Scan on orders [Bitmap Index Scan using orders_status_idx]]]',
    );
    expect(staging.totalCost).toBe(246.67);
    expect(production.executionMs).toBe(812.5);
    expect(production.tree[0]).toBe('Hash Join (cost=61234.5 rows=510000)');
  });

  it('names what flipped, per relation', () => {
    expect(describeFlip(staging.shape, production.shape)).toBe('orders: Bitmap Heap Scan -> Seq Scan');
  });

  it('compares and renders both plans side by side', () => {
    const b = [{ name: 'q', line: 1, generic: false, summary: production }];
    const c = [{ name: 'q', line: 1, generic: false, summary: staging }];
    const [cmp] = comparePlans(b, c, 0.006);
    expect(cmp).toMatchObject({
      verdict: 'flip',
      costRatio: 248,
      note: 'orders: Bitmap Heap Scan -> Seq Scan',
    });
    const text = renderPlansText([cmp!], { baseline: 'production', candidate: 'staging' });
    expect(text.split('\n')[0]).toBe('FLIP              q: orders: Bitmap Heap Scan -> Seq Scan (cost x248)');
    expect(renderPlansMarkdown([cmp!], { baseline: 'production', candidate: 'staging' })).toContain(
      '| q | flip |',
    );
  });

  it('never throws on random JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        summarisePlan(value);
      }),
      { numRuns: 300 },
    );
  });
});
