import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { normaliseName } from '../compare/normalise.js';
import { loadPolicyFile } from '../index.js';
import { audit } from '../pipeline/audit.js';
import { sources } from '../sources/index.js';
import { discover } from './discover.js';
import { renderPolicy } from './render.js';
import { repositoryView } from './repository.js';

const fixture = (name: string) => fileURLToPath(new URL(`./__fixtures__/${name}/`, import.meta.url));
const everyKind = () => true;

async function found(name: string, known: (k: string) => boolean = everyKind) {
  return discover(await repositoryView(fixture(name)), known);
}

describe('discover', () => {
  it('finds compose overrides and dotenv files per environment, and the shared Dockerfile and code', async () => {
    const d = await found('compose-dotenv');
    expect(d.environments).toEqual(['production', 'staging']);
    expect(d.perEnvironment.production!.map((p) => [p.kind, p.paths])).toEqual([
      ['compose', ['docker-compose.yml', 'docker-compose.prod.yml']],
      ['dotenv', ['.env.production']],
    ]);
    expect(d.perEnvironment.staging!.map((p) => [p.kind, p.paths])).toEqual([
      ['compose', ['docker-compose.yml', 'docker-compose.staging.yml']],
      ['dotenv', ['.env.staging']],
    ]);
    expect(d.shared.map((p) => [p.kind, p.paths])).toEqual([
      ['dockerfile', ['Dockerfile']],
      ['env-refs', ['src/']],
    ]);
  });

  it('compose overrides that only retarget the build layer the base under them, and `stag` is staging', async () => {
    // Field trial (vearnfi/events-fetcher): docker-compose.{dev,stag,prod}.yaml each set `build.target`
    // and environment over docker-compose.yaml; `stag` was not taken and the base was not layered.
    const d = await found('compose-partial-overrides-stag');
    // Names as the repository spells them; `stag` is known as staging, so it is taken.
    expect(d.environments).toEqual(['prod', 'stag', 'dev']);
    for (const [env, file] of [
      ['dev', 'docker-compose.dev.yaml'],
      ['prod', 'docker-compose.prod.yaml'],
      ['stag', 'docker-compose.stag.yaml'],
    ] as const)
      expect(d.perEnvironment[env]!.filter((p) => p.kind === 'compose').map((p) => p.paths)).toEqual([
        ['docker-compose.yaml', file],
      ]);
  });

  it('takes a base compose file that runs on its own as the environment its Dockerfiles name', async () => {
    // Field trial (alysivji/busy-beaver): docker-compose.prod.yml defines every service itself;
    // docker-compose.yml builds docker/dev/Dockerfile. Init found prod only and stopped.
    const d = await found('compose-base-builds-dev');
    expect(d.environments).toEqual(['prod', 'dev']);
    expect(d.perEnvironment.dev!.map((p) => [p.kind, p.paths])).toEqual([
      ['compose', ['docker-compose.yml']],
      ['dockerfile', ['docker/dev/Dockerfile']],
    ]);
    expect(d.perEnvironment.prod!.find((p) => p.kind === 'compose')!.paths).toEqual([
      'docker-compose.prod.yml',
    ]);
  });

  it('layers the base file docker compose itself would read (compose.yaml before docker-compose.yml)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-compose-bases-'));
    const service = 'services:\n  api:\n    environment: [MODE=x]\n';
    for (const f of [
      'compose.yaml',
      'docker-compose.yml',
      'docker-compose.prod.yml',
      'docker-compose.staging.yml',
    ])
      writeFileSync(
        path.join(dir, f),
        f.includes('.prod') || f.includes('.staging') ? service : `services:\n  api:\n    image: a:1\n`,
      );
    const d = await discover(await repositoryView(dir), everyKind);
    expect(d.perEnvironment.prod!.find((p) => p.kind === 'compose')?.paths).toEqual([
      'compose.yaml',
      'docker-compose.prod.yml',
    ]);
  });

  it('proposes a helmfile environment’s values file once, as the helmfile’s state values, not also as dotenv', async () => {
    // Field trial (notification-manifests after helmfile): `overrides/<env>.env` are plain YAML the
    // helmfile lists under `environments.<env>.values`; as dotenv too, each difference came twice.
    const d = await found('helmfile-environment-values');
    expect(d.environments).toEqual(['production', 'staging']);
    for (const env of d.environments)
      expect(d.perEnvironment[env]!.map((p) => [p.kind, p.paths])).toEqual([
        ['helmfile', ['helmfile/helmfile.yaml.gotmpl']],
      ]);
    expect(
      d.ignored
        .filter((i) => /read by the helmfile source/.test(i.reason))
        .map((i) => i.file)
        .sort(),
    ).toEqual(['helmfile/overrides/production.env', 'helmfile/overrides/staging.env']);
  });

  it('finds kustomize overlays named for environments', async () => {
    const d = await found('kustomize-overlays');
    expect(d.environments).toEqual(['production', 'staging']);
    expect(d.perEnvironment.staging!.map((p) => [p.kind, p.paths])).toEqual([
      ['kustomize', ['k8s/overlays/staging']],
    ]);
  });

  it('finds Helm values overlays and workflow environments', async () => {
    const d = await found('helm-values');
    expect(d.perEnvironment.production!.map((p) => [p.kind, p.paths, p.options])).toEqual([
      ['github-actions', ['.github/workflows/'], { environment: 'production' }],
      ['helm-values', ['charts/shop/values.yaml', 'charts/shop/values-production.yaml'], undefined],
    ]);
  });

  it('proposes only the kinds that exist', async () => {
    const d = await found('kustomize-overlays', (k) => k !== 'kustomize');
    expect(d.environments).toEqual([]);
  });
});

