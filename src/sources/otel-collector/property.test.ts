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
import { extractOtelCollector } from './extract.js';

const fixtures = fixtureTexts(new URL('./__fixtures__/', import.meta.url));
const input = { source: 'p', fingerprint: createFingerprinter('k') };

function check(text: string): void {
  const result = extractOtelCollector([{ file: 'c.yaml', text }], input);
  expectInside(result, lineCount(text));
  for (const fact of result.facts) {
    if (fact.attribute === 'percentage') expect(fact.value).toSatisfy((v: number) => v >= 0 && v <= 100);
  }
}

const yamlish = fc.stringMatching(
  /^(?:service:|pipelines:|traces:|logs:|metrics:|receivers: |processors:|exporters: |probabilistic_sampler:|sampling_percentage: |tail_sampling:|policies:|type: |batch:|timeout: |memory_limiter:|limit_mib: |headers:|api-key: |config: \||\$\{env:X\}|\n| {2}|- |\[|\]|\{|\}|,|[a-z0-9/_]{1,6}|-?\d{1,4}(\.\d)?|---)*$/,
);

describe('otel-collector on random and truncated input', () => {
  neverThrows('never throws on configuration-like noise', yamlish, check, 300);
  neverThrows('never throws on arbitrary text', anyText(), check, 150);
  neverThrows('never throws on fixtures cut anywhere', cutAnywhere(fixtures), check, 300);

  it('stays fast with many pipelines and deeply nested exporter settings', () => {
    const many = `processors: {batch: {}}\nservice:\n  pipelines:\n${Array.from({ length: 2_000 }, (_, i) => `    traces/${i}: {receivers: [otlp], processors: [batch], exporters: [otlp]}`).join('\n')}\n`;
    const deep = `exporters:\n  otlp:\n${Array.from({ length: 200 }, (_, i) => `${'  '.repeat(i + 2)}k${i}:`).join('\n')} x\nservice: {pipelines: {}}\n`;
    const started = performance.now();
    expect(extractOtelCollector([{ file: 'm.yaml', text: many }], input).facts.length).toBeGreaterThan(8_000);
    check(deep);
    expect(performance.now() - started).toBeLessThan(1500);
  });
});
