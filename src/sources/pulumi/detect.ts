import { baseOf, type Detection, type DetectResult, dirOf, type SourceDetector } from '../detection.js';

/** `Pulumi.<stack>.yaml` beside `Pulumi.yaml`: each stack is an environment by declaration. */
export const pulumiDetector: SourceDetector = {
  fileMatch: /(^|\/)Pulumi\.[^/]+\.ya?ml$/,
  detect(files): DetectResult {
    const found: Detection[] = files.map((file) => {
      const stack = /^Pulumi\.([^/]+)\.ya?ml$/.exec(baseOf(file))![1]!;
      return {
        environment: { name: stack, evidence: 'declared', group: `${dirOf(file)}:pulumi` },
        paths: [file],
        why: `${file}: Pulumi stack ${stack}`,
      };
    });
    return { found };
  },
};
