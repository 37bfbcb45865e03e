import { baseOf, type DetectResult, dirOf, type SourceDetector } from '../sources/detection.js';

/**
 * `config/<env>.yaml` (node-config, Rails-style settings, app config per environment): the names
 * teams give their environments, in files no source kind reads yet. Each is evidence for its
 * name (sibling evidence: `config/default.yaml` is no environment) and a TODO in parity.yaml.
 */
export const configFilesDetector: SourceDetector = {
  fileMatch: /(^|\/)config\/[\w-]+\.(ya?ml|json|toml)$/,
  detect(files): DetectResult {
    const names = files.map((file) => {
      const name = baseOf(file).replace(/\.[^.]+$/, '');
      return {
        environment: { name, evidence: 'sibling' as const, group: `${dirOf(file)}:config` },
        file,
        why: `${file}: configuration named for ${name}`,
      };
    });
    return { found: [], names };
  },
};
