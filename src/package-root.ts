import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'staging-parity';

let found: string | undefined;

/**
 * The folder of this installation's package.json, found by walking up from this module: the same
 * answer from src/ (tests), from the module build (dist/) and from the bundled CLI, whose chunks
 * all sit in dist/cli/chunks/ whichever source file their code came from. A path written relative
 * to import.meta.url would hold in one of these layouts only.
 */
export function packageRoot(): string {
  if (found) return found;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && isOurs(manifest)) {
      found = dir;
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new Error(
        `the ${PACKAGE_NAME} package.json was not found above ${fileURLToPath(import.meta.url)}`,
      );
    dir = parent;
  }
}

/** A file of this installation's package (package.json, examples/, schema/). */
export function packageFile(...segments: string[]): string {
  return path.join(packageRoot(), ...segments);
}

function isOurs(manifest: string): boolean {
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME;
  } catch {
    return false;
  }
}
