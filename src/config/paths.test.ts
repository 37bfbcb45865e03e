import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { registryCatalogue } from './catalogue.js';
import { loadPolicy } from './load.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'parity-paths-'));
  mkdirSync(path.join(dir, 'deploy/staging'), { recursive: true });
  mkdirSync(path.join(dir, 'deploy/production'), { recursive: true });
  writeFileSync(path.join(dir, 'deploy/staging/app.yaml'), 'kind: ConfigMap\n');
  writeFileSync(path.join(dir, 'deploy/production/app.yaml'), 'kind: ConfigMap\n');
  writeFileSync(path.join(dir, '.env.production'), 'A=1\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function load(text: string) {
  const file = path.join(dir, 'parity.yaml');
  writeFileSync(file, text);
  return loadPolicy(file, registryCatalogue, {});
}

async function errorOf(text: string): Promise<string> {
  try {
    await load(text);
  } catch (error) {
    if (error instanceof ConfigError) return error.message.replaceAll(dir, '<dir>');
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const policy = (staging: string) => `version: 1
environments:
  production:
    sources:
      - kind: kubernetes
        path: deploy/production/
      - kind: dotenv
        path: .env.production
  staging:
    sources:
${staging}
`;

describe('paths that match nothing', () => {
  it('are configuration errors naming parity.yaml:line and the nearest existing name', async () => {
    expect(await errorOf(policy('      - kind: kubernetes\n        path: deploy/stagin/'))).toBe(
      '<dir>/parity.yaml:11: staging: the kubernetes source\'s path "deploy/stagin/" does not exist; did you mean "deploy/staging/"? (fix the path, or mark the source `optional: true`)',
    );
  });

  it('include a glob that matches no file', async () => {
    expect(await errorOf(policy('      - kind: dotenv\n        path: "env/*.staging"'))).toContain(
      'parity.yaml:11: staging: the dotenv source\'s path "env/*.staging" matches no file',
    );
  });

  it('are reported with every other source mistake, all at once, in line order', async () => {
    const message = await errorOf(
      policy(
        '      - kind: kubernets\n        path: deploy/staging/\n      - kind: dotenv\n        path: .env.staging\n        workload: web\n        wrkload: api',
      ),
    );
    expect(message.split('\n')).toEqual([
      '3 configuration errors:',
      '  <dir>/parity.yaml:11: unknown source kind "kubernets"; did you mean "kubernetes"? (known kinds: access-log, alertmanager, compose, deploy-log, dockerfile, dotenv, env-refs, feature-flags, github-actions, gitlab-ci, helm-values, helmfile, kubernetes, kustomize, otel-collector, postgres, prometheus, prometheus-rules, pulumi, terraform, terraform-vars)',
      '  <dir>/parity.yaml:13: staging: the dotenv source\'s path ".env.staging" does not exist (fix the path, or mark the source `optional: true`)',
      '  <dir>/parity.yaml:16: unknown key "wrkload" for a dotenv source; did you mean "workload"?',
    ]);
  });

  it('name the options of the pulumi, helmfile and terraform-vars kinds, as of every kind', async () => {
    const message = await errorOf(
      policy(
        '      - kind: pulumi\n        path: .env.staging\n        optional: true\n        stak: staging\n      - kind: helmfile\n        path: .env.staging\n        optional: true\n        enviroment: staging\n      - kind: terraform-vars\n        path: .env.staging\n        optional: true\n        variable: variables.tf',
      ),
    );
    expect(message).toContain('unknown key "stak" for a pulumi source; did you mean "stack"?');
    expect(message).toContain('unknown key "enviroment" for a helmfile source; did you mean "environment"?');
    expect(message).toContain(
      'unknown key "variable" for a terraform-vars source; did you mean "variables"?',
    );
  });

  it('are accepted on a source marked `optional: true`', async () => {
    const loaded = await load(
      policy('      - kind: dotenv\n        path: .env.staging\n        optional: true'),
    );
    expect(loaded.environments.staging!.sources[0]).toMatchObject({ kind: 'dotenv', optional: true });
  });
});
