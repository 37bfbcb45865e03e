import { type Detection, type DetectResult, environmentInPath, type SourceDetector } from '../detection.js';

/** OpenTelemetry Collector configuration (`receivers:`, `exporters:`, `service:`) under a path named for an environment. */
export const otelCollectorDetector: SourceDetector = {
  fileMatch: /\.ya?ml$/i,
  detect(files, view): DetectResult {
    const found: Detection[] = [];
    for (const file of files) {
      const text = view.read(file) ?? '';
      if (!/^receivers:[ \t]*$/m.test(text) || !/^service:[ \t]*$/m.test(text)) continue;
      const env = environmentInPath(file);
      if (env)
        found.push({
          environment: env,
          paths: [file],
          why: `${file}: OpenTelemetry Collector config for ${env.name}`,
        });
    }
    return { found };
  },
};
