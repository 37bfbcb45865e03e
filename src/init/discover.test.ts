import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
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
      ['dotenv', ['.env.production']],
      ['compose', ['docker-compose.yml', 'docker-compose.prod.yml']],
    ]);
    expect(d.perEnvironment.staging!.map((p) => [p.kind, p.paths])).toEqual([
      ['dotenv', ['.env.staging']],
      ['compose', ['docker-compose.yml', 'docker-compose.staging.yml']],
    ]);
    expect(d.shared.map((p) => [p.kind, p.paths])).toEqual([
      ['dockerfile', ['Dockerfile']],
      ['env-refs', ['src/']],
    ]);
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
      ['helm-values', ['charts/shop/values.yaml', 'charts/shop/values-production.yaml'], undefined],
      ['github-actions', ['.github/workflows/'], { environment: 'production' }],
    ]);
  });

  it('proposes only the kinds that exist', async () => {
    const d = await found('kustomize-overlays', (k) => k !== 'kustomize');
    expect(d.environments).toEqual([]);
  });
});

describe('renderPolicy', () => {
  it('writes a commented parity.yaml that loads and audits (compose + dotenv layout)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-init-'));
    cpSync(fixture('compose-dotenv'), dir, { recursive: true });
    const d = discover(await repositoryView(dir), (k) => Object.hasOwn(sources, k));
    const text = renderPolicy(d, 'production', '2026-11-22');
    expect(text).toContain('# .env.staging: a dotenv file named for staging');
    expect(parse(text).baseline).toBe('production');
    const file = path.join(dir, 'parity.yaml');
    await import('node:fs/promises').then((fs) => fs.writeFile(file, text));
    const result = await audit(await loadPolicyFile(file, {}));
    const rules = result.comparisons[0]!.divergences.map((x) => `${x.rule} ${x.key}`);
    expect(rules).toContain('config.timeout-differs config/env/api/REQUEST_TIMEOUT_MS');
    expect(rules).toContain('config.env-required-missing config/code-ref/PAYMENTS_URL');
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});
