import { stat } from 'node:fs/promises';
import path from 'node:path';
import { isDynamicPattern } from 'tinyglobby';
import { z } from 'zod';
import { expandPaths, isSkip, readTextFile } from '../files.js';
import { WorkloadName } from '../layered.js';
import type { Skip, SourceModule } from '../types.js';
import type { TfvarsFile } from './extract.js';
import { sensitiveVariables } from './sensitive.js';

const Name = WorkloadName;

const Options = z
  .object({
    /** Workload for sizing variables whose name names none (`instance_type`); `terraform` by default. */
    workload: Name.optional(),
    /** The module's `.tf` files or folders, for `sensitive = true` declarations (the tfvars' folder is always read). */
    variables: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  })
  .strict();

/** Files Terraform loads by itself from the working directory, in its order. */
const AUTO_LOADED = /^(terraform\.tfvars(\.json)?|.+\.auto\.tfvars(\.json)?)$/;
const TFVARS = /\.tfvars(\.json)?$/;
/** A variables file is a few kilobytes; past a megabyte it is data, not configuration. */
const MAX_BYTES = 1024 * 1024;

export const terraformVarsSource: SourceModule<z.infer<typeof Options>> = {
  kind: 'terraform-vars',
  description:
    'Terraform variable files per environment (`staging.tfvars`, `env/production/terraform.tfvars`, `.tfvars.json`): every variable; instance types, node counts, min/max sizes as infra facts; sensitive variables as secrets.',
  docs: 'https://developer.hashicorp.com/terraform/language/values/variables#variable-definitions-tfvars-files',
  dimensions: ['infra', 'config'],
  produces: ['infra/workload/', 'infra/autoscaling/', 'config/tfvars/'],
  input: 'files',
  options: Options,
  async collect(spec, options, ctx) {
    const { extractTfvars } = await import('./extract.js');
    const skips: Skip[] = [];
    const absolute = await tfvarsFiles(spec.id, spec.paths, spec.baseDir, skips);
    const files: TfvarsFile[] = [];
    for (const file of absolute) {
      const read = await readTextFile(spec.id, file, spec.baseDir, MAX_BYTES);
      if (isSkip(read)) skips.push(read);
      else files.push({ file: read.display, text: read.text });
    }
    if (files.length === 0) return { facts: [], skips };
    const declared = [...new Set(absolute.map((f) => path.dirname(f)))];
    const extra = options.variables === undefined ? [] : [options.variables].flat();
    const sensitive = await sensitiveNames(
      spec.id,
      [...declared, ...extra],
      spec.baseDir,
      skips,
      extra.length,
    );
    const result = extractTfvars(files, {
      source: spec.id,
      fingerprint: ctx.fingerprint,
      workload: options.workload ?? 'terraform',
      sensitive,
    });
    return { facts: result.facts, skips: [...skips, ...result.skips] };
  },
};

/**
 * Files as listed (a glob's matches sorted); a folder is what Terraform loads by itself from it:
 * `terraform.tfvars`, `terraform.tfvars.json`, then `*.auto.tfvars(.json)` by name.
 */
async function tfvarsFiles(source: string, paths: readonly string[], baseDir: string, skips: Skip[]) {
  const out: string[] = [];
  for (const p of paths) {
    const absolute = path.resolve(baseDir, p);
    const info = isDynamicPattern(p) ? undefined : await stat(absolute).catch(() => undefined);
    if (!info?.isDirectory()) {
      const expanded = await expandPaths(source, [p], baseDir, { accept: (n) => TFVARS.test(n) });
      skips.push(...expanded.skips);
      out.push(...expanded.files.sort());
      continue;
    }
    const found = await expandPaths(source, [p], baseDir, { accept: (n) => AUTO_LOADED.test(n) });
    const own = found.files.filter((f) => path.dirname(f) === path.normalize(absolute)).sort(terraformOrder);
    if (own.length === 0) {
      skips.push({
        source,
        file: p,
        reason:
          'the folder holds no terraform.tfvars or *.auto.tfvars: name the environment’s file (e.g. staging.tfvars)',
        unread: true,
      });
    }
    out.push(...own);
  }
  return [...new Set(out)];
}

function terraformOrder(a: string, b: string): number {
  const rank = (f: string) =>
    /^terraform\.tfvars$/.test(path.basename(f))
      ? 0
      : /^terraform\.tfvars\.json$/.test(path.basename(f))
        ? 1
        : 2;
  return rank(a) - rank(b) || a.localeCompare(b);
}

/** `sensitive = true` variables of the `.tf` files in these folders (and of the named files). */
async function sensitiveNames(
  source: string,
  places: readonly string[],
  baseDir: string,
  skips: Skip[],
  named: number,
): Promise<Set<string>> {
  const out = new Set<string>();
  for (const [i, place] of places.entries()) {
    const explicit = i >= places.length - named;
    const absolute = path.resolve(baseDir, place);
    const info = isDynamicPattern(place) ? undefined : await stat(absolute).catch(() => undefined);
    let files: string[];
    if (info?.isDirectory()) {
      const found = await expandPaths(source, [place], baseDir, { extensions: ['.tf'] });
      files = found.files.filter((f) => path.dirname(f) === path.normalize(absolute));
      if (explicit && files.length === 0)
        skips.push({ source, file: place, reason: 'variables: the folder holds no .tf file' });
    } else {
      const found = await expandPaths(source, [place], baseDir);
      if (explicit)
        for (const { unread: _, ...s } of found.skips) skips.push({ ...s, reason: `variables: ${s.reason}` });
      files = found.files;
    }
    for (const file of files) {
      const read = await readTextFile(source, file, baseDir, MAX_BYTES);
      if (!isSkip(read)) for (const name of sensitiveVariables(read.text)) out.add(name);
    }
  }
  return out;
}
