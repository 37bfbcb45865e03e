import { z } from 'zod';
import { collectFiles } from '../collect.js';
import type { SourceModule } from '../types.js';
import type { FlagsInput } from './extract.js';

const Options = z
  .object({
    /** flagd, unleash or map; detected per document when absent. */
    format: z.enum(['flagd', 'unleash', 'map']).optional(),
    /** Which environment of a multi-environment Unleash export to read. */
    unleashEnvironment: z.string().min(1).optional(),
  })
  .strict();

export const featureFlagsSource: SourceModule<z.infer<typeof Options>> = {
  kind: 'feature-flags',
  description:
    'Feature flag definitions: OpenFeature flagd JSON/YAML, Unleash exports, or a plain map of flag -> value.',
  docs: 'https://flagd.dev/reference/flag-definitions/',
  dimensions: ['config'],
  produces: ['config/flag/'],
  input: 'files',
  options: Options,
  async collect(spec, options, ctx) {
    const { extractFeatureFlags } = await import('./extract.js');
    const seen = new Map<string, string>();
    return collectFiles(spec, { extensions: ['.json', '.yaml', '.yml'] }, (file) => {
      const input: FlagsInput = {
        source: spec.id,
        file: file.display,
        fingerprint: ctx.fingerprint,
        environmentHint: ctx.environment,
        seen,
      };
      if (options.format) input.format = options.format;
      if (options.unleashEnvironment) input.unleashEnvironment = options.unleashEnvironment;
      return extractFeatureFlags(file.text, input);
    });
  },
};
