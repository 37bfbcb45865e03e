import path from 'node:path';
import { type Document, isMap, isSeq, type LineCounter } from 'yaml';
import type { z } from 'zod';
import { ConfigError, configErrors } from '../errors.js';
import { readRegularText } from '../regular-file.js';
import { loadYamlConfig, YamlLoadError } from '../sources/yaml-package.js';
import { compileUserRegex } from '../user-regex.js';
import { type PathCheck, pathProblems } from './paths.js';
import { type ConfigProblem, DEFAULT_TOLERANCE, type EnvironmentPolicy, type Policy } from './policy.js';
import { ConfigFile } from './schema.js';
import { buildSource } from './source-entry.js';

export const DEFAULT_CONFIG_FILE = 'parity.yaml';
/** parity.yaml is written by hand: far below this. */
export const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

/** Which source kinds exist and how to validate their options; injected to keep config free of sources. */
export interface SourceCatalogue {
  has(kind: string): boolean;
  kinds(): string[];
  input(kind: string): 'files' | 'url';
  validateOptions(kind: string, options: Record<string, unknown>): z.ZodSafeParseResult<unknown>;
  /** The option names a kind accepts, for "did you mean" on a misspelt one. */
  optionNames?(kind: string): string[];
}

/** Reads and validates parity.yaml; every problem names file:line and what was expected. */
export async function loadPolicy(
  file: string,
  catalogue: SourceCatalogue,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Policy> {
  let text: string;
  try {
    text = await readRegularText(file, MAX_CONFIG_BYTES);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(
      code === 'ENOENT'
        ? 'no such file; run `parity init` to write one, or pass --config'
        : `cannot read (${code ?? (error as Error).message})`,
      file,
    );
  }
  // Every mistake in the sources at once: the entries themselves, then paths that match nothing.
  const collected = { problems: [] as ConfigProblem[], unbuilt: [] as PathCheck[] };
  const policy = parsePolicy(text, file, catalogue, env, collected);
  const built = Object.values(policy.environments).flatMap((e) =>
    e.sources.filter((s) => !s.optional).map((s) => ({ ...s, environment: e.name })),
  );
  const problems = [...collected.problems, ...(await pathProblems([...built, ...collected.unbuilt]))];
  if (problems.length > 0) {
    throw configErrors(problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)).map((p) => ({ ...p, file })));
  }
  return policy;
}

