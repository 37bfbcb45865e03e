import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The built CLI, as users run it (`npm test` builds before the tests run).
const bin = fileURLToPath(new URL('../../dist/cli/bin.js', import.meta.url));
let dir: string;

function parity(args: string[]): { code: number | null; stderr: string } {
  const run = spawnSync(process.execPath, [bin, ...args], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: '1', PARITY_FINGERPRINT_KEY: 'test-key' },
    encoding: 'utf8',
  });
  return { code: run.status, stderr: run.stderr };
}

beforeAll(() => {
  expect(existsSync(bin), 'run `npm run build` first').toBe(true);
  dir = mkdtempSync(path.join(tmpdir(), 'parity-output-path-'));
  writeFileSync(path.join(dir, 'a.env'), 'A=1\n');
  writeFileSync(
    path.join(dir, 'parity.yaml'),
    'version: 1\nbaseline: production\nenvironments:\n  production:\n    sources: [{kind: dotenv, path: a.env, workload: w}]\n  staging:\n    sources: [{kind: dotenv, path: a.env, workload: w}]\n',
  );
  writeFileSync(
    path.join(dir, 'access.log'),
    '10.0.0.1 - - [06/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "x"\n',
  );
  expect(parity(['snapshot', 'production', '-o', 'snap.json']).code).toBe(0);
  writeFileSync(path.join(dir, 'broken.yaml'), 'version: 1\nenvironments: [not, a, map]\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an output path that cannot be written', () => {
  // Checked before any work: the sources' failure (a missing file) is never reached.
  it.each([
    ['audit', ['audit', '-c', 'broken.yaml', '-o', 'missing-dir/report.txt']],
    ['snapshot', ['snapshot', 'production', '-c', 'broken.yaml', '-o', 'missing-dir/snap.json']],
    ['compare', ['compare', 'no-such.json', 'snap.json', '-o', 'missing-dir/report.txt']],
    ['traffic k6', ['traffic', 'k6', 'no-such.log', '-o', 'missing-dir/k6.js']],
  ])('%s: -o is checked before anything is read', (_, args) => {
    const { code, stderr } = parity(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^parity: -o \S*missing-dir\/\S+: cannot write there: the directory \S*missing-dir does not exist\n$/,
    );
  });

  // Before: "internal error (please report it)" and a stack trace, for a user's typo.
  it.each([
    ['audit -o', ['audit', '-o', 'missing-dir/report.txt']],
    ['audit -o a directory', ['audit', '-o', '.']],
    ['compare -o', ['compare', 'snap.json', 'snap.json', '-o', 'missing-dir/report.txt']],
    ['snapshot -o', ['snapshot', 'production', '-o', 'missing-dir/snap.json']],
    ['traffic k6 -o', ['traffic', 'k6', 'access.log', '-o', 'missing-dir/k6.js']],
  ])('%s: exit 2 with the path and why, no stack trace', (_, args) => {
    const { code, stderr } = parity(args);
    expect(code).toBe(2);
    expect(stderr).not.toMatch(/internal error|\n\s+at /);
    expect(stderr).toMatch(
      /parity: -o (\S*missing-dir\/\S+|\.): cannot write there: (the directory \S*missing-dir does not exist|it is a directory)/,
    );
  });
});
