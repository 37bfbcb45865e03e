import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createFingerprinter } from '../secrets.js';
import type { SourceSpec } from '../types.js';
import { composeSource } from './index.js';

const fixtures = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
const ctx = { environment: 'production', production: true, fingerprint: createFingerprinter('k') };
const spec = (paths: string[], baseDir = fixtures): SourceSpec => ({
  kind: 'compose',
  id: 'compose:shop',
  paths,
  baseDir,
  options: {},
});
const temp = mkdtempSync(path.join(tmpdir(), 'parity-compose-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function factValue(facts: { key: string; value: unknown }[], key: string) {
  return facts.find((f) => f.key === key)?.value;
}

describe('compose source', () => {
  it('reads the listed files in order, with the env files they name', async () => {
    const result = await composeSource.collect(
      spec(['shop/docker-compose.yml', 'shop/docker-compose.prod.yml']),
      {},
      ctx,
    );
    expect(result.skips).toEqual([]);
    expect(factValue(result.facts, 'infra/workload/api/replicas')).toBe(6);
    expect(result.facts.find((f) => f.key === 'config/env/api/STRIPE_API_BASE')?.origin).toEqual({
      source: 'compose:shop',
      file: 'shop/env/api.production.env',
      line: 1,
    });
  });

  it('reads a folder the way docker compose does: the base file, then its override', async () => {
    writeFileSync(path.join(temp, 'compose.yaml'), 'services:\n  api:\n    image: shop/api:1\n');
    writeFileSync(path.join(temp, 'compose.override.yaml'), 'services:\n  api:\n    image: shop/api:2\n');
    writeFileSync(path.join(temp, 'docker-compose.yml'), 'services:\n  ignored:\n    image: x\n');
    const result = await composeSource.collect(spec(['.'], temp), {}, ctx);
    expect(result.facts.filter((f) => f.attribute === 'image').map((f) => [f.value, f.origin.file])).toEqual([
      ['shop/api:2', 'compose.override.yaml'],
    ]);
  });

  it('orders a glob with base files before their overrides', async () => {
    const dir = path.join(temp, 'glob');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'docker-compose.yml'), 'services:\n  web:\n    deploy: { replicas: 1 }\n');
    writeFileSync(
      path.join(dir, 'docker-compose.prod.yml'),
      'services:\n  web:\n    deploy: { replicas: 5 }\n',
    );
    const result = await composeSource.collect(spec(['glob/docker-compose*.yml'], temp), {}, ctx);
    expect(factValue(result.facts, 'infra/workload/web/replicas')).toBe(5);
  });

  it('skips paths that hold no compose file', async () => {
    mkdirSync(path.join(temp, 'empty'));
    const result = await composeSource.collect(spec(['missing.yml', 'empty'], temp), {}, ctx);
    expect(result).toEqual({
      facts: [],
      skips: [
        { source: 'compose:shop', file: 'missing.yml', reason: 'no such file or directory', unread: true },
        {
          source: 'compose:shop',
          file: 'empty',
          reason:
            'the directory holds none of compose.yaml, compose.yml, docker-compose.yaml, docker-compose.yml',
          unread: true,
        },
      ],
    });
  });

  it('has strict options', () => {
    expect(composeSource.options.safeParse({}).success).toBe(true);
    expect(composeSource.options.safeParse({ project: 'shop' }).success).toBe(false);
  });
});
