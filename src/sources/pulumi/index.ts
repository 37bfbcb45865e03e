import { stat } from 'node:fs/promises';
import path from 'node:path';
import { isDynamicPattern } from 'tinyglobby';
import { z } from 'zod';
import { displayPath, expandPaths, isSkip, readTextFile } from '../files.js';
import { WorkloadName } from '../layered.js';
import type { Skip, SourceModule, SourceResult } from '../types.js';

const Name = WorkloadName;

const Options = z
  .object({
    /** The stack whose `Pulumi.<stack>.yaml` to read when `path:` is the project folder. */
    stack: z
      .string()
      .min(1)
      .regex(/^[\w.-]+$/, 'a stack name (letters, digits, `_`, `.`, `-`)')
      .optional(),
    /** Workload for sizing settings whose name names none; the config namespace by default. */
    workload: Name.optional(),
  })
  .strict();

/** Stack files: `Pulumi.<stack>.yaml`, never the project file `Pulumi.yaml`. */
export const STACK_FILE = /^Pulumi\.([^/]+)\.ya?ml$/;

export const pulumiSource: SourceModule<z.infer<typeof Options>> = {
  kind: 'pulumi',
  description:
    'Pulumi stack config (`Pulumi.<stack>.yaml`): every `config:` setting; cpu, memory, replicas, scaling bounds and instance types as infra facts; `secure:` values by presence only.',
  docs: 'https://www.pulumi.com/docs/iac/concepts/config/',
  dimensions: ['infra', 'config'],
  produces: ['infra/workload/', 'infra/autoscaling/', 'config/pulumi/'],
  input: 'files',
  options: Options,
  async collect(spec, options, ctx) {
    const { extractPulumiStack } = await import('./extract.js');
    const out: SourceResult = { facts: [], skips: [] };
    for (const file of await stackFiles(spec.id, spec.paths, spec.baseDir, options.stack, out.skips)) {
      const read = await readTextFile(spec.id, file, spec.baseDir);
      if (isSkip(read)) {
        out.skips.push(read);
        continue;
      }
      const result = extractPulumiStack(read.text, {
        source: spec.id,
        file: read.display,
        fingerprint: ctx.fingerprint,
        ...(options.workload ? { workload: options.workload } : {}),
      });
      out.facts.push(...result.facts);
      out.skips.push(...result.skips);
    }
    return out;
  },
};

/**
 * A file is read as given; a folder is the project folder: its `Pulumi.<stack>.yaml` for the
 * `stack:` option, or its only stack file. Several stacks and no `stack:` is a skip naming them.
 */
async function stackFiles(
  source: string,
  paths: readonly string[],
  baseDir: string,
  stack: string | undefined,
  skips: Skip[],
): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const absolute = path.resolve(baseDir, p);
    const info = isDynamicPattern(p) ? undefined : await stat(absolute).catch(() => undefined);
    if (!info?.isDirectory()) {
      const expanded = await expandPaths(source, [p], baseDir);
      skips.push(...expanded.skips);
      out.push(...expanded.files);
      continue;
    }
    // Through expandPaths, so a link never leads out of the project; only the folder's own files.
    const found = await expandPaths(source, [p], baseDir, { accept: (n) => STACK_FILE.test(n) });
    const names = found.files
      .filter((f) => path.dirname(f) === path.normalize(absolute))
      .map((f) => path.basename(f))
      .sort();
    const wanted = stack ? names.filter((n) => STACK_FILE.exec(n)?.[1] === stack) : names;
    const shown = displayPath(absolute, baseDir) || '.';
    if (wanted.length === 1) out.push(path.join(absolute, wanted[0]!));
    else if (wanted.length === 0) {
      const reason = stack
        ? `no Pulumi.${stack}.yaml in the folder${names.length ? ` (stacks: ${names.map(stackName).join(', ')})` : ''}`
        : 'the folder holds no Pulumi.<stack>.yaml';
      skips.push({ source, file: shown, reason, unread: true });
    } else {
      const reason = stack
        ? `both Pulumi.${stack}.yaml and Pulumi.${stack}.yml: keep one`
        : `the folder holds several stacks (${names.map(stackName).join(', ')}): set \`stack:\` to the one of this environment`;
      skips.push({ source, file: shown, reason, unread: true });
    }
  }
  return [...new Set(out)];
}

function stackName(file: string): string {
  return STACK_FILE.exec(file)?.[1] ?? file;
}