/** Copies a fixture repository, runs discovery with the real registry, writes parity.yaml, audits. */
async function initAndAudit(name: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-init-'));
  cpSync(fixture(name), dir, { recursive: true });
  const d = discover(await repositoryView(dir), (k) => Object.hasOwn(sources, k));
  const text = renderPolicy(d, 'production', '2026-11-22');
  const file = path.join(dir, 'parity.yaml');
  writeFileSync(file, text);
  const result = await audit(await loadPolicyFile(file, {}));
  return { text, file, rules: result.comparisons[0]!.divergences.map((x) => `${x.rule} ${x.key}`), result };
}

describe('parity init end to end', () => {
  it('writes renames that pair environment prefixes and suffixes alike (kustomize namePrefix: prod-, staging-)', async () => {
    // Field trial (lianyz/hello-kustomize): overlays with `namePrefix: prod-` / `staging-` paired
    // nothing, so each Deployment was HIGH "runs in prod only" and the replicas 10 vs 3 went unsaid.
    const { file } = await initAndAudit('compose-dotenv');
    const policy = await loadPolicyFile(file, {});
    for (const [name, base] of [
      ['staging-the-deployment', 'the-deployment'],
      ['prod-the-deployment', 'the-deployment'],
      ['checkout-stg', 'checkout'],
      ['prod-api-prod', 'api'],
    ] as const)
      expect(normaliseName(name, policy.rename)).toBe(base);
    // The rules are plain patterns in parity.yaml: a name that starts with the word loses it too
    // (edit them where that is wrong); a longer word is not the prefix.
    expect(normaliseName('production-like-cache', policy.rename)).toBe('like-cache');
    expect(normaliseName('stager', policy.rename)).toBe('stager');
  });

  it('compose + dotenv: writes a commented parity.yaml that loads and audits', async () => {
    const { text, file, rules } = await initAndAudit('compose-dotenv');
    expect(text).toContain('# .env.staging: a dotenv file named for staging');
    expect(parse(text).baseline).toBe('production');
    expect(rules).toContain('config.timeout-differs config/env/api/REQUEST_TIMEOUT_MS');
    expect(rules).toContain('config.env-required-missing config/code-ref/PAYMENTS_URL');
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('kustomize overlays: renders both overlays and pairs the -stg names', async () => {
    const { rules } = await initAndAudit('kustomize-overlays');
    expect(rules).toContain('infra.single-replica infra/workload/api/replicas');
  });

  it('Helm values: merges base and overlay per environment, and reads the deploy workflow', async () => {
    const { rules, result } = await initAndAudit('helm-values');
    expect(rules).toContain('config.timeout-differs config/env/shop/PAYMENT_TIMEOUT_MS');
    expect(rules).toContain('config.debug-enabled config/env/shop/DEBUG');
    const deploys = result.comparisons[0]!.dimensions.find((d) => d.dimension === 'deploys')!;
    expect(deploys.status).not.toBe('unknown');
  });
});

describe('discover on hostile files', () => {
  it('reads a workflow of 256 KiB of blank lines in linear time (a \\s* across lines was quadratic)', () => {
    const blank = '\n'.repeat(256 * 1024 - 64);
    const text = `${blank}jobs:\n  deploy:\n    environment: production\n`;
    const repo = { files: ['.github/workflows/deploy.yml'], read: () => text };
    const started = performance.now();
    const d = discover(repo, everyKind);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(d.environments).toContain('production');
  });
});
