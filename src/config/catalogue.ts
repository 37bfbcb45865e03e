import { sources } from '../sources/index.js';
import type { SourceCatalogue } from './load.js';

/** The registry as the config loader sees it: which kinds exist and how their options validate. */
export const registryCatalogue: SourceCatalogue = {
  has: (kind) => Object.hasOwn(sources, kind),
  kinds: () => Object.keys(sources).sort(),
  input: (kind) => sources[kind]?.input ?? 'files',
  validateOptions: (kind, options) => sources[kind]!.options.safeParse(options),
  optionNames: (kind) => {
    const schema = sources[kind]?.options as { shape?: Record<string, unknown> } | undefined;
    return Object.keys(schema?.shape ?? {});
  },
};
