import { describe, expect, it } from 'vitest';
import { fixtureFile } from '../../test-support/fixtures.js';
import { createFingerprinter } from '../secrets.js';
import { extractOtelCollector } from './extract.js';

const fixture = (name: string) => fixtureFile(new URL('./__fixtures__/', import.meta.url), name);
const input = { source: 'otel', fingerprint: createFingerprinter('k') };
const extract = (...names: string[]) => extractOtelCollector(names.map(fixture), input);
const brief = (facts: { key: string; value: unknown; origin: { line?: number } }[], prefix: string) =>
  facts.filter((f) => f.key.startsWith(prefix)).map((f) => [f.key, f.value, f.origin.line]);

describe('extractOtelCollector', () => {
  it('reads each pipeline’s components by type, processors in order', () => {
    const { facts, skips } = extract('production/otel-collector.yaml');
    expect(skips).toEqual([]);
    expect(brief(facts, 'observability/pipeline/traces')).toEqual([
      ['observability/pipeline/traces/receivers', ['otlp'], 50],
      ['observability/pipeline/traces/processors', ['memory_limiter', 'probabilistic_sampler', 'batch'], 51],
      ['observability/pipeline/traces/exporters', ['otlphttp'], 52],
      ['observability/pipeline/traces:slow/receivers', ['otlp'], 54],
      ['observability/pipeline/traces:slow/processors', ['memory_limiter', 'tail_sampling', 'batch'], 55],
      ['observability/pipeline/traces:slow/exporters', ['otlphttp'], 56],
    ]);
    expect(facts.find((f) => f.attribute === 'processors')?.compare).toBe('exact');
    expect(facts.find((f) => f.attribute === 'exporters')?.compare).toBe('set');
  });

  it('works out the share each traces and logs pipeline keeps: 1% in production, 100% in staging', () => {
    expect(brief(extract('production/otel-collector.yaml').facts, 'observability/sampling/')).toEqual([
      ['observability/sampling/traces/percentage', 1, 19],
      ['observability/sampling/traces:slow/tail-policies', ['latency:>=500ms', 'status_code:ERROR'], 21],
      ['observability/sampling/logs/percentage', 100, 63],
    ]);
    expect(brief(extract('staging/otel-collector.yaml').facts, 'observability/sampling/')).toEqual([
      ['observability/sampling/traces/percentage', 100, 33],
      ['observability/sampling/logs/percentage', 100, 41],
    ]);
  });

  it('reads batch and memory_limiter settings with the collector’s defaults, memory in bytes at resource scale', () => {
    const staging = extract('staging/otel-collector.yaml').facts;
    expect(brief(staging, 'observability/processor/')).toEqual([
      ['observability/processor/batch/timeout', 200, 13],
      ['observability/processor/batch/send-batch-size', 8192, 13],
      ['observability/processor/batch/send-batch-max-size', 0, 13],
      ['observability/processor/memory_limiter/check-interval', 1000, 10],
      ['observability/processor/memory_limiter/limit', 536_870_912, 11],
      ['observability/processor/memory_limiter/spike-limit', 134_217_728, 12],
    ]);
    expect(staging.find((f) => f.key === 'observability/processor/memory_limiter/limit')).toMatchObject({
      unit: 'bytes',
      compare: 'scaled',
      scale: 'resources',
    });
  });

  it('reads a config inside an OpenTelemetryCollector object, with lines of the file', () => {
    const { facts, skips } = extract('opentelemetrycollector-cr.yaml');
    expect(skips).toEqual([]);
    expect(brief(facts, 'observability/sampling/')).toEqual([
      ['observability/sampling/traces/percentage', 25, 14],
    ]);
  });

  it('names what the environment decides at start instead of guessing it', () => {
    const { facts, skips } = extract('sampling-from-environment.yaml');
    expect(facts.some((f) => f.key.startsWith('observability/sampling/'))).toBe(false);
    expect(facts.some((f) => f.key.startsWith('observability/exporter/'))).toBe(false);
    expect(skips.map((s) => [s.line, s.reason])).toEqual([
      [
        6,
        'processor probabilistic_sampler: `sampling_percentage` is ${env:TRACE_SAMPLING_PERCENTAGE}, resolved when the collector starts: not known from the file',
      ],
      [
        9,
        'processor batch: `timeout` is ${env:BATCH_TIMEOUT}, resolved when the collector starts: not known from the file',
      ],
    ]);
  });

  it('names undefined processors and odd pipelines, and gives no share it cannot know', () => {
    const { facts, skips } = extract('pipelines-with-problems.yaml', 'not-a-collector-config.yaml');
    expect(brief(facts, 'observability/sampling/')).toEqual([
      ['observability/sampling/traces:all/tail-policies', ['always_sample'], 4],
    ]);
    expect(skips.map((s) => [s.file, s.line, s.reason])).toEqual([
      [
        'not-a-collector-config.yaml',
        undefined,
        'no collector configuration in this file (expected `service.pipelines`)',
      ],
      [
        'pipelines-with-problems.yaml',
        2,
        'processor probabilistic_sampler/half: expected `sampling_percentage` as a number',
      ],
      [
        'pipelines-with-problems.yaml',
        19,
        'pipeline traces/all uses processor filter/drop-health, which `processors:` does not define',
      ],
      [
        'pipelines-with-problems.yaml',
        21,
        'pipeline logs: expected a mapping with receivers, processors and exporters',
      ],
    ]);
  });

  it('keeps exporter API keys as fingerprints only', () => {
    const production = extract('production/otel-collector.yaml');
    const staging = extract('staging/otel-collector.yaml');
    expect(brief(production.facts, 'observability/exporter/').map(([k]) => k)).toEqual([
      'observability/exporter/otlphttp:honeycomb/headers.x-honeycomb-team',
    ]);
    expect(brief(staging.facts, 'observability/exporter/').map(([k]) => k)).toEqual([
      'observability/exporter/otlphttp:honeycomb-staging/headers.x-honeycomb-team',
    ]);
    const json = JSON.stringify([production, staging]);
    expect(json).not.toContain('hcaik_01PLANTEDhoneycombPRODUCTIONkey000000');
    expect(json).not.toContain('hcaik_01PLANTEDhoneycombSTAGINGkey00000000');
  });

  it('reads the first of several configurations and names the clash', () => {
    const { skips } = extract('production/otel-collector.yaml', 'opentelemetrycollector-cr.yaml');
    expect(skips).toEqual([
      {
        source: 'otel',
        file: 'opentelemetrycollector-cr.yaml',
        line: 9,
        reason:
          'pipeline traces is already defined in production/otel-collector.yaml:2; configurations are not merged, the first one is read',
      },
    ]);
  });
});
