import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The built CLI, as users run it (`npm test` builds before the tests run).
const bin = fileURLToPath(new URL('../../dist/cli/bin.js', import.meta.url));
const made: string[] = [];

function init(fixture: string, args: string[] = []) {
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-init-cmd-'));
  made.push(dir);
  cpSync(fileURLToPath(new URL(`./__fixtures__/${fixture}/`, import.meta.url)), dir, { recursive: true });
  const run = spawnSync(process.execPath, [bin, 'init', '--baseline', 'production', ...args], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: '1' },
    encoding: 'utf8',
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr, dir };
}

beforeAll(() => expect(existsSync(bin), 'run `npm run build` first').toBe(true));
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

describe('parity init says what it did, and its exit code is about init', () => {
  it('never calls an environment production that is not named so, and says no production was found', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-init-cmd-'));
    made.push(dir);
    cpSync(fileURLToPath(new URL('./__fixtures__/compose-no-production/', import.meta.url)), dir, {
      recursive: true,
    });
    const run = spawnSync(process.execPath, [bin, 'init', '--no-audit'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1' },
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    const policy = readFileSync(path.join(dir, 'parity.yaml'), 'utf8');
    // The most production-like environment found is the baseline, and is not marked production.
    expect(policy).toMatch(/^baseline: stg /m);
    expect(policy).not.toMatch(/production: true/);
    expect(policy).toContain('# No environment is named as production');
    expect(run.stderr).toMatch(
      /no environment is named as production .*: stg is the baseline and is not marked/,
    );
  });

  it('exits 0 after writing parity.yaml although the first audit is partial, and says so in words', () => {
    const run = init('terraform-state-per-folder');
    expect(existsSync(path.join(run.dir, 'parity.yaml'))).toBe(true);
    expect(run.stderr).toMatch(/The first audit is partial: \d+ required sources? read nothing/);
    expect(run.stderr).toContain('What the first audit could not read:');
    expect(run.code).toBe(0);
    // The editor schema line points at a schema that exists, from where parity.yaml is.
    const first = readFileSync(path.join(run.dir, 'parity.yaml'), 'utf8').split('\n')[0]!;
    const schema = /^# yaml-language-server: \$schema=(.+)$/.exec(first)?.[1];
    expect(schema).toBeDefined();
    expect(existsSync(path.resolve(run.dir, schema!))).toBe(true);
  });

  it('prints each environment and why, its sources, the names not taken, what it set aside, and each TODO', () => {
    const run = init('preview-dotenv-and-reusable-workflows');
    expect(run.code).toBe(0);
    const err = run.stderr;
    expect(err).toContain('Environments found:');
    expect(err).toMatch(
      / {2}staging\n {4}because apps\/web\/\.env\.staging: a dotenv file named for staging/,
    );
    expect(err).toMatch(
      / {4}sources: dotenv apps\/web\/\.env\.staging; github-actions \.github\/workflows\//,
    );
    expect(err).toContain('Not taken as environments:');
    expect(err).toMatch(/ {2}test \(apps\/editor\/\.env\.test\): /);
    expect(err).toContain('Set aside (not evidence of an environment):');
    expect(err).toMatch(/short-lived environments \("pull request"\), not staging: \.env\.staging/);
    const todo = readFileSync(path.join(run.dir, 'parity.yaml'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('# TODO: '))
      .map((l) => l.slice('# TODO: '.length));
    expect(todo.length).toBeGreaterThan(0);
    for (const t of todo) expect(err).toContain(`  - ${t}`);
  });

  it('--baseline production finds the repository spelling `prod`', () => {
    const run = init('helm-chart-below-env-values', ['--no-audit']);
    expect(run.code).toBe(0);
    expect(readFileSync(path.join(run.dir, 'parity.yaml'), 'utf8')).toMatch(/^baseline: prod\b/m);
  });
});
