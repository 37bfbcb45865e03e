import type { SourceSpec } from '../sources/types.js';
import { closest } from './closest.js';
import { interpolate } from './interpolate.js';
import type { SourceCatalogue } from './load.js';
import type { PathCheck } from './paths.js';
import type { ConfigProblem, UnavailableSource } from './policy.js';

export interface BuildContext {
  file: string;
  baseDir: string;
  env: NodeJS.ProcessEnv;
  catalogue: SourceCatalogue;
  lineOf: (p: readonly (string | number)[]) => number | undefined;
}

export type Built =
  | SourceSpec
  | UnavailableSource
  /** `deferred`: wrong only when this environment is collected (an unset ${VAR}). */
  | {
      problems: ConfigProblem[];
      deferred: boolean;
      /** The entry's paths, still checked on disk so that every mistake is told at once. */
      paths?: Omit<PathCheck, 'environment'>;
    };

/**
 * One source entry of parity.yaml to a SourceSpec, an optional source that cannot run, or its
 * mistakes (every one, with its line).
 */
export function buildSource(
  source: Record<string, unknown> & {
    kind: string;
    id?: string;
    path?: string | string[];
    optional?: boolean;
  },
  at: (string | number)[],
  ctx: BuildContext,
): Built {
  const line = ctx.lineOf(at);
  const { kind, id: givenId, path: givenPath, optional, ...rest } = source;
  const paths = givenPath === undefined ? [] : Array.isArray(givenPath) ? givenPath : [givenPath];
  const id = givenId ?? (paths.length ? `${kind}:${paths.join(',')}` : kind);
  const missing = new Set<string>();
  const expand = (value: unknown): unknown => interpolate(value, ctx.env, missing);
  const expandedPaths = paths.map((p) => expand(p) as string);
  const onDisk =
    optional || missing.size > 0
      ? undefined
      : { kind, id, paths: expandedPaths, baseDir: ctx.baseDir, ...(line ? { line } : {}) };
  if (!ctx.catalogue.has(kind)) {
    const known = ctx.catalogue.kinds();
    const guess = closest(kind, known);
    return {
      deferred: false,
      problems: [
        {
          line: ctx.lineOf([...at, 'kind']) ?? line,
          message: `unknown source kind "${kind}"${guess ? `; did you mean "${guess}"?` : ''} (known kinds: ${known.join(', ')})`,
        },
      ],
      ...(onDisk ? { paths: onDisk } : {}),
    };
  }
  const problems: ConfigProblem[] = [];
  if (ctx.catalogue.input(kind) === 'files' && paths.length === 0) {
    problems.push({ line, message: `a ${kind} source needs \`path:\` (a file, directory or glob)` });
  }
  const options = expand(rest) as Record<string, unknown>;
  // An unset ${VAR} stays as written, so a misspelt key is still found beside it.
  const checked = ctx.catalogue.validateOptions(kind, options);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const key = issue.path.map(String);
      const unknownKeys = issue.code === 'unrecognized_keys' ? issue.keys : [];
      const known =
        key.length === 0 ? ['id', 'path', 'optional', ...(ctx.catalogue.optionNames?.(kind) ?? [])] : [];
      for (const unknownKey of unknownKeys) {
        const guess = closest(unknownKey, known);
        problems.push({
          line: ctx.lineOf([...at, ...key, unknownKey]) ?? line,
          message: `unknown key "${unknownKey}" for a ${kind} source${guess ? `; did you mean "${guess}"?` : ''}`,
        });
      }
      if (unknownKeys.length === 0) {
        problems.push({
          line: ctx.lineOf([...at, ...key]) ?? line,
          message: `${[kind, ...key].join('.')}: ${issue.message}`,
        });
      }
    }
  }
  if (problems.length > 0) return { problems, deferred: false, ...(onDisk ? { paths: onDisk } : {}) };
  if (missing.size) {
    const reason = `environment variable${missing.size > 1 ? 's' : ''} ${[...missing].join(', ')} not set`;
    if (optional)
      return {
        source: id,
        kind,
        file: ctx.file,
        ...(line ? { line } : {}),
        reason,
        unread: true,
        optional: true,
      };
    return {
      deferred: true,
      problems: [
        {
          line,
          message: `${reason} for the ${kind} source "${id}" (set it, give a default as \${VAR:-value}, or mark the source \`optional: true\`)`,
        },
      ],
    };
  }
  return {
    kind,
    id,
    paths: expandedPaths,
    baseDir: ctx.baseDir,
    options: checked.data as Record<string, unknown>,
    ...(line ? { line } : {}),
    ...(optional ? { optional: true } : {}),
  };
}
