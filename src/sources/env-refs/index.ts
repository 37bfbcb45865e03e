import path from 'node:path';
import picomatch from 'picomatch';
import { z } from 'zod';
import { displayPath, expandPaths, isSkip, readTextFile } from '../files.js';
import type { Skip, SourceModule } from '../types.js';
import { EXTENSIONS, type Language } from './languages.js';

const Options = z
  .object({
    /** Globs of files not to scan, matched against the path from parity.yaml's folder or from the scanned folder. */
    exclude: z.array(z.string().min(1)).optional(),
  })
  .strict();

/** Source files past this size are generated or vendored: skipped with a reason. */
export const MAX_SOURCE_BYTES = 2 * 1024 * 1024;
/** Files read between two yields to the event loop (a few milliseconds of work). */
const YIELD_EVERY = 64;
const UNKNOWN_LANGUAGE = `not a language this source reads (expected ${Object.keys(EXTENSIONS).join(' ')})`;

export const envRefsSource: SourceModule<z.infer<typeof Options>> = {
  kind: 'env-refs',
  description:
    'Environment variables the code reads (JS/TS, Python, Go, Ruby, Java/Kotlin, Rust), required or with a fallback.',
  dimensions: ['config'],
  produces: ['config/code-ref/'],
  input: 'files',
  options: Options,
  async collect(spec, options) {
    const { addSourceFile, createTally, tallyResult } = await import('./extract.js');
    const { readSourceText } = await import('./read.js');
    const expanded = await expandPaths(spec.id, spec.paths, spec.baseDir, {
      extensions: Object.keys(EXTENSIONS),
    });
    const skips: Skip[] = [...expanded.skips];
    const excluded = exclusion(options.exclude ?? [], spec.paths, spec.baseDir);
    const named = new Set(spec.paths.map((p) => path.resolve(spec.baseDir, p)));
    const files: string[] = [];
    for (const file of expanded.files) {
      if (excluded(file)) continue;
      if (languageOf(file)) files.push(file);
      // A file named outright deserves a word; other files a glob matched are simply not code.
      else if (named.has(file))
        skips.push({ source: spec.id, file: displayPath(file, spec.baseDir), reason: UNKNOWN_LANGUAGE });
    }
    const tally = createTally();
    for (let i = 0; i < files.length; i++) {
      // Yield between batches: sync reads are 3x faster here, but other sources share the loop.
      if (i > 0 && i % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
      const absolute = files[i]!;
      const text = readSourceText(absolute, MAX_SOURCE_BYTES);
      if (text !== undefined) {
        addSourceFile(tally, text, displayPath(absolute, spec.baseDir), languageOf(absolute)!);
        continue;
      }
      const read = await readTextFile(spec.id, absolute, spec.baseDir, MAX_SOURCE_BYTES);
      if (isSkip(read)) skips.push(read);
      else addSourceFile(tally, read.text, read.display, languageOf(absolute)!);
    }
    const result = tallyResult(tally, spec.id);
    return { facts: result.facts, skips: [...skips, ...result.skips] };
  },
};

function languageOf(file: string): Language | undefined {
  return EXTENSIONS[path.extname(file)];
}

/** Matches `exclude` globs against the path shown to users and the path inside each scanned folder. */
function exclusion(
  globs: readonly string[],
  paths: readonly string[],
  baseDir: string,
): (file: string) => boolean {
  if (globs.length === 0) return () => false;
  // picomatch's own `basename` option also changes how globs with slashes match: split by hand.
  const nested = globs.filter((g) => g.includes('/'));
  const bare = globs.filter((g) => !g.includes('/'));
  const matchNested = nested.length > 0 ? picomatch(nested, { dot: true }) : () => false;
  const matchBare = bare.length > 0 ? picomatch(bare, { dot: true }) : () => false;
  const match = (rel: string) => matchNested(rel) || matchBare(path.posix.basename(rel));
  const roots = paths.map((p) => path.resolve(baseDir, p));
  return (file) => {
    if (match(displayPath(file, baseDir))) return true;
    return roots.some((root) => {
      const rel = path.relative(root, file);
      return (
        rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) && match(rel.split(path.sep).join('/'))
      );
    });
  };
}
