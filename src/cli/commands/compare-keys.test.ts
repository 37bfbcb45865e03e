import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runParity } from '../../test-support/cli.js';

/** Snapshots taken with different fingerprint keys: said in every report format, not only on stderr. */
describe('compare with snapshots fingerprinted under different keys', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'parity-keys-'));
    // The same database password on both sides: with one key it is a shared secret.
    writeFileSync(path.join(dir, 'production.env'), 'DATABASE_PASSWORD=Zq8!vR2#kP9wL4mX\nTIMEOUT=5\n');
    writeFileSync(path.join(dir, 'staging.env'), 'DATABASE_PASSWORD=Zq8!vR2#kP9wL4mX\nTIMEOUT=5\n');
    writeFileSync(
      path.join(dir, 'parity.yaml'),
      'version: 1\nbaseline: production\nenvironments:\n  production:\n    sources: [{kind: dotenv, path: production.env, workload: api}]\n  staging:\n    sources: [{kind: dotenv, path: staging.env, workload: api}]\n',
    );
    for (const [env, key] of [
      ['production', 'key-one'],
      ['staging', 'key-two'],
    ] as const) {
      const run = await runParity(['snapshot', env, '-o', `${env}.json`], {
        cwd: dir,
        env: { PARITY_FINGERPRINT_KEY: key },
      });
      expect(run.code, run.stderr).toBe(0);
    }
  }, 60_000);

  it.each(['text', 'markdown', 'json'])(
    '%s: the report says so, and access is not parity',
    async (format) => {
      const run = await runParity(['compare', 'production.json', 'staging.json', '-f', format], { cwd: dir });
      expect(run.stdout).toMatch(/fingerprinted with different\s+keys/);
      if (format === 'json') {
        const audit = JSON.parse(run.stdout) as {
          comparisons: { dimensions: { dimension: string; status: string }[] }[];
        };
        const access = audit.comparisons[0]!.dimensions.find((d) => d.dimension === 'access')!;
        expect(access.status).not.toBe('parity');
      }
    },
    60_000,
  );

  it("warns when the argument order contradicts parity.yaml's baseline", async () => {
    const reversed = await runParity(['compare', 'staging.json', 'production.json', '-c', 'parity.yaml'], {
      cwd: dir,
    });
    expect(reversed.stderr).toMatch(
      /warning: parity\.yaml names production the baseline, but its snapshot \(production\.json\) was given second; compare takes the baseline first: parity compare "production\.json" "staging\.json"/,
    );
    const inOrder = await runParity(['compare', 'production.json', 'staging.json', '-c', 'parity.yaml'], {
      cwd: dir,
    });
    expect(inOrder.stderr).not.toMatch(/warning/);
  }, 60_000);
});
