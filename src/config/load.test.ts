import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import type { SourceCatalogue } from './load.js';
import { parsePolicy } from './load.js';

// A catalogue of two kinds with their option schemas, as the registry would provide them.
const kinds: Record<string, { input: 'files' | 'url'; options: z.ZodType }> = {
  dotenv: { input: 'files', options: z.object({ workload: z.string().optional() }).strict() },
  postgres: { input: 'url', options: z.object({ url: z.string() }).strict() },
};
const catalogue: SourceCatalogue = {
  has: (k) => k in kinds,
  kinds: () => Object.keys(kinds),
  input: (k) => kinds[k]!.input,
  validateOptions: (k, o) => kinds[k]!.options.safeParse(o),
};

const base = `version: 1
environments:
  production:
    sources:
      - kind: dotenv
        path: .env.production
  staging:
    sources:
      - kind: dotenv
        path: .env.staging
`;

function errorOf(text: string, env: NodeJS.ProcessEnv = {}): ConfigError {
  try {
    parsePolicy(text, 'parity.yaml', catalogue, env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parsePolicy', () => {
  it('takes production as the baseline and fills defaults', () => {
    const policy = parsePolicy(base, '/repo/parity.yaml', catalogue, {});
    expect(policy.baseline).toBe('production');
    expect(policy.environments.production!.production).toBe(true);
    expect(policy.environments.staging!.production).toBe(false);
    expect(policy.scale).toEqual({ replicas: 1, resources: 1, data: 1, traffic: 1 });
    expect(policy.environments.staging!.sources[0]).toMatchObject({
      kind: 'dotenv',
      id: 'dotenv:.env.staging',
      paths: ['.env.staging'],
      baseDir: '/repo',
      line: 9,
    });
  });

  it('names file:line and the key for an unknown top-level key', () => {
    const e = errorOf(`${base}scael:\n  replicas: 0.2\n`);
    expect(e.message).toBe('parity.yaml:11: unknown key "scael"');
  });

  it('names file:line for an unknown key in a source entry', () => {
    const e = errorOf(base.replace('path: .env.staging', 'path: .env.staging\n        wrkload: api'));
    expect(e.message).toBe('parity.yaml:11: unknown key "wrkload" for a dotenv source');
  });

  it('names file:line for a wrong type', () => {
    const e = errorOf(`${base}scale:\n  replicas: lots\n`);
    expect(e.message).toMatch(/^parity\.yaml:12: scale\.replicas: .*number/);
  });

  it('reads `decisions:` with no entries yet (as init writes it, ready for block entries) as none', () => {
    expect(parsePolicy(`${base}decisions:\n`, 'parity.yaml', catalogue, {}).decisions).toEqual([]);
    expect(parsePolicy(`${base}decisions:   # none yet\n`, 'parity.yaml', catalogue, {}).decisions).toEqual(
      [],
    );
  });

  it('requires a reason on every decision', () => {
    const e = errorOf(`${base}decisions:\n  - rule: config.env-missing\n    decision: accept\n`);
    expect(e.message).toMatch(/^parity\.yaml:12: decisions\.0\.reason: /);
  });

  it('requires verify on test-elsewhere decisions', () => {
    const e = errorOf(
      `${base}decisions:\n  - rule: data.plan-flip\n    decision: test-elsewhere\n    reason: big data\n`,
    );
    expect(e.message).toContain('needs `verify`');
  });

  it('reports invalid YAML with its line', () => {
    const e = errorOf('version: 1\nenvironments:\n  production: [\n');
    expect(e.message).toMatch(/^parity\.yaml:\d+: invalid YAML/);
  });

  it('interpolates ${VAR}; an unset one is a problem of its environment, reported when it is collected', () => {
    const text = base
      .replace('path: .env.staging', 'path: ${STAGING_ENV_FILE}')
      .replace(
        '      - kind: dotenv\n        path: .env.production',
        '      - kind: dotenv\n        path: .env.production\n      - kind: postgres\n        url: ${PROD_DATABASE_URL}',
      );
    const policy = parsePolicy(text, 'parity.yaml', catalogue, { STAGING_ENV_FILE: 'env/staging.env' });
    expect(policy.environments.staging!.sources[0]!.paths).toEqual(['env/staging.env']);
    expect(policy.environments.staging!.problems).toEqual([]);
    expect(policy.environments.production!.unavailable).toEqual([]);
    expect(policy.environments.production!.problems).toEqual([
      {
        line: 7,
        message:
          'environment variable PROD_DATABASE_URL not set for the postgres source "postgres" (set it, give a default as ${VAR:-value}, or mark the source `optional: true`)',
      },
    ]);
  });

  it('makes an unset ${VAR} of an `optional: true` source a source that is not read', () => {
    const text = base.replace(
      '      - kind: dotenv\n        path: .env.production',
      '      - kind: dotenv\n        path: .env.production\n      - kind: postgres\n        optional: true\n        url: ${PROD_DATABASE_URL}',
    );
    const policy = parsePolicy(text, 'parity.yaml', catalogue, {});
    expect(policy.environments.production!.problems).toEqual([]);
    expect(policy.environments.production!.unavailable).toEqual([
      {
        source: 'postgres',
        kind: 'postgres',
        file: 'parity.yaml',
        line: 7,
        reason: 'environment variable PROD_DATABASE_URL not set',
        unread: true,
        optional: true,
      },
    ]);
  });

  it("accepts `optional: true` on any source and keeps it out of the kind's options", () => {
    const policy = parsePolicy(
      base.replace('path: .env.staging', 'path: .env.staging\n        optional: true'),
      'parity.yaml',
      catalogue,
      {},
    );
    expect(policy.environments.staging!.sources[0]).toMatchObject({ optional: true, options: {} });
  });

  it('makes an unknown source kind an error with its line and the nearest known kind', () => {
    const e = errorOf(
      base.replace('kind: dotenv\n        path: .env.staging', 'kind: dotnev\n        path: .env.staging'),
    );
    expect(e.message).toBe(
      'parity.yaml:9: unknown source kind "dotnev"; did you mean "dotenv"? (known kinds: dotenv, postgres)',
    );
  });

  it('offers no guess for a kind far from every known one', () => {
    const e = errorOf(
      base.replace('kind: dotenv\n        path: .env.staging', 'kind: nginx\n        path: .env.staging'),
    );
    expect(e.message).toBe('parity.yaml:9: unknown source kind "nginx" (known kinds: dotenv, postgres)');
  });

  it('reports every source mistake of every environment at once, each with its line', () => {
    const text = base
      .replace('kind: dotenv\n        path: .env.staging', 'kind: dotenvv\n        path: .env.staging')
      .replace('path: .env.production', 'path: .env.production\n        wrkload: api\n        colour: red');
    const e = errorOf(text);
    expect(e.message).toBe(
      [
        '3 configuration errors:',
        '  parity.yaml:7: unknown key "wrkload" for a dotenv source',
        '  parity.yaml:8: unknown key "colour" for a dotenv source',
        '  parity.yaml:11: unknown source kind "dotenvv"; did you mean "dotenv"? (known kinds: dotenv, postgres)',
      ].join('\n'),
    );
  });

  it('refuses a baseline that is not an environment', () => {
    expect(errorOf(`${base}baseline: prod\n`).message).toBe(
      'parity.yaml:11: baseline "prod" is not one of the environments (production, staging)',
    );
  });

  it('refuses an invalid rename regex with its line', () => {
    expect(errorOf(`${base}rename:\n  - match: "(-stg"\n`).message).toMatch(
      /^parity\.yaml:12: rename\[0\]\.match is not a valid regular expression/,
    );
  });

  it('reads `tokens:` per environment, and refuses one that is not a word, naming its line', () => {
    const withTokens = base.replace('  staging:\n', '  staging:\n    tokens: [eu9, green]\n');
    expect(parsePolicy(withTokens, 'parity.yaml', catalogue, {}).environments.staging!.tokens).toEqual([
      'eu9',
      'green',
    ]);
    expect(errorOf(base.replace('  staging:\n', '  staging:\n    tokens: ["-stg"]\n')).message).toMatch(
      /^parity\.yaml:8: .*expected a word of letters and digits/,
    );
  });
});
