import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { closest } from './closest.js';
import type { ConfigProblem } from './policy.js';

/** A source entry's paths to check, with the environment it belongs to. */
export interface PathCheck {
  environment: string;
  kind: string;
  paths: string[];
  baseDir: string;
  line?: number;
}

/**
 * Paths and globs of required sources that match nothing, in every environment (the files are the
 * same checkout wherever Parity runs; optional sources are left out by the caller). A directory
 * that exists but holds no file the source reads is found when the source runs, and reported as a
 * source that read nothing.
 */
export async function pathProblems(checks: readonly PathCheck[]): Promise<ConfigProblem[]> {
  const problems: ConfigProblem[] = [];
  for (const check of checks) {
    for (const p of check.paths) {
      const why = await matchesNothing(p, check.baseDir);
      if (why === undefined) continue;
      problems.push({
        ...(check.line ? { line: check.line } : {}),
        message: `${check.environment}: the ${check.kind} source's path "${p}" ${why} (fix the path, or mark the source \`optional: true\`)`,
      });
    }
  }
  return problems;
}

/** Why a path or glob matches no file, or undefined when it matches something. */
async function matchesNothing(p: string, baseDir: string): Promise<string | undefined> {
  if (isDynamicPattern(p)) {
    const found = await glob(p, {
      cwd: baseDir,
      onlyFiles: true,
      dot: true,
      ignore: ['**/node_modules/**', '**/.git/**'],
    });
    return found.length > 0 ? undefined : 'matches no file';
  }
  const absolute = path.resolve(baseDir, p);
  try {
    await stat(absolute);
    return undefined;
  } catch {
    return `does not exist${await nearName(absolute, baseDir, /[\\/]$/.test(p))}`;
  }
}

/** `; did you mean "deploy/staging/"?` when a sibling of the first missing segment is a near miss. */
async function nearName(absolute: string, baseDir: string, folder: boolean): Promise<string> {
  let missing = absolute;
  for (;;) {
    const parent = path.dirname(missing);
    if (parent === missing) return '';
    let names: string[];
    try {
      names = await readdir(parent);
    } catch {
      missing = parent;
      continue;
    }
    const guess = closest(path.basename(missing), names);
    if (!guess) return '';
    const fixed = path.join(parent, guess, path.relative(missing, absolute));
    const shown = path.relative(baseDir, fixed).split(path.sep).join('/');
    return `; did you mean "${shown}${folder ? '/' : ''}"?`;
  }
}
