// OpenTelemetry Collector configuration: https://opentelemetry.io/docs/collector/configuration/
import { z } from 'zod';
import { readSourceFiles } from '../files.js';
import type { SourceModule } from '../types.js';
import { extractOtelCollector } from './extract.js';

const Options = z.object({}).strict();

export const otelCollectorSource: SourceModule<z.infer<typeof Options>> = {
  kind: 'otel-collector',
  description:
    'OpenTelemetry Collector configuration: pipelines, sampling share per pipeline, batch and memory_limiter settings.',
  docs: 'https://opentelemetry.io/docs/collector/configuration/',
  dimensions: ['observability'],
  input: 'files',
  options: Options,
  async collect(spec, _options, ctx) {
    const { files, skips } = await readSourceFiles(spec.id, spec.paths, spec.baseDir, {
      extensions: ['.yaml', '.yml'],
    });
    const result = extractOtelCollector(
      files.map((f) => ({ file: f.display, text: f.text })),
      { source: spec.id, fingerprint: ctx.fingerprint },
    );
    return { facts: result.facts, skips: [...skips, ...result.skips] };
  },
};
