import path from 'node:path';
import { glob } from 'tinyglobby';
import { readRegularFileSync } from '../regular-file.js';
import type { RepositoryView } from './discover.js';

const IGNORE = [
  '**/node_modules/**',
  '**/.git/**',
  '**/dist/**',
  '**/build/**',
  '**/vendor/**',
  '**/.venv/**',
  '**/target/**',
  '**/.terraform/**',
];
const MAX_FILES = 50_000;
const MAX_PEEK = 256 * 1024;

/** The repository as discovery sees it: its files (bounded) and a peek into small text files. */
export async function repositoryView(
  root: string,
): Promise<RepositoryView & { truncated: boolean; unreadable: Map<string, string> }> {
  const all = await glob('**/*', { cwd: root, dot: true, onlyFiles: true, ignore: IGNORE, deep: 10 });
  const files = all.slice(0, MAX_FILES).map((f) => f.split(path.sep).join('/'));
  const unreadable = new Map<string, string>();
  return {
    files,
    truncated: all.length > MAX_FILES,
    unreadable,
    read(file) {
      try {
        const full = path.join(root, file);
        return readRegularFileSync(full, MAX_PEEK).toString('utf8');
      } catch (error) {
        unreadable.set(file, error instanceof Error ? error.message : String(error));
        return undefined;
      }
    },
  };
}
