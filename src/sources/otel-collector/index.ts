// OpenTelemetry Collector configuration: https://opentelemetry.io/docs/collector/configuration/
import { z } from 'zod';
import { collectFileSet } from '../collect.js';
import type { SourceModule } from '../types.js';

const Options = z.object({}).strict();

export const otelCollectorSource: SourceModule<z.infer<typeof Options>> = {
  kind: 'otel-collector',
  description:
    'OpenTelemetry Collector configuration: pipelines, sampling share per pipeline, batch and memory_limiter settings.',
  docs: 'https://opentelemetry.io/docs/collector/configuration/',
  dimensions: ['observability'],
  produces: [
    'observability/pipeline/',
    'observability/sampling/',
    'observability/processor/',
    'observability/exporter/',
  ],
  input: 'files',
  options: Options,
  async collect(spec, _options, ctx) {
    const { extractOtelCollector } = await import('./extract.js');
    return collectFileSet(spec, { extensions: ['.yaml', '.yml'] }, (files) =>
      extractOtelCollector(files, { source: spec.id, fingerprint: ctx.fingerprint }),
    );
  },
};
