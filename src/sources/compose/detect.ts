import {
  baseOf,
  type Detection,
  type DetectResult,
  type DetectView,
  dirOf,
  joinPath,
  type SourceDetector,
  yamlValues,
} from '../detection.js';
import { asObj } from '../shape.js';
// The base files in docker compose's own order, as the compose source reads them.
import { DEFAULT_FILES } from './index.js';

/** `docker-compose.prod.yml`, `compose-staging.yaml`: one word after the base name. */
const OVERRIDE = /^(?:docker-)?compose[.-]([\w]+)\.ya?ml$/;

/**
 * A compose file that runs on its own: every service says what it runs (`image:`, or a `build:`
 * that names what to build: a context path, or a mapping with `context` or `dockerfile`). Such a
 * file is not an override, and the folder's base file (often the developers' setup, with
 * `runserver` and `.env.dev`) is not layered under it. A `build:` with only `target:` or `args:`
 * retargets the base's build: that file is an override.
 */
function standalone(view: DetectView, file: string): boolean {
  const services = asObj(asObj(yamlValues(view, file)[0])?.services);
  if (!services) return false;
  const list = Object.values(services).map(asObj);
  return list.length > 0 && list.every((s) => s !== undefined && ('image' in s || buildsOnItsOwn(s.build)));
}

function buildsOnItsOwn(build: unknown): boolean {
  if (typeof build === 'string') return true;
  const spec = asObj(build);
  return spec !== undefined && ('context' in spec || 'dockerfile' in spec);
}

export const composeDetector: SourceDetector = {
  fileMatch: /(^|\/)(docker-)?compose[.-][\w]+\.ya?ml$/,
  detect(files, view): DetectResult {
    const found: Detection[] = [];
    for (const file of files) {
      const name = OVERRIDE.exec(baseOf(file))?.[1];
      if (!name || name.toLowerCase() === 'override') continue;
      const dir = dirOf(file);
      const base = DEFAULT_FILES.map((b) => joinPath(dir, b)).find((b) => view.has(b));
      const alone = base === undefined || standalone(view, file);
      found.push({
        environment: { name, evidence: 'sibling', group: `${dir}:compose` },
        paths: alone ? [file] : [base, file],
        why: alone
          ? `${file}: a compose file for ${name}${base ? ` (it defines every service itself, so ${base} is not layered under it)` : ''}`
          : `${file}: a compose override for ${name}, over ${base}`,
      });
    }
    return { found };
  },
};
