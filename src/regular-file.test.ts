import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRegularFile, readRegularFileSync } from './regular-file.js';
import { readSourceFiles } from './sources/files.js';
import { forEachLineBytes } from './traffic/logs/read-bytes.js';
import { forEachLine } from './traffic/logs/read-lines.js';

// Files that are not regular files: a FIFO blocks a plain read forever, /dev/zero never ends,
// /proc files say they are empty. Each case must end quickly with a reason.
const posix = process.platform !== 'win32' && existsSync('/dev/zero');
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'parity-regular-'));
  if (!posix) return;
  execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
  await symlink('/dev/zero', path.join(dir, 'zero.yaml'));
  await mkdir(path.join(dir, 'folder.yaml'));
  await symlink(path.join(dir, 'folder.yaml'), path.join(dir, 'folder-link.yaml'));
  await writeFile(path.join(dir, 'ok.yaml'), 'a: 1\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.runIf(posix)('reading only regular files, within the cap while reading', () => {
  it.each([
    ['pipe.yaml', 'not a regular file: a FIFO (named pipe)'],
    ['zero.yaml', 'not a regular file: a character device'],
    ['folder-link.yaml', 'not a regular file: a directory'],
  ])('refuses %s at once: %s', async (name, message) => {
    const file = path.join(dir, name);
    await expect(readRegularFile(file, 1024)).rejects.toThrow(message);
    expect(() => readRegularFileSync(file, 1024)).toThrow(message);
  });

  it('stops at the cap on the bytes read, not on what stat says (/proc says 0 bytes)', async () => {
    await expect(readRegularFile('/proc/self/status', 16)).rejects.toThrow('larger than the 0.0 MiB limit');
    expect(() => readRegularFileSync('/proc/self/status', 16)).toThrow('larger than');
    expect((await readRegularFile('/proc/self/status', 1 << 20)).toString()).toMatch(/^Name:/);
  });

  it('turns every kind into a skip for a source, in well under a second, and reads the rest', async () => {
    const started = performance.now();
    const read = await readSourceFiles('k8s', ['*.yaml', 'pipe.yaml', 'zero.yaml', '/dev/zero'], dir, {
      maxBytes: 1 << 20,
    });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(read.files.map((f) => f.display)).toEqual(['ok.yaml']);
    expect(read.skips.map((s) => [s.file, s.reason])).toEqual(
      expect.arrayContaining([
        ['pipe.yaml', 'not a regular file: a FIFO (named pipe)'],
        // A link out of the project is refused before it is opened; written literally, it is opened and refused.
        [
          'zero.yaml',
          'a symbolic link to outside the project; write the real path in parity.yaml to read it',
        ],
        ['/dev/zero', 'not a regular file: a character device'],
      ]),
    );
  });

  it('never streams a FIFO or /dev/zero as an access log', async () => {
    for (const name of ['pipe.yaml', 'zero.yaml']) {
      const file = path.join(dir, name);
      await expect(forEachLine(file, () => true)).rejects.toThrow('not a regular file');
      await expect(forEachLineBytes(file, () => true)).rejects.toThrow('not a regular file');
    }
  });
});
