// Copy this folder to add a source: rename the kind, fill extract.ts, add fixtures and tests,
// register it in src/sources/index.ts. The meta-test (src/sources/index.test.ts) checks all of it.
import { z } from 'zod';
import { readSourceFiles } from '../files.js';
import type { SourceModule } from '../types.js';
import { extractTemplate } from './extract.js';

const Options = z.object({}).strict();

export const templateSource: SourceModule<z.infer<typeof Options>> = {
  kind: '_template',
  description: 'What this source reads, in one line.',
  docs: 'https://example.org/the-format-spec',
  dimensions: ['config'],
  input: 'files',
  options: Options,
  async collect(spec, _options, ctx) {
    const { files, skips } = await readSourceFiles(spec.id, spec.paths, spec.baseDir);
    const facts = [];
    for (const file of files) {
      const result = extractTemplate(file.text, {
        source: spec.id,
        file: file.display,
        fingerprint: ctx.fingerprint,
      });
      facts.push(...result.facts);
      skips.push(...result.skips);
    }
    return { facts, skips };
  },
};