/** The text of parity.yaml to a Policy. Pure but for the environment variables it is given. */
export function parsePolicy(
  text: string,
  file: string,
  catalogue: SourceCatalogue,
  env: NodeJS.ProcessEnv = process.env,
  /**
   * When given, mistakes in source entries are added here instead of thrown, with the paths of
   * the entries left out for them (so their paths are still checked): see loadPolicy.
   */
  collected?: { problems: ConfigProblem[]; unbuilt: PathCheck[] },
): Policy {
  // The one YAML loader: a syntax error, a recursive alias or an alias bomb is a configuration error at its line.
  let loaded: ReturnType<typeof loadYamlConfig>;
  try {
    loaded = loadYamlConfig(text);
  } catch (error) {
    if (error instanceof YamlLoadError) throw new ConfigError(error.message, file, error.line);
    throw error;
  }
  const { doc, lineCounter, value: raw } = loaded;
  const lineOf = (p: readonly (string | number)[]) => nodeLine(doc, lineCounter, p);
  const parsed = ConfigFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0]!;
      const at = where.length ? ` in ${where.join('.')}` : '';
      throw new ConfigError(`unknown key "${key}"${at}`, file, lineOf([...where, key]));
    }
    const label = where.length ? `${where.join('.')}: ` : '';
    throw new ConfigError(`${label}${issue.message}`, file, lineOf(where));
  }
  const config = parsed.data;
  const baseDir = path.dirname(path.resolve(file));
  const names = Object.keys(config.environments);
  const baseline =
    config.baseline ??
    names.find((n) => config.environments[n]?.production) ??
    names.find((n) => /^(prod|production|prd|live)$/i.test(n));
  if (!baseline) {
    throw new ConfigError(
      'no baseline: set `baseline:` to the environment the others are judged against',
      file,
      lineOf(['environments']),
    );
  }
  if (!config.environments[baseline]) {
    throw new ConfigError(
      `baseline "${baseline}" is not one of the environments (${names.join(', ')})`,
      file,
      lineOf(['baseline']),
    );
  }

  // Every source of every environment is checked before anything is reported: all mistakes at once.
  const environments: Record<string, EnvironmentPolicy> = {};
  const problems: ConfigProblem[] = [];
  const unbuilt: PathCheck[] = [];
  for (const name of names) {
    const entry = config.environments[name]!;
    const policy: EnvironmentPolicy = {
      name,
      production: entry.production ?? name === baseline,
      tokens: entry.tokens ?? [],
      sources: [],
      unavailable: [],
      problems: [],
    };
    entry.sources.forEach((source, index) => {
      const at = ['environments', name, 'sources', index];
      const built = buildSource(source, at, { file, baseDir, env, catalogue, lineOf });
      if ('kind' in built && 'paths' in built) policy.sources.push(built);
      else if ('optional' in built) policy.unavailable.push(built);
      else if (built.deferred) policy.problems.push(...built.problems);
      else {
        problems.push(...built.problems);
        if (built.paths) unbuilt.push({ ...built.paths, environment: name });
      }
    });
    environments[name] = policy;
  }
  if (collected) {
    collected.problems.push(...problems);
    collected.unbuilt.push(...unbuilt);
  } else if (problems.length > 0) throw configErrors(problems.map((p) => ({ ...p, file })));

  const rename = config.rename.map((r, index) => {
    try {
      // A linear-time engine: a pattern like (a+)+$ cannot hang the comparison.
      return { match: compileUserRegex(r.match), replace: r.replace };
    } catch (error) {
      throw new ConfigError(
        `rename[${index}].match ${(error as Error).message}`,
        file,
        lineOf(['rename', index, 'match']),
      );
    }
  });

  return {
    file,
    baseDir,
    baseline,
    environments,
    scale: {
      replicas: config.scale.replicas ?? 1,
      resources: config.scale.resources ?? 1,
      data: config.scale.data ?? 1,
      traffic: config.scale.traffic ?? 1,
    },
    tolerance: config.scale.tolerance ?? DEFAULT_TOLERANCE,
    rename,
    decisions: config.decisions.map((d, index) => ({ ...d, line: lineOf(['decisions', index]) })),
    replay: config.traffic?.replay ?? { allow: [], production: [] },
  };
}

/** 1-based line of the node at `p`, or of its nearest existing parent. */
function nodeLine(doc: Document, counter: LineCounter, p: readonly (string | number)[]): number | undefined {
  for (let depth = p.length; depth >= 0; depth--) {
    const sub = p.slice(0, depth);
    const node = sub.length ? doc.getIn(sub, true) : doc.contents;
    const parent =
      depth > 0 ? (depth > 1 ? doc.getIn(p.slice(0, depth - 1), true) : doc.contents) : undefined;
    // Prefer the key's line for map entries: `replicas: x` points at the key.
    if (depth > 0 && isMap(parent)) {
      const pair = parent.items.find(
        (it) => (it.key as { value?: unknown } | null)?.value === sub[sub.length - 1],
      );
      const range = (pair?.key as { range?: [number, number] } | null)?.range;
      if (range) return counter.linePos(range[0]).line;
    }
    if (depth > 0 && isSeq(parent)) {
      const item = parent.items[sub[sub.length - 1] as number] as { range?: [number, number] } | undefined;
      if (item?.range) return counter.linePos(item.range[0]).line;
    }
    const range = (node as { range?: [number, number] } | null)?.range;
    if (range) return counter.linePos(range[0]).line;
  }
  return undefined;
}
