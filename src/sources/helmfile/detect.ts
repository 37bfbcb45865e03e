import { type Detection, type DetectResult, type SourceDetector, yamlValues } from '../detection.js';
import { asObj } from '../shape.js';

/** `helmfile.yaml`'s `environments:` keys are environments by declaration; one helmfile source each. */
export const helmfileDetector: SourceDetector = {
  fileMatch: /(^|\/)helmfile\.ya?ml(\.gotmpl)?$/,
  detect(files, view): DetectResult {
    const found: Detection[] = [];
    for (const file of files) {
      for (const doc of yamlValues(view, file)) {
        for (const name of Object.keys(asObj(asObj(doc)?.environments) ?? {})) {
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
    return { found };
  },
};
