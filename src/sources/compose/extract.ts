import path from 'node:path';
import type { Fact } from '../../model/fact.js';
import { envPath, makeFact } from '../../model/make-fact.js';
import type { Skip } from '../../model/snapshot.js';
import { parseDotenv } from '../dotenv/parse.js';
import { layeredUnreadSkip } from '../layered.js';
import type { Fingerprinter, SourceResult } from '../types.js';
import { type ComposeService, type EnvFileRef, mergeService } from './model.js';
import { readComposeFile } from './read-file.js';
import { type EnvFileValues, serviceFacts } from './service-facts.js';

export interface ComposeText {
  /** The file as shown to users. */
  file: string;
  text: string;
}

export interface ComposeInput {
  source: string;
  fingerprint: Fingerprinter;
}

/**
 * Reads the files of one project and merges them in the listed order, like
 * `docker compose -f base.yml -f override.yml`: fields override, environment merges by name,
 * ports and env_file add up. Pure.
 */
export function loadComposeProject(
  files: readonly ComposeText[],
  source: string,
): { services: ComposeService[]; skips: Skip[] } {
  const skips: Skip[] = [];
  const merged = new Map<string, ComposeService>();
  // Compose resolves relative paths of every file against the first file's folder.
  const projectDir = path.posix.dirname((files[0]?.file ?? '.').replaceAll('\\', '/'));
  const unreadable: string[] = [];
  for (const { file, text } of files) {
    const read = readComposeFile(text, { source, file, projectDir });
    skips.push(...read.skips);
    if (read.unreadable) unreadable.push(file);
    for (const service of read.services) {
      const known = merged.get(service.name);
      merged.set(service.name, known ? mergeService(known, service) : service);
    }
  }
  // Compose merges every file in order: without one of them, the others are not the project.
  if (unreadable.length > 0) {
    const skip = layeredUnreadSkip(
      source,
      files.map((f) => f.file),
      unreadable,
      'Compose merges',
    );
    if (skip) skips.push(skip);
    return { services: [], skips };
  }
  return { services: [...merged.values()], skips };
}

/** The env files a project refers to, each once, for the caller to read. */
export function envFileRefs(services: readonly ComposeService[]): EnvFileRef[] {
  const refs = new Map<string, EnvFileRef>();
  for (const service of services)
    for (const ref of service.envFiles) if (!refs.has(ref.path)) refs.set(ref.path, ref);
  return [...refs.values()];
}

/** An env file's text, or why it could not be read; keyed by `EnvFileRef.path`. */
export type EnvFileText = { display: string; text: string } | Skip;

/**
 * Compose files in, facts out: one workload per service (named by its service key), its env (with
 * env_file values, read by the dotenv parser), ports and the registries its images come from.
 */
export function extractCompose(
  files: readonly ComposeText[],
  input: ComposeInput,
  envFiles: ReadonlyMap<string, EnvFileText> = new Map(),
): SourceResult {
  const { services, skips } = loadComposeProject(files, input.source);
  const parsed = new Map<string, EnvFileValues>();
  for (const [key, read] of envFiles) {
    if ('reason' in read) continue;
    const { entries, problems } = parseDotenv(read.text);
    parsed.set(key, { display: read.display, entries });
    for (const p of problems)
      skips.push({ source: input.source, file: read.display, line: p.line, reason: p.reason });
  }
  const facts: Fact[] = [];
  for (const service of services) {
    const values: EnvFileValues[] = [];
    for (const ref of service.envFiles) {
      const found = parsed.get(ref.path);
      if (found) values.push(found);
      else if (ref.required)
        skips.push(missingEnvFile(ref, envFiles.get(ref.path), input.source, service.name));
    }
    facts.push(...serviceFacts(service, values, input.source, input.fingerprint));
  }
  const registries = registryFact(services, input.source);
  if (registries) facts.push(registries);
  return { facts, skips: dedupe(skips) };
}

function missingEnvFile(
  ref: EnvFileRef,
  read: EnvFileText | undefined,
  source: string,
  service: string,
): Skip {
  const why = read && 'reason' in read ? read.reason : 'no such file';
  // The variables it holds are unknown, not absent: this service's env is read only in part. An
  // env file sets variables and nothing else, so the service's other settings, and every other
  // service, were read.
  return {
    source,
    file: ref.file,
    line: ref.line,
    reason: `env_file ${ref.path} cannot be read (${why})`,
    unread: true,
    unreadScope: [`config/${envPath('', service).join('/')}`],
  };
}

/** `infra/substrate/registry`: the host part of every image, `docker.io` when it has none. */
function registryFact(services: readonly ComposeService[], source: string): Fact | undefined {
  const registries = new Set<string>();
  let first: { file: string; line: number } | undefined;
  for (const { image } of services) {
    const registry = image && registryOf(image.value);
    if (!image || !registry) continue;
    registries.add(registry);
    first ??= image;
  }
  if (!first) return undefined;
  return makeFact({
    dimension: 'infra',
    path: ['substrate', 'registry'],
    value: [...registries].sort(),
    compare: 'set',
    origin: { source, file: first.file, line: first.line },
  });
}

/** Docker's rule: the first path component is a registry when it has a dot, a port, or is localhost. */
export function registryOf(image: string): string | undefined {
  const slash = image.indexOf('/');
  if (slash === -1) return image.includes('$') ? undefined : 'docker.io';
  const first = image.slice(0, slash);
  if (first.includes('$')) return first; // an unresolved ${REGISTRY}: report it as written
  return /[.:]/.test(first) || first === 'localhost' ? first : 'docker.io';
}

/** Two services sharing a missing env_file would say so twice: said once, with both services' scopes. */
function dedupe(skips: Skip[]): Skip[] {
  const seen = new Map<string, Skip>();
  const out: Skip[] = [];
  for (const s of skips) {
    const key = `${s.file}:${s.line}:${s.reason}`;
    const first = seen.get(key);
    if (!first) {
      const copy = s.unreadScope ? { ...s, unreadScope: [...s.unreadScope] } : s;
      seen.set(key, copy);
      out.push(copy);
    } else if (first.unreadScope) {
      // A scoped skip merged with an unscoped one leaves the whole source unknown.
      if (s.unreadScope)
        first.unreadScope.push(...s.unreadScope.filter((p) => !first.unreadScope!.includes(p)));
      else delete first.unreadScope;
    }
  }
  return out;
}
