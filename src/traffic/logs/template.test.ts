import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDistinct, countDistinct, createDistinct } from '../profile/distinct.js';
import { createHistogram, percentiles, quantile, record } from '../profile/histogram.js';
import { endpointTemplate } from './template.js';

describe('endpointTemplate', () => {
  it.each([
    ['/api/orders/8812', '/api/orders/:id'],
    ['/u/3f2504e0-4f89-11d3-9a0c-0305e82c3301/avatar', '/u/:uuid/avatar'],
    ['/blobs/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', '/blobs/:hash'],
    ['/api/inventory/SKU-47463', '/api/inventory/:id'],
    ['/api/inventory/SKU-804', '/api/inventory/:id'],
    ['/orders/ord_8F2kLq9Z', '/orders/:id'],
    ['/reports/2026-11-20', '/reports/:date'],
    ['/static/app.3f9a2c1d.js', '/static/app.:hash.js'],
    ['/api/v2/products', '/api/v2/products'],
    ['/', '/'],
  ])('%s -> %s', (path, template) => {
    expect(endpointTemplate(path)).toBe(template);
  });

  it('folds a credential pasted into a path', () => {
    expect(endpointTemplate('/reset/sk_live_51HxYzAbCdEfGhIjKlMnOp')).toBe('/reset/:token');
  });

  it('never throws', () => {
    fc.assert(fc.property(fc.string(), (p) => void endpointTemplate(p)));
  });
});

describe('histogram', () => {
  it('reports percentiles within 2% and merges exactly', () => {
    const h = createHistogram();
    for (let v = 1; v <= 10_000; v++) record(h, v);
    expect(quantile(h, 0.5)).toBeGreaterThan(4900);
    expect(quantile(h, 0.5)).toBeLessThan(5100);
    expect(quantile(h, 0.99)).toBeGreaterThan(9800);
    expect(percentiles(h)?.max).toBe(10_000);
  });
});

describe('distinct counter', () => {
  it('is exact when small and within 5% when large', () => {
    const small = createDistinct();
    for (let i = 0; i < 1000; i++) addDistinct(small, `c${i % 300}`);
    expect(countDistinct(small)).toBe(300);
    const large = createDistinct();
    for (let i = 0; i < 200_000; i++) addDistinct(large, `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, 1000);
    expect(Math.abs(countDistinct(large) - 200_000) / 200_000).toBeLessThan(0.05);
  });
});
