import { isMapping } from '../shape.js';
import type { Fact, Fingerprinter, Skip, SourceResult } from '../types.js';
import { parseYamlDocuments } from '../yaml-docs.js';
import { detectFormat } from './detect.js';
import { flagFacts } from './flag-facts.js';
import { readFlagMap } from './flag-map.js';
import { readFlagd } from './flagd.js';
import type { DocumentContext, FlagFormat, FormatResult } from './model.js';
import { readUnleash } from './unleash.js';

export interface FlagsInput {
  source: string;
  file: string;
  fingerprint: Fingerprinter;
  /** Forces a format; detected per document when absent. */
  format?: FlagFormat;
  /** Unleash: the export's environment to read. */
  unleashEnvironment?: string;
  /** The Parity environment's name: picks the Unleash environment of the same name when there are several. */
  environmentHint?: string;
  /** Flags already read from earlier files of the same source (key -> file:line), to name redefinitions. */
  seen?: Map<string, string>;
}

const READERS: Record<FlagFormat, (doc: Record<string, unknown>, ctx: DocumentContext) => FormatResult> = {
  flagd: readFlagd,
  unleash: readUnleash,
  map: readFlagMap,
};

/**
 * A flag file (JSON or YAML, one or several documents) in, `config/flag/<key>/...` facts out: the
 * state, the default variant, the rollout percent and the targeting rules of every flag. Pure.
 */
export function extractFeatureFlags(text: string, input: FlagsInput): SourceResult {
  const facts: Fact[] = [];
  const skips: Skip[] = [];
  const skip = (line: number, reason: string, key?: string) =>
    skips.push({ source: input.source, file: input.file, line, reason, ...(key ? { key } : {}) });
  const seen = input.seen ?? new Map<string, string>();
  const { documents, problems } = parseYamlDocuments(text);
  for (const p of problems) skip(p.line, p.message.replace(/^invalid YAML/, 'invalid JSON or YAML'));
  for (const doc of documents) {
    if (doc.value === null || doc.value === undefined) continue;
    const format = input.format ?? detectFormat(doc.value);
    if (!format || !isMapping(doc.value)) {
      skip(
        doc.line,
        format
          ? `expected the ${format} format: an object at the top`
          : 'not a flag file: expected flagd {"flags": {...}}, an Unleash export ("features": [...]) or a map of flag names to values',
      );
      continue;
    }
    const ctx: DocumentContext = { line: doc.line, lineOf: doc.lineOf, fingerprint: input.fingerprint };
    if (input.unleashEnvironment !== undefined) ctx.unleashEnvironment = input.unleashEnvironment;
    if (input.environmentHint !== undefined) ctx.environmentHint = input.environmentHint;
    const result = READERS[format](doc.value, ctx);
    for (const p of result.problems) skip(p.line, p.reason, p.key);
    for (const record of result.flags) {
      const first = seen.get(record.key);
      if (first !== undefined) {
        skip(
          record.line,
          `flag "${record.key}" is defined again (first at ${first}); the first definition is kept`,
        );
        continue;
      }
      seen.set(record.key, `${input.file}:${record.line}`);
      facts.push(...flagFacts(record, { source: input.source, file: input.file }));
    }
  }
  return { facts, skips };
}
