import { stat } from 'node:fs/promises';
import path from 'node:path';
import { isDynamicPattern } from 'tinyglobby';
import { z } from 'zod';
import { expandPaths, isSkip, readTextFile } from '../files.js';
import type { Skip, SourceModule } from '../types.js';
import type { ComposeText, EnvFileText } from './extract.js';

const Options = z.object({}).strict();

// What `docker compose` looks for in a folder when no -f is given: the first base file, then its override.
export const DEFAULT_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

export const composeSource: SourceModule<z.infer<typeof Options>> = {
  kind: 'compose',
  description:
    'Docker Compose services: images, replicas, resources, healthchecks, env (with env_file), ports, container hardening (read_only, no-new-privileges, capabilities, user).',
  docs: 'https://docs.docker.com/reference/compose-file/',
  dimensions: ['infra', 'config', 'access'],
  produces: ['infra/workload/', 'infra/service/', 'infra/substrate/', 'config/env/', 'access/workload/'],
  input: 'files',
  options: Options,
  async collect(spec, _options, ctx) {
    const { envFileRefs, extractCompose, loadComposeProject } = await import('./extract.js');
    const skips: Skip[] = [];
    const files: ComposeText[] = [];
    for (const absolute of await composeFiles(spec.id, spec.paths, spec.baseDir, skips)) {
      const read = await readTextFile(spec.id, absolute, spec.baseDir);
      if (isSkip(read)) skips.push(read);
      else files.push({ file: read.display, text: read.text });
    }
    if (files.length === 0) return { facts: [], skips };
    // The project is read twice (cheap) so that extraction stays pure: first to learn which env
    // files to read, then with their contents.
    const { services } = loadComposeProject(files, spec.id);
    const envFiles = new Map<string, EnvFileText>();
    for (const ref of envFileRefs(services)) {
      const read = await readTextFile(spec.id, path.resolve(spec.baseDir, ref.path), spec.baseDir);
      envFiles.set(ref.path, isSkip(read) ? read : { display: read.display, text: read.text });
    }
    const result = extractCompose(files, { source: spec.id, fingerprint: ctx.fingerprint }, envFiles);
    return { facts: result.facts, skips: [...skips, ...result.skips] };
  },
};

/**
 * The files of one project in merge order: listed paths as listed; a folder as `docker compose`
 * reads it; a glob's matches with base files before their overrides (`docker-compose.yml` before
 * `docker-compose.prod.yml`: fewer dots first).
 */
async function composeFiles(
  source: string,
  paths: readonly string[],
  baseDir: string,
  skips: Skip[],
): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const absolute = path.resolve(baseDir, p);
    const info = isDynamicPattern(p) ? undefined : await stat(absolute).catch(() => undefined);
    if (info?.isDirectory()) {
      const found = await defaultFiles(absolute);
      if (found.length === 0)
        skips.push({
          source,
          file: p,
          reason: `the directory holds none of ${DEFAULT_FILES.join(', ')}`,
          unread: true,
        });
      out.push(...found);
      continue;
    }
    const expanded = await expandPaths(source, [p], baseDir);
    skips.push(...expanded.skips);
    out.push(...expanded.files.sort(byMergeOrder));
  }
  return [...new Set(out)];
}

async function defaultFiles(dir: string): Promise<string[]> {
  for (const name of DEFAULT_FILES) {
    const base = path.join(dir, name);
    if (!(await isFile(base))) continue;
    const stem = path.basename(name, path.extname(name));
    for (const ext of ['.yaml', '.yml']) {
      const override = path.join(dir, `${stem}.override${ext}`);
      if (await isFile(override)) return [base, override];
    }
    return [base];
  }
  return [];
}

async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined))?.isFile() ?? false;
}

function byMergeOrder(a: string, b: string): number {
  const dots = (file: string) => path.basename(file).split('.').length;
  return path.dirname(a).localeCompare(path.dirname(b)) || dots(a) - dots(b) || a.localeCompare(b);
}
