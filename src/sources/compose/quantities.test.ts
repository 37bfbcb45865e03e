import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containerPorts, normaliseDuration, parseCount, parseCpus, parseMemory } from './quantities.js';

describe('compose quantities', () => {
  it('reads Compose byte values as binary units, whatever the case or suffix', () => {
    const cases: [unknown, number | undefined][] = [
      ['512m', 512 * 1024 ** 2],
      ['512M', 512 * 1024 ** 2],
      ['512MiB', 512 * 1024 ** 2],
      ['1g', 1024 ** 3],
      ['1.5gb', 1.5 * 1024 ** 3],
      ['2 GB', 2 * 1024 ** 3],
      ['300k', 300 * 1024],
      ['100b', 100],
      ['1073741824', 1073741824],
      [1048576, 1048576],
      ['lots', undefined],
      ['512x', undefined],
      ['-1g', undefined],
      [null, undefined],
    ];
    for (const [input, bytes] of cases) expect([input, parseMemory(input)]).toEqual([input, bytes]);
  });

  it('reads CPUs as cores and rejects the Kubernetes millicore form Compose does not have', () => {
    expect([parseCpus('0.5'), parseCpus(1.5), parseCpus('2'), parseCpus('.25')]).toEqual([0.5, 1.5, 2, 0.25]);
    expect([parseCpus('500m'), parseCpus('one'), parseCpus(-1), parseCpus({})]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('reads replica counts written as numbers or interpolated strings', () => {
    expect([parseCount(3), parseCount('4'), parseCount(0)]).toEqual([3, 4, 0]);
    expect([parseCount(1.5), parseCount('many'), parseCount(-2)]).toEqual([undefined, undefined, undefined]);
  });

  it('writes durations in one canonical form', () => {
    expect(['30s', '1m30s', '1500ms', '2h', '1m', '250us', 'soon'].map(normaliseDuration)).toEqual([
      '30s',
      '90s',
      '1500ms',
      '7200s',
      '60s',
      '0.25ms',
      'soon',
    ]);
  });

  it('keeps only the container side of port mappings', () => {
    expect(containerPorts('127.0.0.1:5353:53/udp')).toEqual(['53/udp']);
    expect(containerPorts('3000-3002')).toEqual(['3000/tcp', '3001/tcp', '3002/tcp']);
    expect(containerPorts('10000-20000:10000-20000')).toEqual(['10000-20000/tcp']);
    expect(containerPorts({ target: 443, published: 8443, protocol: 'TCP' })).toEqual(['443/tcp']);
    expect([
      containerPorts('80:http'),
      containerPorts('80/icmp'),
      containerPorts('0'),
      containerPorts(true),
    ]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('never throws on random input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 40 }), fc.anything()), (value) => {
        parseMemory(value);
        parseCpus(value);
        parseCount(value);
        containerPorts(value);
        if (typeof value === 'string') normaliseDuration(value);
      }),
      { numRuns: 300 },
    );
  });
});
