import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createFingerprinter } from '../secrets.js';
import type { SourceSpec } from '../types.js';
import { terraformSource } from './index.js';

const fixtures = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
const ctx = { environment: 'staging', production: false, fingerprint: createFingerprinter('k') };
const spec = (paths: string[], baseDir = fixtures): SourceSpec => ({
  kind: 'terraform',
  id: 'terraform:staging',
  paths,
  baseDir,
  options: {},
});
const temp = mkdtempSync(path.join(tmpdir(), 'parity-terraform-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('terraform source', () => {
  it('reads show -json output and state files from a folder, with origins relative to parity.yaml', async () => {
    const result = await terraformSource.collect(spec(['staging', 'raw-state-v4.tfstate']), {}, ctx);
    expect(result.skips).toEqual([]);
    expect(
      result.facts.find((f) => f.key === 'infra/terraform/aws_db_instance/db.main/instance_class')?.origin,
    ).toEqual({
      source: 'terraform:staging',
      file: 'staging/state.json',
      line: 361,
    });
    expect(result.facts.some((f) => f.origin.file === 'raw-state-v4.tfstate')).toBe(true);
  });

  it('says what to do with a saved (binary) plan', async () => {
    const plan = path.join(temp, 'staging.tfplan');
    writeFileSync(plan, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]));
    const result = await terraformSource.collect(spec(['staging.tfplan'], temp), {}, ctx);
    expect(result.skips).toEqual([
      {
        source: 'terraform:staging',
        file: 'staging.tfplan',
        line: 1,
        reason: 'binary file: a saved plan? give the output of `terraform show -json <plan>` instead',
        unread: true,
      },
    ]);
  });

  it('accepts no options', () => {
    expect(terraformSource.options.safeParse({}).success).toBe(true);
    expect(terraformSource.options.safeParse({ workspace: 'x' }).success).toBe(false);
  });
});
