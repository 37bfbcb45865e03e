import type { DetectResult, SourceDetector } from '../detection.js';

const CODE = /\.(m?[jt]sx?|cjs|cts|py|go|rb|java|kt|rs)$/i;
const ROOTS = ['src', 'app', 'apps', 'lib', 'services', 'cmd', 'internal', 'pkg', 'server', 'packages'];

/** The code every environment runs: the variables it reads, from the usual source folders. */
export const envRefsDetector: SourceDetector = {
  fileMatch: CODE,
  detect(files): DetectResult {
    const roots = ROOTS.filter((r) => files.some((f) => f.startsWith(`${r}/`)));
    if (roots.length === 0) return { found: [] };
    return { found: [{ paths: roots.map((r) => `${r}/`), why: 'the variables the code reads' }] };
  },
};
