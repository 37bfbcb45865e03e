import { z } from 'zod';
import { readSourceFiles } from '../files.js';
import type { Fact, SourceModule } from '../types.js';
import { extractFeatureFlags, type FlagsInput } from './extract.js';

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
  input: 'files',
  options: Options,
  async collect(spec, options, ctx) {
    const { files, skips } = await readSourceFiles(spec.id, spec.paths, spec.baseDir, {
      extensions: ['.json', '.yaml', '.yml'],
    });
    const facts: Fact[] = [];
    const seen = new Map<string, string>();
    for (const file of files) {
      const input: FlagsInput = {
        source: spec.id,
        file: file.display,
        fingerprint: ctx.fingerprint,
        environmentHint: ctx.environment,
        seen,
      };
      if (options.format) input.format = options.format;
      if (options.unleashEnvironment) input.unleashEnvironment = options.unleashEnvironment;
      const result = extractFeatureFlags(file.text, input);
      facts.push(...result.facts);
      skips.push(...result.skips);
    }
    return { facts, skips };
  },
};
