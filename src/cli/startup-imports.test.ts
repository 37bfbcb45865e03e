import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PARITY_BIN } from '../test-support/cli.js';

const BIN = process.env.PARITY_TEST_BIN ?? PARITY_BIN;
const DIST = path.dirname(path.dirname(BIN));
const RECORDER = fileURLToPath(new URL('./__fixtures__/module-load-recorder/register.mjs', import.meta.url));

/** Every file `parity ARGS` loads (through node:module hooks), relative to dist/ or node_modules/. */
async function modulesLoadedBy(args: string[]): Promise<string[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'parity-loads-'));
  const log = path.join(dir, 'loads.txt');
  try {
    await new Promise<void>((resolve, reject) =>
      execFile(
        process.execPath,
        ['--import', RECORDER, BIN, ...args],
        { env: { ...process.env, PARITY_LOAD_LOG: log, NO_COLOR: '1' }, timeout: 60_000 },
        // Exit 1 is an audit's "undecided divergences", not a failure to run.
        (error) => (error && error.code !== 1 ? reject(error) : resolve()),
      ),
    );
    return (await readFile(log, 'utf8'))
      .split('\n')
      .filter((url) => url.startsWith('file:'))
      .map((url) => fileURLToPath(url))
      .map((file) =>
        file.startsWith(DIST)
          ? `dist/${path.relative(DIST, file)}`
          : file.replace(/^.*\/node_modules\//, 'node_modules/'),
      );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// Start-up time is the modules a command loads (issue 14: `parity --help` <= 100 ms cold). These
// check what is loaded, not how long it takes, so they hold on a busy machine.
describe('what a command imports at start-up', () => {
  it('--help loads the command table only: commander, src/cli, errors, redaction, plain constants', async () => {
    const loaded = await modulesLoadedBy(['--help']);
    expect(loaded).toContain('dist/cli/program.js');
    const allowed =
      /^(dist\/cli\/(?!progress\.js|published-schemas\.js|write-schemas\.js)|dist\/errors\.js$|dist\/regular-file\.js$|dist\/secrets\/(redact|names|shapes)\.js$|dist\/model\/constants\.js$|node_modules\/commander\/)/;
    expect(loaded.filter((file) => !allowed.test(file))).toEqual([]);
    // The command modules themselves load only when their command runs.
    const commandBodies =
      /^dist\/cli\/commands\/(audit|compare|decide|decide-interactive|demo|explain|init|snapshot|sources)\.js$|^dist\/cli\/commands\/(data|traffic)\/(?!index\.js|plans\.js|rehearse\.js|shared\.js)/;
    expect(loaded.filter((file) => commandBodies.test(file))).toEqual([]);
  });

  it('`parity explain RULE` loads the rules, not the sources, the config loader, YAML or zod', async () => {
    const loaded = await modulesLoadedBy(['explain', 'config.timeout-differs']);
    expect(loaded).toContain('dist/rules/index.js');
    const heavy =
      /^(dist\/(sources|config|collect|pipeline|traffic|data|init)\/|dist\/model\/(json-schemas|snapshot|audit|divergence)\.js|node_modules\/(zod|yaml|js-yaml|pg|@inquirer)\/)/;
    expect(loaded.filter((file) => heavy.test(file))).toEqual([]);
  });

  it('an audit loads the extractors of the source kinds parity.yaml names, no other, and no detector', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'parity-kinds-'));
    try {
      const manifest = (env: string) =>
        `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  replicas: ${env === 'production' ? 3 : 1}\n  template:\n    spec:\n      containers: [{name: api, image: 'app:1'}]\n`;
      for (const env of ['production', 'staging']) {
        await mkdir(path.join(dir, env));
        await writeFile(path.join(dir, env, 'api.yaml'), manifest(env));
      }
      const config = path.join(dir, 'parity.yaml');
      await writeFile(
        config,
        'version: 1\nbaseline: production\nenvironments:\n  production:\n    sources: [{kind: kubernetes, path: production/}]\n  staging:\n    sources: [{kind: kubernetes, path: staging/}]\n',
      );
      const loaded = await modulesLoadedBy([
        'audit',
        '-c',
        config,
        '-f',
        'json',
        '-o',
        path.join(dir, 'out.json'),
      ]);
      expect(loaded).toContain('dist/sources/kubernetes/extract.js');
      const otherExtractors = loaded.filter(
        (file) =>
          (/^dist\/sources\/[^/]+\/(extract|render|parse|state|plan-facts|read)\.js$/.test(file) ||
            /^dist\/postgres\/(session|catalog|catalog-sql|explain|schema-ddl|embedded)\.js$/.test(file)) &&
          !file.startsWith('dist/sources/kubernetes/'),
      );
      expect(otherExtractors).toEqual([]);
      // The detectors are init's (src/sources/detectors.ts), not the audit's.
      expect(loaded.filter((file) => /^dist\/sources\/([^/]+\/detect|detectors)\.js$/.test(file))).toEqual(
        [],
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
