import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packageFile, packageRoot } from './package-root.js';

const SRC = path.dirname(fileURLToPath(import.meta.url));

/** The modules `npm run build` ships (tests, fixtures and test support aside). */
function shippedModules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === '__fixtures__' || entry.name === 'test-support' ? [] : shippedModules(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

describe('package files', () => {
  it('are found from the package root, wherever the code that asks sits', () => {
    expect(packageRoot()).toBe(path.dirname(SRC));
    expect(readFileSync(packageFile('package.json'), 'utf8')).toContain('"name": "staging-parity"');
  });

  // The bundled CLI moves every module's code into dist/cli/bin.js or dist/cli/chunks/: a path
  // climbing out of import.meta.url ('../../package.json') holds in src/ and dist/, and in the
  // bundle only by the accident of which chunk the code lands in.
  it('are never reached by climbing from import.meta.url', () => {
    const climbing = shippedModules(SRC)
      .filter((file) => !file.endsWith(`${path.sep}package-root.ts`))
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .map((line, i) => ({ line, at: `${path.relative(SRC, file)}:${i + 1}` }))
          .filter(({ line }) => line.includes('import.meta.url') && /['"`]\.\.\//.test(line))
          .map(({ at }) => at),
      );
    expect(climbing).toEqual([]);
  });
});
