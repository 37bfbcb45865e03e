import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { closest } from '../config/load.js';
import type { ConfigProblem, Policy } from '../config/policy.js';
import { configErrors } from '../errors.js';

/**
 * Before anything is collected: the mistakes that depend on the machine (an unset ${VAR} of a
 * required source, a path or glob that matches nothing) for the environments about to be read,
 * all reported at once with their parity.yaml lines. Sources marked `optional: true` are exempt:
 * what they cannot read is reported as not read.
 */
export async function preflight(
  policy: Pick<Policy, 'file' | 'environments'>,
  environments: readonly string[],
) {
  const problems: (ConfigProblem & { file: string })[] = [];
  for (const name of environments) {
    const env = policy.environments[name];
    if (!env) continue;
    for (const p of env.problems) problems.push({ ...p, file: policy.file });
    for (const spec of env.sources) {
      if (spec.optional) continue;
      for (const p of spec.paths) {
        const why = await matchesNothing(p, spec.baseDir);
        if (why === undefined) continue;
        problems.push({
          file: policy.file,
          ...(spec.line ? { line: spec.line } : {}),
          message: `${name}: the ${spec.kind} source's path "${p}" ${why} (fix the path, or mark the source \`optional: true\`)`,
        });
      }
    }
  }
  if (problems.length > 0) throw configErrors(problems);
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
    try {
      const names = await readdir(parent);
      const guess = closest(path.basename(missing), names);
      if (!guess) return '';
      const fixed = path.join(parent, guess, path.relative(missing, absolute));
      const shown = path.relative(baseDir, fixed).split(path.sep).join('/');
      return `; did you mean "${shown}${folder ? '/' : ''}"?`;
    } catch {
      missing = parent;
    }
  }
}
