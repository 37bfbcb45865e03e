import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PARITY_BIN } from '../test-support/cli.js';

const BIN = process.env.PARITY_TEST_BIN ?? PARITY_BIN;
const DIST = path.dirname(path.dirname(BIN));
const RECORDER = fileURLToPath(new URL('./__fixtures__/module-load-recorder/register.mjs', import.meta.url));

/**
 * The CLI two ways: the bundle users run (dist/cli/bin.js and its chunks, scripts/bundle-cli.mjs),
 * and tsc's modules build of the same code (dist/cli/main.js), one file per source module. The
 * checks below name source modules; for the bundle, a chunk stands for the modules in it
 * (chunks/modules.json), so each lazy boundary is checked on what ships.
 */
const BUILDS = [
  { name: 'bundle', entry: BIN, chunks: path.join(DIST, 'cli', 'chunks', 'modules.json') },
  { name: 'modules', entry: path.join(DIST, 'cli', 'main.js'), chunks: undefined },
] as const;
type Build = (typeof BUILDS)[number];

/** The bundle's files (relative to dist/cli/) and the source modules each holds. */
function chunkModules(build: Build): Record<string, string[]> | undefined {
  return build.chunks
    ? (JSON.parse(readFileSync(build.chunks, 'utf8')) as Record<string, string[]>)
    : undefined;
}

