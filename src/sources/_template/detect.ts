// How `parity init` finds this kind (src/sources/detection.ts); list it in src/sources/detectors.ts.
// A kind init cannot find in files says so instead: `{ notDetectable: 'why' }` in the registry.
import type { Detection, DetectResult, SourceDetector } from '../detection.js';
import { environmentInPath } from '../detection.js';

export const templateDetector: SourceDetector = {
  /** The files this kind may read; `detect` sees only these. */
  fileMatch: /\.example$/,
  detect(files, view): DetectResult {
    const found: Detection[] = [];
    for (const file of files) {
      // Content sniffing: is it really this format?
      if (!/^example:/m.test(view.read(file) ?? '')) continue;
      // Environment-name extraction: from the file's own pattern, else from its path.
      const env = environmentInPath(file);
      found.push(
        env
          ? { environment: env, paths: [file], why: `${file}: example settings for ${env.name}` }
          : { paths: [file], why: `${file}: example settings every environment reads` },
      );
    }
    return { found };
  },
};
