import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Fact } from '../../model/fact.js';
import { createFingerprinter } from '../secrets.js';
import {
  type ComposeText,
  type EnvFileText,
  envFileRefs,
  extractCompose,
  loadComposeProject,
} from './extract.js';

const fixtures = new URL('./__fixtures__/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, fixtures), 'utf8');
const fingerprint = createFingerprinter('test-key');
const input = { source: 'compose:shop', fingerprint };

/** Reads a project from the fixtures the way collect() does: compose files, then their env files. */
function project(...names: string[]) {
  const files: ComposeText[] = names.map((file) => ({ file, text: read(file) }));
  const envFiles = new Map<string, EnvFileText>();
  for (const ref of envFileRefs(loadComposeProject(files, input.source).services)) {
    try {
      envFiles.set(ref.path, { display: ref.path, text: read(ref.path) });
    } catch {
      envFiles.set(ref.path, { source: input.source, file: ref.path, reason: 'cannot read: ENOENT' });
    }
  }
  return extractCompose(files, input, envFiles);
}

/** key -> [value, file:line], the three things a fact must get right. */
function table(facts: readonly Fact[]) {
  return Object.fromEntries(facts.map((f) => [f.key, [f.value, `${f.origin.file}:${f.origin.line}`]]));
}

const BASE = 'shop/docker-compose.yml';
const PROD = 'shop/docker-compose.prod.yml';
const STAGING = 'shop/docker-compose.staging.yml';

describe('compose extract', () => {
  it('reads the production shop (base + override) with values and lines', () => {
    const result = project(BASE, PROD);
    expect(result.skips).toEqual([]);
    const facts = table(result.facts);
    expect(facts).toMatchObject({
      'infra/workload/web/kind': ['compose-service', `${BASE}:25`],
      'infra/workload/web/replicas': [4, `${PROD}:5`],
      'infra/workload/web/container/web/image': ['ghcr.io/shop/web:1.42.0', `${BASE}:27`],
      // Resources come from the x-app-defaults anchor, merged in with `<<: *app-defaults`.
      'infra/workload/web/container/web/cpu-limit': [0.5, `${BASE}:13`],
      'infra/workload/web/container/web/memory-limit': [536870912, `${BASE}:14`],
      'infra/workload/web/container/web/cpu-request': [0.25, `${BASE}:16`],
      'infra/workload/web/container/web/memory-request': [268435456, `${BASE}:17`],
      'infra/workload/web/container/web/probe/readiness': [
        'exec wget -qO- http://localhost:3000/healthz interval=30s timeout=5s retries=3',
        `${BASE}:33`,
      ],
      'infra/service/web/ports': [['3000/tcp'], `${BASE}:28`],
      'config/env/web/LOG_LEVEL': ['warn', 'shop/env/common.env:4'],
      'config/env/web/NODE_ENV': ['production', `${BASE}:32`],
      'infra/workload/api/replicas': [6, `${PROD}:15`],
      'infra/workload/api/container/api/image': ['registry.shop.example:5000/shop/api:2.8.1', `${PROD}:7`],
      'infra/workload/api/container/api/cpu-limit': [2, `${PROD}:18`],
      'infra/workload/api/container/api/memory-limit': [2147483648, `${PROD}:19`],
      'infra/workload/api/container/api/cpu-request': [0.25, `${BASE}:16`],
      'infra/workload/api/container/api/probe/readiness': [
        'exec curl -fsS http://localhost:4000/healthz || exit 1 interval=30s timeout=5s retries=3 start=20s',
        `${BASE}:54`,
      ],
      'infra/service/api/ports': [['4000/tcp', '9464/tcp'], `${BASE}:44`],
      // environment: wins over env_file, and the override's LOG_LEVEL over the base env_file's.
      'config/env/api/LOG_LEVEL': ['info', `${PROD}:13`],
      'config/env/api/STRIPE_PUBLISHABLE_KEY': ['pk_live_51HproductionKey', 'shop/env/api.production.env:2'],
      'config/env/api/DATABASE_URL': [
        'postgres://shop:${POSTGRES_PASSWORD}@postgres:5432/shop',
        `${BASE}:50`,
      ],
      'config/env/api/PAYMENT_TIMEOUT_MS': ['5000', `${BASE}:52`],
      'config/env/api/STRIPE_SECRET_KEY': ['(from host)', `${BASE}:53`],
      'infra/workload/worker/replicas': [3, `${PROD}:22`],
      'infra/workload/worker/container/worker/image': ['build:api', `${BASE}:61`],
      'config/env/worker/QUEUE_CONCURRENCY': ['5', `${BASE}:64`],
      'infra/workload/postgres/replicas': [1, `${BASE}:67`],
      'infra/workload/postgres/container/postgres/cpu-limit': [4, `${PROD}:26`],
      'infra/workload/postgres/container/postgres/memory-limit': [8589934592, `${PROD}:25`],
      'infra/workload/postgres/container/postgres/probe/readiness': [
        'exec pg_isready -U shop interval=10s timeout=5s retries=5',
        `${BASE}:75`,
      ],
      'config/env/postgres/POSTGRES_PASSWORD': ['${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}', `${BASE}:72`],
      'infra/workload/redis/container/redis/memory-limit': [1610612736, `${PROD}:31`],
      'infra/service/redis/ports': [['6379/tcp'], `${BASE}:86`],
      'infra/substrate/registry': [['docker.io', 'ghcr.io', 'registry.shop.example:5000'], `${BASE}:27`],
    });
    expect(result.facts.find((f) => f.key === 'infra/workload/api/container/api/memory-limit')).toEqual({
      key: 'infra/workload/api/container/api/memory-limit',
      dimension: 'infra',
      subject: 'api',
      attribute: 'memory-limit',
      value: 2147483648,
      compare: 'scaled',
      scale: 'resources',
      unit: 'bytes',
      origin: { source: 'compose:shop', file: PROD, line: 19 },
    });
    expect(result.facts.find((f) => f.key === 'infra/workload/web/replicas')).toMatchObject({
      compare: 'scaled',
      scale: 'replicas',
    });
    expect(result.facts.filter((f) => f.key.startsWith('config/env/api/')).map((f) => f.attribute)).toEqual([
      'TZ',
      'LOG_FORMAT',
      'LOG_LEVEL',
      'STRIPE_API_BASE',
      'STRIPE_PUBLISHABLE_KEY',
      'FEATURE_CHECKOUT_V2',
      'SESSION_SECRET',
      'DATABASE_URL',
      'REDIS_URL',
      'PAYMENT_TIMEOUT_MS',
      'STRIPE_SECRET_KEY',
    ]);
  });

  it('reads staging from the same base so that its keys pair with production', () => {
    const staging = project(BASE, STAGING);
    const production = project(BASE, PROD);
    expect(staging.skips).toEqual([]);
    expect(table(staging.facts)).toMatchObject({
      'infra/workload/web/replicas': [1, `${BASE}:25`],
      'infra/workload/web/container/web/image': ['ghcr.io/shop/web:1.43.0-rc.1', `${STAGING}:4`],
      'infra/workload/api/replicas': [1, `${BASE}:39`],
      // Staging builds api from source where production pins an image: the difference shows.
      'infra/workload/api/container/api/image': ['build:api', `${BASE}:41`],
      'config/env/api/LOG_LEVEL': ['debug', `${STAGING}:11`],
      'config/env/api/STRIPE_PUBLISHABLE_KEY': ['pk_test_51HstagingKey', 'shop/env/api.staging.env:2'],
      'infra/workload/worker/replicas': [1, `${STAGING}:13`],
      'infra/workload/postgres/container/postgres/memory-limit': [536870912, `${STAGING}:16`],
      'infra/workload/postgres/container/postgres/cpu-limit': [1, `${BASE}:74`],
      'infra/substrate/registry': [['docker.io', 'ghcr.io'], `${STAGING}:4`],
    });
    const keys = (facts: readonly Fact[]) => new Set(facts.map((f) => f.key));
    const onlyProduction = [...keys(production.facts)].filter((k) => !keys(staging.facts).has(k));
    const onlyStaging = [...keys(staging.facts)].filter((k) => !keys(production.facts).has(k));
    expect(onlyProduction.sort()).toEqual([
      'config/env/api/SESSION_SECRET',
      'config/env/worker/SESSION_SECRET',
      'infra/workload/redis/container/redis/memory-limit',
    ]);
    expect(onlyStaging).toEqual([]);
  });

  it('never lets a planted secret out, from environment, env_file or healthcheck', () => {
    const result = project('secrets-planted/compose.yml');
    const json = JSON.stringify(result);
    for (const planted of [
      'PLANTEDcomposeKey123',
      'planted-compose-db-pw',
      'planted-admin-pw-9d',
      'planted-default-token-4e',
      'planted-hc-url-pw',
      'planted-redis-list-pw',
      'planted-envfile-session',
      'planted-envfile-token',
    ]) {
      expect(json).not.toContain(planted);
    }
    const values = Object.fromEntries(result.facts.map((f) => [f.key, f.value]));
    expect(values['config/env/api/DATABASE_URL']).toEqual({
      secret: true,
      fingerprint: fingerprint('postgres://shop:planted-compose-db-pw@db:5432/shop'),
      redacted: 'postgres://shop:****@db:5432/shop',
    });
    expect(values['config/env/api/SESSION_SECRET']).toEqual({
      secret: true,
      fingerprint: fingerprint('planted-envfile-session'),
    });
    expect(values['config/env/cache/REDIS_PASSWORD']).toMatchObject({ secret: true });
    expect(result.skips).toEqual([]);
  });

  it('never throws or hangs on random or truncated compose files', () => {
    const full = read(BASE) + read('bad-input.yml') + read('ports-every-form.yml');
    const yamlish = fc.stringMatching(/^[a-z:\-\s"'[\]{}&*<$0-9.#/]{0,200}$/);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.nat(full.length).map((n) => full.slice(0, n)),
          yamlish,
          fc.string({ maxLength: 200 }),
        ),
        (text) => {
          const result = extractCompose([{ file: 'random.yml', text }], input);
          for (const skip of result.skips) expect(skip.reason).not.toBe('');
        },
      ),
      { numRuns: 200 },
    );
  });
});
