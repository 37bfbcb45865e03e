import { type Detection, type DetectResult, environmentInPath, type SourceDetector } from '../detection.js';

/** Alertmanager configuration (`route:` and `receivers:`) under a path named for an environment. */
export const alertmanagerDetector: SourceDetector = {
  fileMatch: /\.ya?ml$/i,
  detect(files, view): DetectResult {
    const found: Detection[] = [];
    for (const file of files) {
      const text = view.read(file) ?? '';
      if (!/^route:[ \t]*$/m.test(text) || !/^receivers:[ \t]*$/m.test(text)) continue;
      const env = environmentInPath(file);
      if (env)
        found.push({ environment: env, paths: [file], why: `${file}: Alertmanager config for ${env.name}` });
    }
    return { found };
  },
};
