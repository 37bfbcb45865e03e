import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The built CLI, as users run it (`npm test` builds before the tests run).
const bin = fileURLToPath(new URL('../../dist/cli/bin.js', import.meta.url));
const example = fileURLToPath(new URL('../../examples/shop/', import.meta.url));
let dir: string;

function parity(args: string[], extra: NodeJS.ProcessEnv = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extra };
  delete env.PARITY_DEMO_PRODUCTION_DB_URL;
  delete env.PARITY_DEMO_STAGING_DB_URL;
  const run = spawnSync(process.execPath, [bin, ...args], { cwd: dir, env, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

beforeAll(() => {
  expect(existsSync(bin), 'run `npm run build` first').toBe(true);
  dir = mkdtempSync(path.join(tmpdir(), 'parity-flags-'));
  cpSync(example, dir, { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('audit report flags on the bundled example', () => {
  it('JSON carries the summary counts and the exit status the process returns', () => {
    for (const failOn of ['low', 'critical']) {
      const run = parity(['audit', '--allow-partial', '-f', 'json', '--fail-on', failOn]);
      const json = JSON.parse(run.stdout);
      expect(json.exitCode).toBe(run.code);
      expect(json.summary.undecided).toBeGreaterThan(0);
      expect(json.summary.bySeverity.critical).toBeGreaterThan(0);
    }
    // Could not judge (a required source reads nothing): 2, in the JSON too.
    const partial = parity(['audit', '-f', 'json']);
    expect(JSON.parse(partial.stdout).exitCode).toBe(partial.code);
  });

  it('--min-severity filters what is shown, never what fails', () => {
    const all = parity(['audit', '--allow-partial']);
    const some = parity(['audit', '--allow-partial', '--min-severity', 'critical']);
    expect(some.code).toBe(all.code);
    expect(some.code).toBe(1);
    expect(some.stdout).toMatch(/\d+ findings below critical not shown \(--min-severity critical\)/);
    expect(some.stdout).not.toMatch(/^ {2}(HIGH|MEDIUM|LOW) /m);
    const json = JSON.parse(
      parity(['audit', '--allow-partial', '-f', 'json', '--min-severity', 'high']).stdout,
    );
    expect(json.minSeverity.severity).toBe('high');
    expect(json.minSeverity.notShown).toBeGreaterThan(0);
    expect(parity(['audit', '--min-severity', 'severe']).code).toBe(2);
  });

  it('fits COLUMNS=80 when standard output is not a terminal', () => {
    const run = parity(['audit', '--allow-partial'], { COLUMNS: '80' });
    const lines = run.stdout.split('\n');
    expect(Math.max(...lines.map((l) => stringWidth(l)))).toBeLessThanOrEqual(80);
    expect(Math.max(...lines.map((l) => stringWidth(l)))).toBeGreaterThan(70);
  });

  it('demo prints paths relative to the example, wherever it is run from', () => {
    const run = parity(['demo', '--no-db']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/ {2}orders-db {2}parity\.yaml:\d+ {2}read nothing/);
    expect(run.stdout).not.toContain('examples/shop/');
    expect(run.stdout).not.toContain('../');
    expect(run.stdout).not.toContain(example);
  });
});
