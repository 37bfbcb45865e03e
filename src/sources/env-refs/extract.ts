import { makeFact } from '../../model/make-fact.js';
import type { Fact, Skip, SourceResult } from '../types.js';
import type { Language } from './languages.js';
import { scanSource } from './scan.js';

interface Place {
  file: string;
  line: number;
}

/** What the scan of a whole tree has seen so far: one entry per variable, plus dynamic reads. */
export interface RefTally {
  variables: Map<string, { first: Place; firstRequired?: Place }>;
  dynamic: { count: number; first?: Place };
}

export function createTally(): RefTally {
  return { variables: new Map(), dynamic: { count: 0 } };
}

/** Scans one file into the tally; files are fed one at a time so a large tree is never all in memory. */
export function addSourceFile(tally: RefTally, text: string, file: string, language: Language): void {
  const { refs, dynamic } = scanSource(text, language);
  for (const ref of refs) {
    const place = { file, line: ref.line };
    let entry = tally.variables.get(ref.name);
    if (!entry) {
      entry = { first: place };
      tally.variables.set(ref.name, entry);
    }
    if (!ref.optional && !entry.firstRequired) entry.firstRequired = place;
  }
  if (dynamic.length > 0 && !tally.dynamic.first) tally.dynamic.first = { file, line: dynamic[0] ?? 1 };
  tally.dynamic.count += dynamic.length;
}

/**
 * The tally as facts: `config/code-ref/<NAME>` is `required` when any read lacks a fallback
 * (origin: the first such read), else `optional` (origin: the first read). Dynamic reads are one
 * informational skip, so the report says how much the scan could not see.
 */
export function tallyResult(tally: RefTally, source: string): SourceResult {
  const facts: Fact[] = [];
  for (const name of [...tally.variables.keys()].sort()) {
    const entry = tally.variables.get(name)!;
    const place = entry.firstRequired ?? entry.first;
    facts.push(
      makeFact({
        dimension: 'config',
        path: ['code-ref', name],
        subject: 'code',
        value: entry.firstRequired ? 'required' : 'optional',
        compare: 'presence',
        origin: { source, file: place.file, line: place.line },
      }),
    );
  }
  const skips: Skip[] = [];
  const { count, first } = tally.dynamic;
  if (count > 0 && first) {
    const reads = count === 1 ? 'read' : 'reads';
    skips.push({
      source,
      file: first.file,
      line: first.line,
      reason: `${count} dynamic environment ${reads} not resolved (the name is an expression; first at ${first.file}:${first.line})`,
    });
  }
  return { facts, skips };
}

/** One file's text in, facts out: the whole pipeline on a single file (tests, small callers). Pure. */
export function extractEnvRefs(
  text: string,
  input: { source: string; file: string; language: Language },
): SourceResult {
  const tally = createTally();
  addSourceFile(tally, text, input.file, input.language);
  return tallyResult(tally, input.source);
}
