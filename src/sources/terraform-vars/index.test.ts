import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createFingerprinter } from '../secrets.js';
import type { SourceSpec } from '../types.js';
import { terraformVarsSource } from './index.js';
import { sensitiveVariables } from './sensitive.js';

const fixtures = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
const ctx = { environment: 'staging', production: false, fingerprint: createFingerprinter('k') };
const spec = (paths: string[]): SourceSpec => ({
  kind: 'terraform-vars',
  id: 'tv',
  paths,
  baseDir: fixtures,
  options: {},
});
const collect = (paths: string[], options: Record<string, unknown> = {}) =>
  terraformVarsSource.collect(spec(paths), terraformVarsSource.options.parse(options), ctx);

describe('terraform-vars source', () => {
  it('reads a folder as Terraform does: terraform.tfvars, then *.auto.tfvars(.json) by name, never staging.tfvars', async () => {
    const result = await collect(['auto']);
    expect(result.skips).toEqual([]);
    const replicas = result.facts.find((f) => f.key === 'infra/workload/node/replicas');
    expect(replicas).toMatchObject({ value: 4, origin: { file: 'auto/b.auto.tfvars', line: 1 } });
  });

  it('reads the sensitive declarations of the .tf files beside the tfvars, and of `variables:`', async () => {
    const beside = await collect(['shop/env/production/terraform.tfvars']);
    // Not beside: the module is two folders up.
    expect(beside.facts.find((f) => f.key === 'config/tfvars/support_contact')?.value).toBe('oncall-prod');
    const declared = await collect(['shop/env/production/terraform.tfvars'], { variables: 'shop' });
    expect(declared.facts.find((f) => f.key === 'config/tfvars/support_contact')?.value).toMatchObject({
      secret: true,
    });
  });

  it('names a folder with no file Terraform loads by itself', async () => {
    const result = await collect(['shop/env']);
    expect(result.skips[0]?.reason).toBe(
      'the folder holds no terraform.tfvars or *.auto.tfvars: name the environment’s file (e.g. staging.tfvars)',
    );
  });

  it('has strict options', () => {
    expect(terraformVarsSource.options.safeParse({ workload: 'eks', variables: ['a', 'b'] }).success).toBe(
      true,
    );
    expect(terraformVarsSource.options.safeParse({ workload: 'a/b' }).success).toBe(false);
    expect(terraformVarsSource.options.safeParse({ var_file: 'x' }).success).toBe(false);
  });

  it('finds sensitive declarations, strings and comments with braces included', () => {
    const text = [
      'variable "a" {',
      '  description = "has a } brace"',
      '  # and a comment }',
      '  sensitive = true',
      '}',
      'variable "b" {',
      '  default = { x = 1 }',
      '}',
      'variable "c" {',
      '  sensitive   = false',
      '}',
      'variable "unclosed" {',
      '  sensitive = true',
    ].join('\n');
    expect([...sensitiveVariables(text)]).toEqual(['a', 'unclosed']);
  });
});
