import { type ReadOptions, readSourceFiles, type SourceFile } from './files.js';
import type { SourceResult, SourceSpec } from './types.js';

/** A file's text with the path shown to users: what whole-set extractors take. */
export interface TextFile {
  file: string;
  text: string;
}

/**
 * The `collect` of a source whose extractor reads one file at a time: reads the spec's files,
 * runs `extract` on each, and returns the read skips followed by every file's facts and skips.
 */
export async function collectFiles(
  spec: Pick<SourceSpec, 'id' | 'paths' | 'baseDir'>,
  readOptions: ReadOptions,
  extract: (file: SourceFile) => SourceResult,
): Promise<SourceResult> {
  const { files, skips } = await readSourceFiles(spec.id, spec.paths, spec.baseDir, readOptions);
  const facts: SourceResult['facts'] = [];
  for (const file of files) {
    const result = extract(file);
    facts.push(...result.facts);
    skips.push(...result.skips);
  }
  return { facts, skips };
}

/**
 * The `collect` of a source whose extractor reads all its files together (one file can refer
 * to another): reads the spec's files and returns the read skips, then the extractor's.
 */
export async function collectFileSet(
  spec: Pick<SourceSpec, 'id' | 'paths' | 'baseDir'>,
  readOptions: ReadOptions,
  extract: (files: TextFile[]) => SourceResult,
): Promise<SourceResult> {
  const { files, skips } = await readSourceFiles(spec.id, spec.paths, spec.baseDir, readOptions);
  const result = extract(files.map((f) => ({ file: f.display, text: f.text })));
  return { facts: result.facts, skips: [...skips, ...result.skips] };
}
