import path from 'node:path';
import { z } from 'zod';
import type { Fact } from '../../model/fact.js';
import { displayPath, expandPaths, isSkip, readTextFile } from '../files.js';
import { EnvironmentOption, environmentSelection } from '../github-actions/environments.js';
import type { Skip, SourceModule } from '../types.js';
import type { IncludeTree } from './merge.js';
import type { TemplateInclude } from './parse.js';

export const GitlabCiOptions = z
  .object({
    /** GitLab `environment:` names deployed by this parity environment; default: its name, aliases and tier. */
    environment: EnvironmentOption.optional(),
  })
  .strict();
export type GitlabCiOptions = z.infer<typeof GitlabCiOptions>;

/** GitLab caps includes at 150 files per pipeline. */
const MAX_FILES = 150;

export const gitlabCiSource: SourceModule<GitlabCiOptions> = {
  kind: 'gitlab-ci',
  description:
    'GitLab CI pipelines (.gitlab-ci.yml with local includes): the checks, gates, triggers and CI variables of the jobs deploying this environment.',
  docs: 'https://docs.gitlab.com/ci/yaml/',
  dimensions: ['deploys', 'config'],
  produces: ['deploys/pipeline/', 'deploys/schedule/', 'config/ci-env/'],
  input: 'files',
  options: GitlabCiOptions,
  async collect(spec, options, ctx) {
    const { extractGitlabCi } = await import('./extract.js');
    const expanded = await expandPaths(spec.id, spec.paths, spec.baseDir, {
      accept: (name) => /^\.gitlab-ci\.ya?ml$/.test(name),
    });
    const skips: Skip[] = [...expanded.skips];
    const facts: Fact[] = [];
    const selection = environmentSelection(ctx.environment, options.environment);
    for (const main of expanded.files) {
      const loader = {
        source: spec.id,
        baseDir: spec.baseDir,
        root: path.dirname(main),
        skips,
        count: 0,
        templates: [] as TemplateInclude[],
        unreadable: [] as string[],
      };
      const tree = await load(main, loader, []);
      if (!tree) continue;
      // GitLab merges every included file: without one of them, the jobs read are not the pipeline.
      if (loader.unreadable.length > 0) {
        skips.push({
          source: spec.id,
          file: displayPath(main, spec.baseDir),
          reason: `not compared: the pipeline includes ${loader.unreadable.join(', ')}, which could not be read`,
        });
        continue;
      }
      const result = extractGitlabCi(tree, {
        source: spec.id,
        fingerprint: ctx.fingerprint,
        selection,
        templates: loader.templates,
      });
      facts.push(...result.facts);
      skips.push(...result.skips);
    }
    return { facts, skips };
  },
};

interface Loader {
  source: string;
  baseDir: string;
  /** Local includes are paths from the repository root: the main file's folder. */
  root: string;
  skips: Skip[];
  count: number;
  templates: TemplateInclude[];
  /** Included files that could not be read or parsed. */
  unreadable: string[];
}

async function load(
  absolute: string,
  loader: Loader,
  chain: readonly string[],
): Promise<IncludeTree | undefined> {
  const { includesOf, parseGitlabFile } = await import('./parse.js');
  if (++loader.count > MAX_FILES) {
    loader.skips.push({
      source: loader.source,
      file: displayPath(absolute, loader.baseDir),
      reason: `more than ${MAX_FILES} included files; the rest are not read`,
    });
    return undefined;
  }
  const read = await readTextFile(loader.source, absolute, loader.baseDir);
  if (isSkip(read)) {
    loader.skips.push(read);
    if (chain.length > 0) loader.unreadable.push(read.file ?? displayPath(absolute, loader.baseDir));
    return undefined;
  }
  const { parsed, skips } = parseGitlabFile(read.text, read.display, loader.source);
  loader.skips.push(...skips);
  if (!parsed) {
    if (chain.length > 0) loader.unreadable.push(read.display);
    return undefined;
  }
  const found = includesOf(parsed, loader.source);
  loader.skips.push(...found.skips);
  loader.templates.push(...found.templates);
  const tree: IncludeTree = { parsed, includes: [] };
  for (const include of found.local) {
    const files = await expandPaths(loader.source, [include.path], loader.root);
    if (files.files.length === 0) {
      loader.skips.push({
        source: loader.source,
        file: read.display,
        line: include.line,
        reason: `include ${include.path} matches no file under ${path.relative(loader.baseDir, loader.root) || '.'}`,
      });
    }
    for (const file of files.files) {
      if (file === absolute || chain.includes(file)) {
        loader.skips.push({
          source: loader.source,
          file: read.display,
          line: include.line,
          reason: `include ${include.path} includes itself (a loop); read once`,
        });
        continue;
      }
      const child = await load(file, loader, [...chain, absolute]);
      if (child) tree.includes.push(child);
    }
  }
  return tree;
}
