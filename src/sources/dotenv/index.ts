import { z } from 'zod';
import { collectFiles } from '../collect.js';
import type { SourceModule } from '../types.js';

const Options = z
  .object({
    /** Scope the variables to one workload, so they pair with that workload's manifest env. */
    workload: z
      .string()
      .regex(/^[^/\s]+$/, 'expected a workload name without "/" or spaces')
      .optional(),
  })
  .strict();

// Inside a directory, read `.env`, `.env.*` and `*.env`, but not the examples committed beside them.
function isEnvFile(name: string): boolean {
  if (/\.(example|sample|template|dist)$/.test(name)) return false;
  return name === '.env' || name.startsWith('.env.') || name.endsWith('.env');
}

export const dotenvSource: SourceModule<z.infer<typeof Options>> = {
  kind: 'dotenv',
  description:
    'Environment variables from .env files (quotes, multi-line values, ${VAR} from the same file).',
  docs: 'https://github.com/motdotla/dotenv#what-rules-does-the-parsing-engine-follow',
  dimensions: ['config'],
  produces: ['config/env/'],
  input: 'files',
  options: Options,
  async collect(spec, options, ctx) {
    const { extractDotenv } = await import('./extract.js');
    return collectFiles(spec, { accept: isEnvFile }, (file) =>
      extractDotenv(file.text, {
        source: spec.id,
        file: file.display,
        fingerprint: ctx.fingerprint,
        ...(options.workload ? { workload: options.workload } : {}),
      }),
    );
  },
};
