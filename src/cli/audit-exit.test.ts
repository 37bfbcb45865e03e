import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The built CLI, as users run it (`npm test` builds before the tests run).
const bin = fileURLToPath(new URL('../../dist/cli/bin.js', import.meta.url));
const example = fileURLToPath(new URL('../../examples/shop/', import.meta.url));
let dir: string;
let original: string;

function parity(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.PARITY_DEMO_PRODUCTION_DB_URL;
  delete env.PARITY_DEMO_STAGING_DB_URL;
  const run = spawnSync(process.execPath, [bin, ...args], { cwd: dir, env, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A copy of the example's parity.yaml with one text replaced, and the line it lands on. */
function variant(from: string, to: string, after = 0): number {
  const at = original.indexOf(from, after);
  expect(at).toBeGreaterThanOrEqual(0);
  writeFileSync(path.join(dir, 'parity.yaml'), original.slice(0, at) + to + original.slice(at + from.length));
  return original.slice(0, at).split('\n').length;
}

beforeAll(() => {
  expect(existsSync(bin), 'run `npm run build` first').toBe(true);
  dir = mkdtempSync(path.join(tmpdir(), 'parity-typo-'));
  cpSync(example, dir, { recursive: true });
  original = readFileSync(path.join(dir, 'parity.yaml'), 'utf8');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parity audit on a typo’d copy of the bundled example', () => {
  it('exits 2 and names every mistake with parity.yaml:line and a did-you-mean', () => {
    const staging = original.indexOf('  staging:');
    const kindLine = original.slice(0, original.indexOf('kind: kubernetes', staging)).split('\n').length;
    const typo = original
      .replace(
        'path: observability/production/alertmanager.yml',
        'path: observability/production/alertmanagr.yml',
      )
      .replace(/( {2}staging:[\s\S]*?)kind: kubernetes/, '$1kind: kubernets');
    writeFileSync(path.join(dir, 'parity.yaml'), typo);
    const pathLine = typo.slice(0, typo.indexOf('alertmanagr.yml')).split('\n').length - 1;
    const run = parity(['audit']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('parity: 2 configuration errors:');
    expect(run.stderr).toContain(
      `parity.yaml:${pathLine}: production: the alertmanager source's path "observability/production/alertmanagr.yml" does not exist; did you mean "observability/production/alertmanager.yml"?`,
    );
    expect(run.stderr).toContain(
      `parity.yaml:${kindLine}: unknown source kind "kubernets"; did you mean "kubernetes"?`,
    );
    // --allow-partial accepts sources that read nothing, never configuration errors.
    expect(parity(['audit', '--allow-partial']).code).toBe(2);
  });

  it('exits 2 when a required source reads nothing; --allow-partial accepts it and the first screen says what was not read', () => {
    mkdirSync(path.join(dir, 'deploy/staging-next'), { recursive: true });
    writeFileSync(path.join(dir, 'deploy/staging-next/README.md'), 'Manifests move here next quarter.\n');
    const line = variant('path: deploy/staging/', 'path: deploy/staging-next/') - 1;
    const strict = parity(['audit']);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain('parity: the audit could not judge (exit 2):');
    expect(strict.stderr).toContain(
      `staging: the kubernetes source kubernetes:deploy/staging-next/ (parity.yaml:${line}) read nothing`,
    );

    const partial = parity(['audit', '--allow-partial']);
    expect(partial.code).toBe(1);
    const firstScreen = partial.stdout.split('\n').slice(0, 24).join('\n');
    // The summary first, then what could not be read.
    expect(firstScreen).toMatch(
      /^Parity audit: staging against production\n[^\n]+\n(?:[^\n]+\n)?\nCould not read: 3 sources read nothing, 3 skips\n/,
    );
    expect(firstScreen).toContain(
      `staging     kubernetes:deploy/staging-next/  parity.yaml:${line}  read nothing: deploy/staging-next/:`,
    );
    expect(firstScreen).toMatch(/Not compared: \d+ subjects seen on one side only/);
    // Production's workloads are not "missing" from staging: staging's manifests were not read.
    expect(partial.stdout).not.toContain('runs in production only');
  });
});

describe('parity demo', () => {
  it('still runs and exits 0 without its databases', () => {
    const run = parity(['demo', '--no-db']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Parity audit: staging against production');
  });
});
