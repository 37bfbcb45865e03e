import {
  baseOf,
  type Detection,
  type DetectResult,
  dirOf,
  type Ignored,
  knownEnvironment,
  nameWords,
  type SourceDetector,
} from '../detection.js';
import { isDockerfileName } from './index.js';

const MAX = 20;

/**
 * Dockerfiles: one named for an environment (`Dockerfile.prod`, `nginx_dev/Dockerfile`) is that
 * environment's; a plain one is every environment's, unless an environment-named one stands
 * beside it (then which one each environment builds is in its compose or CI files).
 */
export const dockerfileDetector: SourceDetector = {
  // Loose here (`api.Dockerfile` too); the source's own isDockerfileName has the last word.
  fileMatch: /(^|\/)([\w-]+\.)?(Dockerfile|Containerfile)([.-][\w-]+)?$/,
  detect(candidates): DetectResult {
    const files = candidates.filter((f) => isDockerfileName(baseOf(f)));
    const found: Detection[] = [];
    const ignored: Ignored[] = [];
    const named = (f: string) =>
      [...nameWords(baseOf(f)), ...nameWords(baseOf(dirOf(f)))].find((w) => knownEnvironment(w));
    for (const file of files.slice(0, MAX)) {
      const dir = dirOf(file);
      const workload = dir === '.' ? undefined : baseOf(dir);
      const env = named(file);
      const options = workload ? { options: { workload } } : {};
      if (env) {
        found.push({
          environment: { name: env, evidence: 'known' },
          paths: [file],
          ...options,
          why: `${file}: the image built for ${env}`,
        });
        continue;
      }
      const beside = files.find((f) => f !== file && dirOf(f) === dir && named(f));
      if (beside) {
        ignored.push({
          file,
          reason: `${beside} beside it is the environment-named one; which Dockerfile each environment builds is in its compose or CI files`,
        });
        continue;
      }
      found.push({ paths: [file], ...options, why: `${file}: build-time and image variables` });
    }
    return { found, ignored };
  },
};
