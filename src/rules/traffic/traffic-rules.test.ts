import { describe, expect, it } from 'vitest';
import type { Fact } from '../../model/fact.js';
import { fact } from '../../test-support/facts.js';
import { expectFires, expectOwns, expectSilent } from '../../test-support/rule-cases.js';

/** Both sides measured traffic: without it the dimension is unknown, and the rules stay silent. */
const total = fact('traffic/requests/total', 10_000, { compare: 'presence', unit: 'requests' });
const profiled = (...facts: Fact[]) => [total, ...facts];
const ratio = (key: string, value: number) => fact(`traffic/${key}`, value, { unit: 'ratio' });
const endpoint = (name: string, value: number) => ratio(`endpoint/${name}/share`, value);
const scaled = (key: string, value: number) =>
  fact(`traffic/${key}`, value, { compare: 'scaled', scale: 'traffic' });
const bytes = (key: string, value: number) => fact(`traffic/${key}`, value, { unit: 'bytes' });

describe('traffic rules (fires; silent on the near miss)', () => {
  it('traffic.endpoint-unexercised: an endpoint staging never called; silent on a rare call, or staging unprofiled', () => {
    const production = profiled(endpoint('GET /products', 0.6), endpoint('POST /orders', 0.3));
    const found = expectFires(
      'traffic.endpoint-unexercised',
      production,
      profiled(endpoint('GET /products', 1)),
    );
    expect(found.map((d) => [d.key, d.severity])).toEqual([['traffic/endpoint', 'high']]);
    expectSilent(
      'traffic.endpoint-unexercised',
      production,
      profiled(endpoint('GET /products', 0.999), endpoint('POST /orders', 0.001)),
    );
    expectSilent('traffic.endpoint-unexercised', production, [endpoint('GET /products', 1)]);
  });

  it('traffic.endpoint-share-differs: a share 10x smaller; silent inside 5x, or on a tiny production share', () => {
    expectFires(
      'traffic.endpoint-share-differs',
      profiled(endpoint('GET /a', 0.5)),
      profiled(endpoint('GET /a', 0.05)),
    );
    expectSilent(
      'traffic.endpoint-share-differs',
      profiled(endpoint('GET /a', 0.5)),
      profiled(endpoint('GET /a', 0.11)),
    );
    expectSilent(
      'traffic.endpoint-share-differs',
      profiled(endpoint('GET /a', 0.015)),
      profiled(endpoint('GET /a', 0.5)),
    );
  });

  it('traffic.error-mix-differs: 429s production gives and staging never sees; silent on a tenth as many', () => {
    const tooMany = (v: number) => ratio('status/429/share', v);
    const found = expectFires('traffic.error-mix-differs', profiled(tooMany(0.03)), profiled());
    expect(found.map((d) => [d.kind, d.severity])).toEqual([['only-baseline', 'high']]);
    expectSilent('traffic.error-mix-differs', profiled(tooMany(0.03)), profiled(tooMany(0.004)));
    expectSilent('traffic.error-mix-differs', profiled(ratio('status/404/share', 0.0004)), profiled());
  });

  it('traffic.burstiness-below: staging far smoother; silent under 3x smoother', () => {
    const peak = (v: number) => fact('traffic/burstiness/peak-to-mean', v);
    expectFires('traffic.burstiness-below', profiled(peak(9)), profiled(peak(2)));
    expectSilent('traffic.burstiness-below', profiled(peak(9)), profiled(peak(3.5)));
  });

  it('traffic.concurrency-below: fewer at once than scale; silent when staging runs more', () => {
    const peak = (v: number) => scaled('concurrency/peak', v);
    // Production's 500 at traffic scale 0.01 expects 5.
    expectFires('traffic.concurrency-below', profiled(peak(500)), profiled(peak(1)));
    expectSilent('traffic.concurrency-below', profiled(peak(500)), profiled(peak(20)));
  });

  it('traffic.payload-smaller: responses a tenth the size; silent under 4x, or under 1 KiB', () => {
    const p99 = (v: number) => bytes('size/response-p99', v);
    expectFires('traffic.payload-smaller', profiled(p99(200_000)), profiled(p99(20_000)));
    expectSilent('traffic.payload-smaller', profiled(p99(200_000)), profiled(p99(60_000)));
    expectSilent('traffic.payload-smaller', profiled(p99(900)), profiled(p99(10)));
  });

  it('traffic.client-behaviour-absent: retries production sees, staging never; silent at a tenth', () => {
    const retries = (v: number) => ratio('behaviour/retries/share', v);
    expectFires('traffic.client-behaviour-absent', profiled(retries(0.05)), profiled(retries(0)));
    expectSilent('traffic.client-behaviour-absent', profiled(retries(0.05)), profiled(retries(0.006)));
  });

  it('traffic.method-unexercised: DELETE never sent in staging; silent when rare or staging unprofiled', () => {
    const del = (v: number) => ratio('method/DELETE/share', v);
    expectFires('traffic.method-unexercised', profiled(del(0.01)), profiled());
    expectSilent('traffic.method-unexercised', profiled(del(0.0005)), profiled());
    expectSilent('traffic.method-unexercised', profiled(del(0.01)), [ratio('method/GET/share', 1)]);
  });

  it('traffic.write-mix-differs: 40% writes against 5%; silent when both are read-mostly', () => {
    const writes = (v: number) => ratio('mix/write-share', v);
    expectFires('traffic.write-mix-differs', profiled(writes(0.4)), profiled(writes(0.05)));
    expectSilent('traffic.write-mix-differs', profiled(writes(0.04)), profiled(writes(0.01)));
  });

  it('traffic.rate-out-of-scale: ten times the declared rate; silent inside the tolerance', () => {
    const rps = (v: number) => scaled('rate/mean-rps', v);
    expectFires('traffic.rate-out-of-scale', profiled(rps(100)), profiled(rps(10)));
    expectSilent('traffic.rate-out-of-scale', profiled(rps(100)), profiled(rps(1.4)));
  });

  it('traffic.observed: owns the informational facts, so a 5xx share told by its codes is not told again', () => {
    const errors = (v: number) => ratio('status-class/5xx/share', v);
    expectOwns(
      'traffic.observed',
      'traffic/status-class/5xx/share',
      profiled(errors(0.02)),
      profiled(errors(0.001)),
    );
    expectSilent('traffic.observed', profiled(errors(0.02)), profiled(errors(0.001)));
  });

  it('traffic.setting-differs: a traffic fact no rule owns is reported, not dropped; silent where staging was read in part', () => {
    const h2 = (v: number) => ratio('protocol/h2/share', v);
    const found = expectFires('traffic.setting-differs', profiled(h2(0.9)), profiled(h2(0)));
    expect(found.map((d) => d.title)).toEqual(['A traffic setting differs or exists on one side only']);
    expectSilent('traffic.setting-differs', profiled(h2(0.9)), profiled(), {}, { candidate: 'partial' });
  });
});
