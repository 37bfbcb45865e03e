import { z } from 'zod';
import { collectFileSet } from '../collect.js';
import type { SourceModule } from '../types.js';
import { EnvironmentOption, environmentSelection } from './environments.js';

export const GithubActionsOptions = z
  .object({
    /** Workflow `environment:` names deployed by this parity environment; default: its name and aliases. */
    environment: EnvironmentOption.optional(),
  })
  .strict();
export type GithubActionsOptions = z.infer<typeof GithubActionsOptions>;

export const githubActionsSource: SourceModule<GithubActionsOptions> = {
  kind: 'github-actions',
  description:
    'GitHub Actions workflows: the checks, gates, triggers and CI variables of the jobs deploying this environment.',
  docs: 'https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax',
  dimensions: ['deploys', 'config'],
  produces: ['deploys/pipeline/', 'deploys/schedule/', 'config/ci-env/'],
  input: 'files',
  options: GithubActionsOptions,
  async collect(spec, options, ctx) {
    const { extractGithubActions } = await import('./extract.js');
    return collectFileSet(spec, { extensions: ['.yml', '.yaml'] }, (files) =>
      extractGithubActions(files, {
        source: spec.id,
        fingerprint: ctx.fingerprint,
        selection: environmentSelection(ctx.environment, options.environment),
      }),
    );
  },
};
