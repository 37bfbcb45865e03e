import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runParity } from '../test-support/cli.js';

const own = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

describe('parity --version', () => {
  it("is this installation's version, not that of the project npx runs it in", async () => {
    // npm and npx set npm_package_version to the version of the project they run in.
    const { code, stdout } = await runParity(['--version'], { env: { npm_package_version: '9.9.9' } });
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(own);
    expect(own).not.toBe('9.9.9');
  });
});
