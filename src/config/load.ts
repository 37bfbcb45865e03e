import path from 'node:path';
import { type Document, isMap, isSeq, type LineCounter } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import type { Skip } from '../model/snapshot.js';
import { readRegularText } from '../regular-file.js';
import type { SourceSpec } from '../sources/types.js';
import { loadYamlConfig, YamlLoadError } from '../sources/yaml-package.js';
import { compileUserRegex } from '../user-regex.js';
import { interpolate } from './interpolate.js';
import { DEFAULT_TOLERANCE, type EnvironmentPolicy, type Policy } from './policy.js';
import { ConfigFile } from './schema.js';

export const DEFAULT_CONFIG_FILE = 'parity.yaml';
/** parity.yaml is written by hand: far below this. */
export const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

/** Which source kinds exist and how to validate their options; injected to keep config free of sources. */
export interface SourceCatalogue {
  has(kind: string): boolean;
  kinds(): string[];
  input(kind: string): 'files' | 'url';
  validateOptions(kind: string, options: Record<string, unknown>): z.ZodSafeParseResult<unknown>;
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
  return parsePolicy(text, file, catalogue, env);
}

/** The text of parity.yaml to a Policy. Pure but for the environment variables it is given. */
export function parsePolicy(
  text: string,
  file: string,
  catalogue: SourceCatalogue,
  env: NodeJS.ProcessEnv = process.env,
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

  const environments: Record<string, EnvironmentPolicy> = {};
  for (const name of names) {
    const entry = config.environments[name]!;
    const policy: EnvironmentPolicy = {
      name,
      production: entry.production ?? name === baseline,
      sources: [],
      unavailable: [],
    };
    entry.sources.forEach((source, index) => {
      const at = ['environments', name, 'sources', index];
      const spec = buildSource(source, at, { file, baseDir, env, catalogue, lineOf });
      if ('reason' in spec) policy.unavailable.push(spec);
      else policy.sources.push(spec);
    });
    environments[name] = policy;
  }

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

interface BuildContext {
  file: string;
  baseDir: string;
  env: NodeJS.ProcessEnv;
  catalogue: SourceCatalogue;
  lineOf: (p: readonly (string | number)[]) => number | undefined;
}

function buildSource(
  source: Record<string, unknown> & { kind: string; id?: string; path?: string | string[] },
  at: (string | number)[],
  ctx: BuildContext,
): SourceSpec | Skip {
  const line = ctx.lineOf(at);
  const { kind, id: givenId, path: givenPath, ...rest } = source;
  const paths = givenPath === undefined ? [] : Array.isArray(givenPath) ? givenPath : [givenPath];
  const id = givenId ?? (paths.length ? `${kind}:${paths.join(',')}` : kind);
  if (!ctx.catalogue.has(kind)) {
    return {
      source: id,
      file: ctx.file,
      line: ctx.lineOf([...at, 'kind']) ?? line,
      reason: `unknown source kind "${kind}"; expected one of: ${ctx.catalogue.kinds().join(', ')}`,
    };
  }
  // ${VAR} that is not set makes this source unavailable, not the whole audit.
  const missing = new Set<string>();
  const expand = (value: unknown): unknown => interpolate(value, ctx.env, missing);
  const expandedPaths = paths.map((p) => expand(p) as string);
  const options = expand(rest) as Record<string, unknown>;
  if (missing.size) {
    return {
      source: id,
      file: ctx.file,
      line,
      reason: `environment variable${missing.size > 1 ? 's' : ''} ${[...missing].join(', ')} not set`,
    };
  }
  if (ctx.catalogue.input(kind) === 'files' && expandedPaths.length === 0) {
    throw new ConfigError(`a ${kind} source needs \`path:\` (a file, directory or glob)`, ctx.file, line);
  }
  const checked = ctx.catalogue.validateOptions(kind, options);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    const key = issue.path.map(String);
    const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    const where = unknownKey ? [...at, unknownKey] : [...at, ...key];
    const label = unknownKey
      ? `unknown key "${unknownKey}" for a ${kind} source`
      : `${[kind, ...key].join('.')}: ${issue.message}`;
    throw new ConfigError(label, ctx.file, ctx.lineOf(where) ?? line);
  }
  return {
    kind,
    id,
    paths: expandedPaths,
    baseDir: ctx.baseDir,
    options: checked.data as Record<string, unknown>,
    ...(line ? { line } : {}),
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
