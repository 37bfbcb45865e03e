import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { discover } from './discover.js';
import { repositoryView } from './repository.js';

async function found(name: string) {
  const dir = fileURLToPath(new URL(`./__fixtures__/${name}/`, import.meta.url));
  return discover(await repositoryView(dir), () => true);
}
const allPaths = (d: Awaited<ReturnType<typeof found>>) =>
  [...Object.values(d.perEnvironment).flat(), ...d.shared].flatMap((p) => p.paths);
const ignoredFor = (d: Awaited<ReturnType<typeof found>>, file: string) =>
  d.ignored.find((i) => i.file === file)?.reason;

describe('not environments, not evidence', () => {
  it('synthetic-test apps, `notify-test.yaml`, Helm CI values, promtool tests and dev containers (govuk)', async () => {
    const d = await found('helm-many-environments');
    expect(d.environments).not.toContain('test');
    const paths = allPaths(d);
    for (const f of [
      'charts/app-config/templates/govuk-synthetic-test-app.yaml',
      'charts/external-secrets/templates/notify-test.yaml',
      'charts/synthetic-checks/test.yaml',
      'charts/app-config/ci/production-values.yaml',
      'charts/monitoring/rules/production/backups_test.yaml',
      '.devcontainer/Dockerfile',
    ])
      expect(paths).not.toContain(f);
    expect(ignoredFor(d, 'charts/app-config/ci/production-values.yaml')).toMatch(/CI test values/);
    expect(ignoredFor(d, 'charts/monitoring/rules/production/backups_test.yaml')).toMatch(/test file/);
    expect(ignoredFor(d, '.devcontainer/Dockerfile')).toMatch(/dev container/);
    // The rules beside the per-environment folders are every environment's.
    expect(d.shared.map((p) => p.paths)).toContainEqual(['charts/monitoring/rules/errors.yaml']);
  });

  it("scripts' inputs and the dev container are not an environment's sources (notification-manifests)", async () => {
    const d = await found('kustomize-env-folders');
    expect(allPaths(d).some((p) => p.startsWith('scripts/') || p.startsWith('.devcontainer/'))).toBe(false);
    expect(ignoredFor(d, 'scripts/recreateServices/secondaryServices/production/services.yaml')).toMatch(
      /script/,
    );
  });

  it('a dev docker-compose.yml is not layered under standalone production and staging files (bat)', async () => {
    const d = await found('compose-standalone-per-env');
    expect(d.environments).toEqual(['prod', 'staging']);
    expect(d.perEnvironment.prod!.find((p) => p.kind === 'compose')!.paths).toEqual([
      'docker-compose.prod.yml',
    ]);
    expect(d.perEnvironment.staging!.find((p) => p.kind === 'compose')!.paths).toEqual([
      'docker-compose.staging.yml',
    ]);
    // .env.dev points only at localhost: a laptop, not an environment.
    expect(ignoredFor(d, '.env.dev')).toMatch(/localhost/);
    expect(d.shared.flatMap((p) => p.paths)).not.toContain('backend/Dockerfile');
  });

  it("a Helm chart's values.yaml IS layered under its values-<env>.yaml (hmpps); docker-compose-test.yml names no environment", async () => {
    const d = await found('helm-chart-below-env-values');
    expect(d.perEnvironment.preprod!.find((p) => p.kind === 'helm-values')!.paths).toEqual([
      'helm_deploy/app/values.yaml',
      'helm_deploy/values-preprod.yaml',
    ]);
    expect(d.environments).not.toContain('test');
    expect(d.rejected.find((r) => r.name === 'test')?.reason).toMatch(/declare it/);
  });

  it('a root .env.staging whose first comment says pull-request environments is not staging (planx); .env.test is no environment', async () => {
    const d = await found('preview-dotenv-and-reusable-workflows');
    const staging = d.perEnvironment.staging!.flatMap((p) => p.paths);
    expect(staging).toContain('apps/web/.env.staging');
    expect(staging).not.toContain('.env.staging');
    expect(ignoredFor(d, '.env.staging')).toMatch(/pull request/);
    expect(d.environments).not.toContain('test');
  });
});
