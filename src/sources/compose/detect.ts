import {
  baseOf,
  type Detection,
  type DetectResult,
  type DetectView,
  dirOf,
  joinPath,
  knownEnvironment,
  nameWords,
  type SourceDetector,
  yamlValues,
} from '../detection.js';
import { asObj } from '../shape.js';
// The base files in docker compose's own order, as the compose source reads them.
import { DEFAULT_FILES } from './index.js';

/** `docker-compose.prod.yml`, `compose-staging.yaml`: one word after the base name. */
const OVERRIDE = /^(?:docker-)?compose[.-]([\w]+)\.ya?ml$/;

/**
 * A compose file that runs on its own: every service says what it runs (`image:`, or a `build:`
 * that names what to build: a context path, or a mapping with `context` or `dockerfile`). Such a
 * file is not an override, and the folder's base file (often the developers' setup, with
 * `runserver` and `.env.dev`) is not layered under it. A `build:` with only `target:` or `args:`
 * retargets the base's build: that file is an override.
 */
function standalone(view: DetectView, file: string): boolean {
  const services = asObj(asObj(yamlValues(view, file)[0])?.services);
  if (!services) return false;
  const list = Object.values(services).map(asObj);
  return list.length > 0 && list.every((s) => s !== undefined && ('image' in s || buildsOnItsOwn(s.build)));
}

function buildsOnItsOwn(build: unknown): boolean {
  if (typeof build === 'string') return true;
  const spec = asObj(build);
  return spec !== undefined && ('context' in spec || 'dockerfile' in spec);
}

/** The Dockerfiles a compose file's services build (`build: {context, dockerfile}`, or a context's `Dockerfile`). */
function builtDockerfiles(view: DetectView, file: string): string[] {
  const services = asObj(asObj(yamlValues(view, file)[0])?.services);
  const out: string[] = [];
  for (const s of Object.values(services ?? {}).map(asObj)) {
    const build = s?.build;
    const spec = asObj(build);
    const context =
      typeof build === 'string' ? build : typeof spec?.context === 'string' ? spec.context : '.';
    const dockerfile =
      typeof spec?.dockerfile === 'string' ? spec.dockerfile : build === undefined ? undefined : 'Dockerfile';
    if (dockerfile === undefined) continue;
    out.push(normalisePath(joinPath(joinPath(dirOf(file), context), dockerfile)));
  }
  return out;
}

function normalisePath(p: string): string {
  const parts: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/') || '.';
}

/** The environment word a Dockerfile's name or folder holds (`docker/dev/Dockerfile`, `Dockerfile.dev`). */
function dockerfileEnvironment(path: string): string | undefined {
  return [...nameWords(baseOf(path)), ...nameWords(baseOf(dirOf(path)))].find((w) => knownEnvironment(w));
}

/**
 * The base file of a folder whose every override runs on its own is a project of its own: the
 * developers' setup, usually. It is an environment when the Dockerfiles its services build name
 * one (busy-beaver: `docker-compose.yml` builds `docker/dev/Dockerfile`, beside a standalone
 * `docker-compose.prod.yml`), and that environment has no override of its own there.
 */
function baseEnvironment(
  view: DetectView,
  base: string,
  standaloneOverride: string,
  overrides: readonly string[],
): Detection | undefined {
  const built = builtDockerfiles(view, base);
  const names = [...new Set(built.map(dockerfileEnvironment))];
  const name = names.length === 1 ? names[0] : undefined;
  if (!name || overrides.some((o) => knownEnvironment(o) === knownEnvironment(name))) return undefined;
  const dockerfile = built.find((b) => dockerfileEnvironment(b) === name)!;
  return {
    environment: { name, evidence: 'known', group: `${dirOf(base)}:compose` },
    paths: [base],
    why: `${base}: the base compose file runs on its own (${standaloneOverride} defines every service itself), and its services build ${dockerfile}, named for ${name}`,
  };
}

export const composeDetector: SourceDetector = {
  fileMatch: /(^|\/)(docker-)?compose[.-][\w]+\.ya?ml$/,
  detect(files, view): DetectResult {
    const found: Detection[] = [];
    /** Per base file: the overrides beside it, and whether each is layered over it. */
    const bases = new Map<string, { names: string[]; layered: boolean; standalone?: string }>();
    for (const file of files) {
      const name = OVERRIDE.exec(baseOf(file))?.[1];
      if (!name || name.toLowerCase() === 'override') continue;
      const dir = dirOf(file);
      const base = DEFAULT_FILES.map((b) => joinPath(dir, b)).find((b) => view.has(b));
      const alone = base === undefined || standalone(view, file);
      if (base) {
        const seen = bases.get(base) ?? { names: [], layered: false };
        seen.names.push(name);
        if (alone) seen.standalone ??= file;
        else seen.layered = true;
        bases.set(base, seen);
      }
      found.push({
        environment: { name, evidence: 'sibling', group: `${dir}:compose` },
        paths: alone ? [file] : [base, file],
        why: alone
          ? `${file}: a compose file for ${name}${base ? ` (it defines every service itself, so ${base} is not layered under it)` : ''}`
          : `${file}: a compose override for ${name}, over ${base}`,
      });
    }
    for (const [base, seen] of bases) {
      if (seen.layered || !seen.standalone) continue;
      const own = baseEnvironment(view, base, seen.standalone, seen.names);
      if (own) found.push(own);
    }
    return { found };
  },
};
