import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { discover } from './discover.js';
import { repositoryView } from './repository.js';

/** Fixture repositories shaped like the field-trial repositories (docs/field-trials.md "init vs the truth"). */
async function found(name: string) {
  const dir = fileURLToPath(new URL(`./__fixtures__/${name}/`, import.meta.url));
  return discover(await repositoryView(dir), () => true);
}
const kinds = (d: Awaited<ReturnType<typeof found>>, env: string) =>
  (d.perEnvironment[env] ?? []).map((p) => [p.kind, p.paths, p.options]);

describe('environment names come from where teams put them', () => {
  it('`values-<env>.yaml`: every one, integration too (govuk), not the chart variant `values-plus.yaml`', async () => {
    const d = await found('helm-many-environments');
    expect(d.environments).toEqual(['production', 'staging', 'integration']);
    expect(d.environments).not.toContain('plus');
    expect(kinds(d, 'integration')).toContainEqual([
      'helm-values',
      ['charts/monitoring/tempo-values.yaml', 'charts/monitoring/tempo-values-integration.yaml'],
      undefined,
    ]);
  });

  it("`values-<env>.yaml` beside a chart folder: the chart's values.yaml is layered under it; the repo's spelling `prod` is kept (hmpps)", async () => {
    const d = await found('helm-chart-below-env-values');
    expect(d.environments).toEqual(['prod', 'preprod', 'dev']);
    expect(kinds(d, 'prod')).toEqual([
      ['github-actions', ['.github/workflows/'], { environment: 'prod' }],
      ['helm-values', ['helm_deploy/app/values.yaml', 'helm_deploy/values-prod.yaml'], undefined],
    ]);
    expect(d.evidence.prod![0]).toContain('helm_deploy/values-prod.yaml');
    expect(d.evidence.prod!.join('\n')).toContain('job deploy_prod calls');
  });

  it('kustomize overlays in `env/<env>/`: every folder, sandbox and scratch too (notification-manifests)', async () => {
    const d = await found('kustomize-env-folders');
    expect(d.environments).toEqual(['production', 'staging', 'dev', 'sandbox', 'scratch']);
    expect(kinds(d, 'scratch')).toEqual([['kustomize', ['env/scratch'], undefined]]);
  });

  it('`<env>/terraform.tfstate`: production and staging, not the component folders (devops-infras)', async () => {
    const d = await found('terraform-state-per-folder');
    expect(d.environments).toEqual(['production', 'staging']);
    expect(kinds(d, 'staging')).toEqual([['terraform', ['staging/terraform.tfstate'], undefined]]);
    expect(d.rejected.map((r) => r.name).sort()).toEqual(['database', 'subnet']);
  });

  it('workflow `with: environment:` to a local reusable workflow, a job-level `environment:`, `.env.<env>` and `config/<env>.yaml` (planx)', async () => {
    const d = await found('preview-dotenv-and-reusable-workflows');
    expect(d.environments).toEqual(['production', 'staging']);
    expect(kinds(d, 'production')).toContainEqual([
      'github-actions',
      ['.github/workflows/'],
      { environment: 'production' },
    ]);
    // `environment: Staging` and `with: environment: staging`: one environment, one source.
    expect(kinds(d, 'staging').filter((k) => k[0] === 'github-actions')).toEqual([
      ['github-actions', ['.github/workflows/'], { environment: 'staging' }],
    ]);
    expect(d.evidence.production!.join('\n')).toContain('config/production.yaml');
    expect(d.todo.join('\n')).toContain('config/production.yaml names production');
  });
});
