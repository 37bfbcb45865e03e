import { makeFact } from '../../model/make-fact.js';
import { protectValue } from '../secrets.js';
import type { Fingerprinter, SourceResult } from '../types.js';

export interface ExtractInput {
  source: string;
  file: string;
  fingerprint: Fingerprinter;
}

/** Text in, facts out: `NAME=value` lines become config facts; anything else is a skip. Pure. */
export function extractTemplate(text: string, input: ExtractInput): SourceResult {
  const result: SourceResult = { facts: [], skips: [] };
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(raw);
    if (!m) {
      result.skips.push({ source: input.source, file: input.file, line, reason: 'expected NAME=value' });
      return;
    }
    const [, name = '', value = ''] = m;
    result.facts.push(
      makeFact({
        dimension: 'config',
        path: ['env', name],
        value: protectValue(name, value, input.fingerprint),
        origin: { source: input.source, file: input.file, line },
      }),
    );
  });
  return result;
}
