import { readdirSync, readFileSync, statSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Fact } from '../../model/fact.js';
import { createFingerprinter } from '../secrets.js';
import { extractOtelCollector } from './extract.js';

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
const input = { source: 'p', fingerprint: createFingerprinter('k') };

function check(text: string): void {
  const result = extractOtelCollector([{ file: 'c.yaml', text }], input);
  const lines = text.split(/\r\n|\r|\n/).length;
  for (const fact of result.facts) {
    expect(Fact.safeParse(fact).success).toBe(true);
    expect(fact.origin.line ?? 1).toBeLessThanOrEqual(lines);
    if (fact.attribute === 'percentage') expect(fact.value).toSatisfy((v: number) => v >= 0 && v <= 100);
  }
  for (const skip of result.skips) expect(skip.line ?? 1).toBeLessThanOrEqual(lines);
}

const yamlish = fc.stringMatching(
  /^(?:service:|pipelines:|traces:|logs:|metrics:|receivers: |processors:|exporters: |probabilistic_sampler:|sampling_percentage: |tail_sampling:|policies:|type: |batch:|timeout: |memory_limiter:|limit_mib: |headers:|api-key: |config: \||\$\{env:X\}|\n| {2}|- |\[|\]|\{|\}|,|[a-z0-9/_]{1,6}|-?\d{1,4}(\.\d)?|---)*$/,
);

describe('otel-collector on random and truncated input', () => {
  it('never throws on configuration-like noise', () => {
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

  it('stays fast with many pipelines and deeply nested exporter settings', () => {
    const many = `processors: {batch: {}}\nservice:\n  pipelines:\n${Array.from({ length: 2_000 }, (_, i) => `    traces/${i}: {receivers: [otlp], processors: [batch], exporters: [otlp]}`).join('\n')}\n`;
    const deep = `exporters:\n  otlp:\n${Array.from({ length: 200 }, (_, i) => `${'  '.repeat(i + 2)}k${i}:`).join('\n')} x\nservice: {pipelines: {}}\n`;
    const started = performance.now();
    expect(extractOtelCollector([{ file: 'm.yaml', text: many }], input).facts.length).toBeGreaterThan(8_000);
    check(deep);
    expect(performance.now() - started).toBeLessThan(1500);
  });
});
