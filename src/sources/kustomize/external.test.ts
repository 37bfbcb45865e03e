import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOnPath } from '../files.js';
import { createFingerprinter } from '../secrets.js';
import type { SourceResult } from '../types.js';
import { errorLine, runRenderer } from './external.js';
import { extractRenderedOutput } from './extract.js';
import { chooseRenderer, collectKustomize } from './render.js';

const BASE_DIR = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
const PATH = process.env.PATH ?? '';
const kubectl = await findOnPath('kubectl', PATH);
const scratch = mkdtempSync(path.join(tmpdir(), 'parity-kustomize-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function render(
  p: string,
  renderer: 'builtin' | 'kubectl' | 'kustomize',
  pathEnv = PATH,
): Promise<SourceResult> {
  return collectKustomize({
    source: 'kustomize',
    paths: [p],
    baseDir: BASE_DIR,
    renderer,
    pathEnv,
    fingerprint: createFingerprinter('test-key'),
  });
}

/** A stand-in executable on a scratch PATH (a real kustomize never hangs on local files, so a sleeping one stands for a hung remote fetch). */
function fakeTool(name: string, script: string): string {
  const dir = mkdtempSync(path.join(scratch, `${name}-`));
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${script}\n`);
  chmodSync(file, 0o755);
  return dir;
}

const valuesOf = (r: SourceResult) => r.facts.map((f) => `${f.key} = ${JSON.stringify(f.value)}`).sort();

const PLANTED = [
  'sk_live_PLANTEDprodStripe51Hx',
  'PLANTED-prod-db-password-9d1',
  'sk_test_PLANTEDstagingStripe77',
  'PLANTED-staging-db-password-4c2',
];

describe.skipIf(!kubectl)('kustomize through kubectl kustomize', () => {
  let staging: SourceResult;
  let production: SourceResult;
  beforeAll(async () => {
    [staging, production] = await Promise.all([
      render('shop/staging', 'kubectl'),
      render('shop/production', 'kubectl'),
    ]);
  });

  it('gives the same facts as the built-in renderer on the shop overlays', async () => {
    expect(staging.skips).toEqual([]);
    expect(valuesOf(staging)).toEqual(valuesOf(await render('shop/staging', 'builtin')));
    expect(valuesOf(production)).toEqual(valuesOf(await render('shop/production', 'builtin')));
  });

  it('keeps every planted secret out of facts and skips', () => {
    const json = JSON.stringify([staging, production]);
    for (const secret of PLANTED) expect(json).not.toContain(secret);
  });

  it('places each value at the base or patch line that wrote it, as the built-in renderer does, and drops name hashes', async () => {
    const builtin = await render('shop/staging', 'builtin');
    const where = new Map(builtin.facts.map((f) => [f.key, `${f.origin.file}:${f.origin.line}`]));
    const image = staging.facts.find((f) => f.key === 'infra/workload/checkout-stg/container/app/image');
    expect(image?.origin).toEqual({ source: 'kustomize', file: 'shop/staging/kustomization.yaml', line: 10 });
    const placed = staging.facts.filter((f) => f.origin.line !== undefined);
    expect(placed.length).toBeGreaterThan(staging.facts.length * 0.9);
    for (const f of placed)
      expect(`${f.key} ${f.origin.file}:${f.origin.line}`).toBe(`${f.key} ${where.get(f.key)}`);
    expect(staging.facts.map((f) => f.key)).toContain('config/configmap/checkout-config-stg/CURRENCY');
  });

  it('keeps a value the built-in renderer cannot reproduce (replacements) at the overlay and command, with no line', async () => {
    const result = await render('replacements-schedule', 'kubectl');
    const schedule = result.facts.find((f) => f.key === 'deploys/cronjob/nightly-report/schedule');
    expect(schedule?.value).toBe('30 5 * * *');
    expect(schedule?.origin).toEqual({
      source: 'kustomize',
      file: 'replacements-schedule/kustomization.yaml',
      query: 'kubectl kustomize replacements-schedule',
    });
    // What replacements did not touch is still placed at the base line that wrote it.
    const image = result.facts.find((f) => f.key === 'infra/workload/checkout/container/app/image');
    expect(image?.origin.file).toBe('shop/base/checkout-deployment.yaml');
    expect(image?.origin.line).toBeGreaterThan(0);
  });

  it('reports a failed render with kustomize’s own error, no facts', async () => {
    const result = await render('cycle-between-overlays/a', 'kubectl');
    expect(result.facts).toEqual([]);
    expect(result.skips).toHaveLength(1);
    expect(result.skips[0]).toMatchObject({ file: 'cycle-between-overlays/a/kustomization.yaml' });
    expect(result.skips[0]!.reason).toMatch(
      /^overlay not rendered: `kubectl` failed: accumulating resources/,
    );
  });
});

describe('choosing a renderer', () => {
  it('prefers kustomize, then kubectl, then the built-in renderer', async () => {
    const both = `${fakeTool('kustomize', 'exit 0')}${path.delimiter}${fakeTool('kubectl', 'exit 0')}`;
    expect((await chooseRenderer('k', 'auto', both)).kind).toBe('kustomize');
    expect((await chooseRenderer('k', 'auto', fakeTool('kubectl', 'exit 0'))).kind).toBe('kubectl');
    expect(await chooseRenderer('k', 'auto', '')).toEqual({ kind: 'builtin' });
  });

  it('says so when the renderer asked for is not installed', async () => {
    const result = await render('shop/staging', 'kustomize', '');
    expect(result).toEqual({
      facts: [],
      skips: [
        {
          source: 'kustomize',
          reason:
            'renderer: kustomize was asked for, but kustomize is not on PATH; nothing rendered (renderer: builtin needs no tool)',
        },
      ],
    });
  });

  it('gives up on a renderer that does not finish', async () => {
    const dir = fakeTool('kustomize', 'sleep 5');
    const started = Date.now();
    const run = await runRenderer('kustomize', path.join(dir, 'kustomize'), BASE_DIR, 200);
    expect(run).toEqual({ reason: '`kustomize` did not finish within 200 ms' });
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('rendered output', () => {
  it('drops kustomize’s hash suffix from generated names and from references to them', () => {
    const text = [
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: checkout-config-stg-f4657g472k\ndata:\n  CURRENCY: EUR\n',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: checkout-stg\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          envFrom:\n            - configMapRef:\n                name: checkout-config-stg-f4657g472k\n',
    ].join('---\n');
    const result = extractRenderedOutput(
      [
        {
          text,
          kustomization: 'deploy/staging/kustomization.yaml',
          command: 'kustomize build deploy/staging',
        },
      ],
      [],
      { source: 'k', fingerprint: createFingerprinter('x') },
    );
    expect(result.facts.filter((f) => f.key.startsWith('config/')).map((f) => [f.key, f.value])).toEqual([
      ['config/configmap/checkout-config-stg/CURRENCY', 'EUR'],
      ['config/env/checkout-stg/CURRENCY', 'EUR'],
    ]);
  });

  it('shows kustomize’s error without values that could be secrets', () => {
    const stderr = [
      "# Warning: 'commonLabels' is deprecated.",
      'E1122 03:51:52.443950   31712 run.go:72] "command failed" err="invalid literal DB_PASSWORD=PLANTED-hunter2 in secretGenerator with token sk_live_PLANTED51HxYzAbc"',
    ].join('\n');
    const line = errorLine(stderr);
    expect(line).toBe('invalid literal DB_PASSWORD=… in secretGenerator with token (secret)');
    expect(line).not.toContain('PLANTED');
  });
});

// Found by the attack run (bench/attack): an external renderer reads the overlay's files itself,
// past the regular-file and size checks of Parity's own reader. A FIFO as kustomization.yaml held
// `kubectl kustomize` until its 60 s timeout; a 2 GB sparse file took it to 1.5 GB resident.
// Now every file of the overlay is checked first (preflight.ts).
describe.skipIf(!kubectl || process.platform === 'win32')('external renderer and hostile files', () => {
  it('refuses a FIFO kustomization.yaml as not a regular file, without waiting for kubectl', async () => {
    const { execFileSync } = await import('node:child_process');
    const { mkdirSync } = await import('node:fs');
    const dir = path.join(scratch, 'fifo-overlay');
    mkdirSync(dir, { recursive: true });
    execFileSync('mkfifo', [path.join(dir, 'kustomization.yaml')]);
    const result = await collectKustomize({
      source: 'kustomize',
      paths: [dir],
      baseDir: scratch,
      renderer: 'kubectl',
      pathEnv: PATH,
      fingerprint: createFingerprinter('test-key'),
      timeoutMs: 2000,
    });
    expect(result.skips.map((s) => s.reason).join('\n')).toMatch(/not a regular file/);
  });

  it('refuses an overlay whose YAML aliases expand past the loader budget, before kubectl reads it', async () => {
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const dir = path.join(scratch, 'bomb-overlay');
    mkdirSync(dir, { recursive: true });
    const refs = Array.from({ length: 2000 }, (_, i) => `    v${i}: *big`).join('\n');
    writeFileSync(path.join(dir, 'kustomization.yaml'), `resources: [cm.yaml]\n`);
    writeFileSync(
      path.join(dir, 'cm.yaml'),
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\nanchor: &big "${'x'.repeat(200_000)}"\ndata:\n  nested:\n${refs}\n`,
    );
    const result = await collectKustomize({
      source: 'kustomize',
      paths: [dir],
      baseDir: scratch,
      renderer: 'kubectl',
      pathEnv: PATH,
      fingerprint: createFingerprinter('test-key'),
      timeoutMs: 20_000,
    });
    expect(result.skips.map((s) => s.reason).join('\n')).toMatch(/not handed to `kubectl`: .*alias bomb/);
  });
});
