import {
  baseOf,
  type Detection,
  type DetectResult,
  dirOf,
  environmentInPath,
  type SourceDetector,
} from '../detection.js';

/** `<env>.tfvars` (sibling evidence), or an auto-loaded `terraform.tfvars` under a folder named for one. */
export const terraformVarsDetector: SourceDetector = {
  fileMatch: /\.tfvars(\.json)?$/,
  detect(files): DetectResult {
    const found: Detection[] = [];
    for (const file of files) {
      const base = baseOf(file).replace(/\.tfvars(\.json)?$/, '');
      const auto = base === 'terraform' || base.endsWith('.auto');
      const env = auto
        ? environmentInPath(dirOf(file) + '/x')
        : { name: base, evidence: 'sibling' as const, group: `${dirOf(file)}:tfvars` };
      if (env)
        found.push({ environment: env, paths: [file], why: `${file}: Terraform variables for ${env.name}` });
    }
    return { found };
  },
};
