import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The audit's whole JSON report, byte for byte, on a generated estate and the bundled example:
// speed work (issue 14) restructures collection, comparison and the report, and must not change
// one character of what is written. The golden files were written by the build before that work.
// PARITY_UPDATE_GOLDEN=1 rewrites them (only when a change of output is intended and reviewed).
const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = process.env.PARITY_GOLDEN_BIN ?? path.join(root, 'dist/cli/bin.js');
const golden = (name: string) => path.join(root, 'src/cli/__fixtures__/report-golden', name);
let dir: string;

/** What differs between two runs of one build: the time and the per-run fingerprint key. */
function normalise(report: string): string {
  return report
    .replace(/"generatedAt": "[^"]*"/, '"generatedAt": "-"')
    .replace(/"fingerprint": "[^"]*"/g, '"fingerprint": "-"')
    .replace(/fingerprint [0-9a-f]{12}/g, 'fingerprint -');
}

function audit(cwd: string): string {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.PARITY_DEMO_PRODUCTION_DB_URL;
  delete env.PARITY_DEMO_STAGING_DB_URL;
  const out = path.join(dir, `report-${path.basename(cwd)}.json`);
  const run = spawnSync(process.execPath, [bin, 'audit', '-c', 'parity.yaml', '-f', 'json', '-o', out], {
    cwd,
    env,
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(1);
  return normalise(readFileSync(out, 'utf8'));
}

function expectGolden(name: string, report: string): void {
  if (process.env.PARITY_UPDATE_GOLDEN === '1') writeFileSync(golden(name), report);
  expect(report === readFileSync(golden(name), 'utf8'), `${name} differs from its golden file`).toBe(true);
}

beforeAll(() => {
  expect(existsSync(bin), 'run `npm run build` first').toBe(true);
  dir = mkdtempSync(path.join(tmpdir(), 'parity-golden-'));
  execFileSync(process.execPath, [
    path.join(root, 'bench/estate-generate.mjs'),
    path.join(dir, 'estate'),
    '6',
    '3',
  ]);
  cpSync(path.join(root, 'examples/shop'), path.join(dir, 'shop'), { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the JSON report is unchanged by speed work', () => {
  it('on a generated estate (6 Deployments and 3 CronJobs per environment, renames, scale)', () => {
    expectGolden('estate-6.json', audit(path.join(dir, 'estate')));
  });
  it('on the bundled example (every source kind it declares)', () => {
    expectGolden('shop.json', audit(path.join(dir, 'shop')));
  });
});