/** Every file `parity ARGS` loads (through node:module hooks), relative to dist/ or node_modules/. */
async function filesLoadedBy(build: Build, args: string[]): Promise<string[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'parity-loads-'));
  const log = path.join(dir, 'loads.txt');
  try {
    await new Promise<void>((resolve, reject) =>
      execFile(
        process.execPath,
        ['--import', RECORDER, build.entry, ...args],
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

/** The source modules `parity ARGS` loads: in the bundle, those of every chunk it loads. */
async function modulesLoadedBy(build: Build, args: string[]): Promise<string[]> {
  const files = await filesLoadedBy(build, args);
  const chunks = chunkModules(build);
  if (!chunks) return files;
  return files.flatMap((file) => {
    if (!file.startsWith('dist/cli/')) return [file];
    const inChunk = chunks[file.slice('dist/cli/'.length)];
    if (!inChunk) throw new Error(`${file} is not in chunks/modules.json: a stale bundle?`);
    return inChunk;
  });
}

/** Two environments of one Deployment each; staging runs `stagingImage`. Returns parity.yaml's path. */
/** The modules `parity audit -c <config> -f json` loads, its report written into `dir`. */
function jsonAuditLoads(build: Build, dir: string, config: string): Promise<string[]> {
  return modulesLoadedBy(build, ['audit', '-c', config, '-f', 'json', '-o', path.join(dir, 'out.json')]);
}

async function writeEstate(dir: string, stagingImage: string): Promise<string> {
  const manifest = (env: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  replicas: ${env === 'production' ? 3 : 1}\n  template:\n    spec:\n      containers: [{name: api, image: '${env === 'production' ? 'app:1' : stagingImage}'}]\n`;
  for (const env of ['production', 'staging']) {
    await mkdir(path.join(dir, env));
    await writeFile(path.join(dir, env, 'api.yaml'), manifest(env));
  }
  const config = path.join(dir, 'parity.yaml');
  await writeFile(
    config,
    'version: 1\nbaseline: production\nenvironments:\n  production:\n    sources: [{kind: kubernetes, path: production/}]\n  staging:\n    sources: [{kind: kubernetes, path: staging/}]\n',
  );
  return config;
}

// Start-up time is the modules a command loads (issue 14: `parity --help` <= 100 ms cold). These
// check what is loaded, not how long it takes, so they hold on a busy machine.
describe.each(BUILDS)('what a command imports at start-up ($name build)', (build) => {
  it('--help loads the command table only: commander, src/cli, errors, redaction, plain constants', async () => {
    const loaded = await modulesLoadedBy(build, ['--help']);
    expect(loaded).toContain('dist/cli/program.js');
    const allowed =
      /^(dist\/cli\/(?!progress\.js|published-schemas\.js|write-schemas\.js)|dist\/errors\.js$|dist\/regular-file\.js$|dist\/package-root\.js$|dist\/secrets\/(redact|names|shapes)\.js$|dist\/model\/constants\.js$|node_modules\/commander\/)/;
    expect(loaded.filter((file) => !allowed.test(file))).toEqual([]);
    // The command modules themselves load only when their command runs.
    const commandBodies =
      /^dist\/cli\/commands\/(audit|compare|decide|decide-interactive|demo|explain|init|snapshot|sources)\.js$|^dist\/cli\/commands\/(data|traffic)\/(?!index\.js|plans\.js|rehearse\.js|shared\.js)/;
    expect(loaded.filter((file) => commandBodies.test(file))).toEqual([]);
  });

  it('`parity explain RULE` loads the rules, not the sources, the config loader, YAML or zod', async () => {
    const loaded = await modulesLoadedBy(build, ['explain', 'config.timeout-differs']);
    expect(loaded).toContain('dist/rules/index.js');
    const heavy =
      /^(dist\/(sources|config|collect|pipeline|traffic|data|init)\/|dist\/model\/(json-schemas|snapshot|audit|divergence)\.js|node_modules\/(zod|yaml|js-yaml|pg|@inquirer|string-width)\/)/;
    expect(loaded.filter((file) => heavy.test(file))).toEqual([]);
  });

  it('an audit loads the extractors of the source kinds parity.yaml names, no other, and no detector', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'parity-kinds-'));
    try {
      const loaded = await jsonAuditLoads(build, dir, await writeEstate(dir, 'app:1'));
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
      // Widths are measured for text only, and string-width is loaded for text that is not plain.
      expect(loaded.filter((file) => file.startsWith('node_modules/string-width/'))).toEqual([]);
      // The RE2 engine is for patterns (renames, matchers); this parity.yaml has none.
      expect(loaded.filter((file) => file.startsWith('node_modules/re2js/'))).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('an audit whose parity.yaml renames loads the RE2 engine for its pattern', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'parity-rename-'));
    try {
      const config = await writeEstate(dir, 'app:1');
      await writeFile(
        config,
        `${await readFile(config, 'utf8')}rename:\n  - match: "-stg$"\n    replace: ""\n`,
      );
      const loaded = await jsonAuditLoads(build, dir, config);
      expect(loaded.some((file) => file.startsWith('node_modules/re2js/'))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a text report loads string-width only when a line holds more than plain text', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'parity-widths-'));
    try {
      const widths = async (image: string) => {
        await rm(dir, { recursive: true, force: true });
        await mkdir(dir);
        const config = await writeEstate(dir, image);
        const loaded = await modulesLoadedBy(build, ['audit', '-c', config, '-f', 'text']);
        return loaded.some((file) => file.startsWith('node_modules/string-width/'));
      };
      expect(await widths('app:2')).toBe(false);
      expect(await widths('app:日本')).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the bundle (scripts/bundle-cli.mjs)', () => {
  const bundle = BUILDS[0];

  it('is what `parity` runs, in a few files: fewer than a third of the modules build', async () => {
    const args = ['explain', 'config.timeout-differs'];
    const files = await filesLoadedBy(bundle, args);
    const modules = await filesLoadedBy(BUILDS[1], args);
    expect(files).toContain('dist/cli/bin.js');
    expect(files.filter((file) => file.startsWith('dist/') && !file.startsWith('dist/cli/'))).toEqual([]);
    expect(files.length).toBeLessThan(modules.length / 3);
  });

  it('keeps the traffic worker entry beside every chunk that starts it (parallel.ts: ./worker.js)', () => {
    // A missing worker.js is no error: parallel.ts then profiles on one thread, silently slower.
    const chunks = chunkModules(bundle) ?? {};
    const starters = Object.keys(chunks).filter((file) =>
      chunks[file]!.includes('dist/traffic/profile/parallel.js'),
    );
    expect(starters.length).toBeGreaterThan(0);
    for (const file of starters) {
      const worker = path.join(path.dirname(file), 'worker.js');
      expect(chunks[worker], `${worker} beside ${file}`).toContain('dist/traffic/profile/worker.js');
      expect(existsSync(path.join(DIST, 'cli', worker))).toBe(true);
    }
  });
});
