import { baseOf, type Detection, type DetectResult, dirOf, type SourceDetector } from '../detection.js';

/**
 * Terraform state per environment: `<env>/terraform.tfstate` (a root module per environment) or
 * `terraform.tfstate.d/<env>/terraform.tfstate` (workspaces). A state folder named for a
 * component (`database/`, `subnet/`) is not an environment: the name must be a known one.
 * Configuration without state asks for `terraform show -json`.
 */
export const terraformDetector: SourceDetector = {
  fileMatch: /(^|\/)(terraform\.tfstate|[^/]+\.tf)$/,
  detect(files): DetectResult {
    const found: Detection[] = [];
    const states = files.filter((f) => baseOf(f) === 'terraform.tfstate');
    for (const file of states) {
      const dir = dirOf(file);
      if (dir === '.') continue;
      const workspace = /(^|\/)terraform\.tfstate\.d\/[^/]+$/.test(dir);
      found.push({
        environment: {
          name: baseOf(dir),
          evidence: workspace ? 'declared' : 'known',
          group: `${dirOf(dir)}:tfstate`,
        },
        paths: [file],
        why: `${file}: Terraform state of ${workspace ? 'workspace' : 'root module'} ${baseOf(dir)}`,
      });
    }
    const todo =
      states.length === 0 && files.some((f) => f.endsWith('.tf'))
        ? [
            'Terraform found without state: add `terraform show -json > tf-<env>.json` outputs as `kind: terraform` sources.',
          ]
        : [];
    return { found, todo };
  },
};
