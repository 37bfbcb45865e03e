import type { Detection, DetectResult, SourceDetector } from '../detection.js';

/** `.gitlab-ci.yml` jobs name the environments they deploy (`environment: production` or `environment: { name: … }`). */
export const gitlabCiDetector: SourceDetector = {
  fileMatch: /^\.gitlab-ci\.ya?ml$/,
  detect(files, view): DetectResult {
    const found: Detection[] = [];
    for (const file of files) {
      const text = view.read(file) ?? '';
      const named = [
        // [ \t], not \s: a leading \s* runs across blank lines, quadratic on a file of them.
        ...text.matchAll(/^[ \t]*environment:[ \t]*['"]?([\w.-]+)['"]?[ \t]*\r?$/gm),
        ...text.matchAll(/^[ \t]*environment:[ \t]*\r?\n(?:[ \t]*\r?\n)*[ \t]+name:[ \t]*['"]?([\w.-]+)/gm),
      ].map((m) => m[1]!);
      for (const name of new Set(named)) {
        found.push({
          environment: { name, evidence: 'declared' },
          paths: [file],
          options: { environment: name },
          why: `${file}: deploy jobs for environment ${name}`,
        });
      }
    }
    return { found };
  },
};
