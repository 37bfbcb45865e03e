import { type ExtractInput, extractKubernetes } from '../sources/kubernetes/extract.js';
import { createFingerprinter } from '../sources/secrets.js';
import type { FactValue, SourceResult } from '../sources/types.js';
import { fixtureFiles } from './fixtures.js';

const FIXTURES = new URL('../sources/kubernetes/__fixtures__/', import.meta.url);

/** The kubernetes extractor over named fixtures (a folder's name reads the files in it). */
export function runKubernetes(names: string[], input: Partial<ExtractInput> = {}): SourceResult {
  return extractKubernetes(fixtureFiles(FIXTURES, ...names), {
    source: 'k8s',
    fingerprint: createFingerprinter('test-key'),
    ...input,
  });
}

/** key -> [value, file:line]: what each fact says and where it was read. */
export function byKey(result: SourceResult): Record<string, [FactValue, string]> {
  return Object.fromEntries(result.facts.map((f) => [f.key, [f.value, `${f.origin.file}:${f.origin.line}`]]));
}
