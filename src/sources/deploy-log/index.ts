import { z } from 'zod';
import { collectFileSet } from '../collect.js';
import { EnvironmentOption, environmentSelection } from '../github-actions/environments.js';
import type { SourceModule } from '../types.js';
import { DeployLogFields } from './events.js';

export const DeployLogOptions = z
  .object({
    /** Environment names in the log that are this parity environment; default: its name and aliases. */
    environment: EnvironmentOption.optional(),
    fields: DeployLogFields.optional(),
    format: z.enum(['auto', 'jsonl', 'csv']).optional(),
  })
  .strict();
export type DeployLogOptions = z.infer<typeof DeployLogOptions>;

export const deployLogSource: SourceModule<DeployLogOptions> = {
  kind: 'deploy-log',
  description:
    'Deploy event logs (JSON lines or CSV: environment, service, start, end or duration): cadence, duration, overlaps and deploy windows.',
  dimensions: ['deploys'],
  produces: ['deploys/cadence/', 'deploys/log/'],
  input: 'files',
  options: DeployLogOptions,
  async collect(spec, options, ctx) {
    const { extractDeployLog } = await import('./extract.js');
    return collectFileSet(
      spec,
      { extensions: ['.jsonl', '.ndjson', '.json', '.csv', '.tsv', '.log'] },
      (files) =>
        extractDeployLog(files, {
          source: spec.id,
          selection: environmentSelection(ctx.environment, options.environment),
          fields: options.fields ?? {},
          format: options.format ?? 'auto',
        }),
    );
  },
};
