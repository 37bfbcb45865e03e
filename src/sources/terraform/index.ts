import { z } from 'zod';
import { collectFiles } from '../collect.js';
import type { SourceModule } from '../types.js';

const Options = z.object({}).strict();

export const terraformSource: SourceModule<z.infer<typeof Options>> = {
  kind: 'terraform',
  description:
    '`terraform show -json` of a state or plan (or a state file): instance and database classes, engine versions, counts, autoscaling groups, DNS TTLs, certificates, IAM permissions.',
  docs: 'https://developer.hashicorp.com/terraform/internals/json-format',
  dimensions: ['infra', 'access'],
  produces: ['infra/terraform/', 'infra/dns/', 'infra/tls/', 'access/iam/'],
  input: 'files',
  options: Options,
  async collect(spec, _options, ctx) {
    const { extractTerraform } = await import('./extract.js');
    const result = await collectFiles(spec, { extensions: ['.json', '.tfstate'] }, (file) =>
      extractTerraform(file.text, {
        source: spec.id,
        file: file.display,
        fingerprint: ctx.fingerprint,
        environment: ctx.environment,
      }),
    );
    // Only reading says "binary file" (the extractor never does).
    for (const skip of result.skips) {
      // A saved plan is a zip archive: only Terraform, with the configuration's providers, can read it.
      if (skip.reason.startsWith('binary file')) {
        skip.reason = 'binary file: a saved plan? give the output of `terraform show -json <plan>` instead';
      }
    }
    return result;
  },
};
