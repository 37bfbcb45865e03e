import path from 'node:path';
import { type Detection, type DetectResult, type SourceDetector, yamlValues } from '../detection.js';
import { asList, asObj } from '../shape.js';

/** `helmfile.yaml`'s `environments:` keys are environments by declaration; one helmfile source each. */
export const helmfileDetector: SourceDetector = {
  fileMatch: /(^|\/)helmfile\.ya?ml(\.gotmpl)?$/,
  detect(files, view): DetectResult {
    const found: Detection[] = [];
    const reads: string[] = [];
    for (const file of files) {
      const dir = path.posix.dirname(file);
      for (const doc of yamlValues(view, file)) {
        const environments = asObj(asObj(doc)?.environments) ?? {};
        for (const [name, env] of Object.entries(environments)) {
          // Its plain values files are read by this source as the environment's state values.
          for (const v of asList(asObj(env)?.values))
            if (typeof v === 'string' && !v.includes('{{')) reads.push(path.posix.join(dir, v));
          if (name === 'default') continue;
          found.push({
            environment: { name, evidence: 'declared' },
            paths: [file],
            options: { environment: name },
            why: `${file}: helmfile environment ${name}`,
          });
        }
      }
    }
    return { found, reads };
  },
};
