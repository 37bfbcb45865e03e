// Copy this folder to add a source: rename the kind, fill extract.ts, add fixtures and tests,
// register it in src/sources/index.ts. The meta-test (src/sources/index.test.ts) checks all of it.
import { z } from 'zod';
import { collectFiles } from '../collect.js';
import type { SourceModule } from '../types.js';

const Options = z.object({}).strict();

export const templateSource: SourceModule<z.infer<typeof Options>> = {
  kind: '_template',
  description: 'What this source reads, in one line.',
  docs: 'https://example.org/the-format-spec',
  dimensions: ['config'],
  produces: ['config/example/'],
  input: 'files',
  options: Options,
  // The extractor is imported here, not at the top: an audit loads only the kinds parity.yaml names.
  async collect(spec, _options, ctx) {
    const { extractTemplate } = await import('./extract.js');
    return collectFiles(spec, {}, (file) =>
      extractTemplate(file.text, { source: spec.id, file: file.display, fingerprint: ctx.fingerprint }),
    );
  },
};
