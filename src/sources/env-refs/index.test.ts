import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createFingerprinter } from '../secrets.js';
import type { SourceSpec } from '../types.js';
import { envRefsSource } from './index.js';

const fixtures = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
const ctx = { environment: 'staging', production: false, fingerprint: createFingerprinter('k') };
const spec = (baseDir: string, paths: string[]): SourceSpec => ({
  kind: 'env-refs',
  id: 'env-refs:code',
  paths,
  baseDir,
  options: {},
});
const collect = (baseDir: string, paths: string[], options: { exclude?: string[] } = {}) =>
  envRefsSource.collect(spec(baseDir, paths), envRefsSource.options.parse(options), ctx);

const scratch = mkdtempSync(path.join(tmpdir(), 'parity-env-refs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
function tree(name: string, files: Record<string, string | Buffer>): string {
  const root = path.join(scratch, name);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  return root;
}

describe('envRefsSource', () => {
  it('reads every language of a polyglot service into one fact per variable', async () => {
    const result = await collect(fixtures, ['polyglot-service']);
    const p = 'polyglot-service/';
    expect(result.facts.map((f) => [f.key, f.value, `${f.origin.file}:${f.origin.line}`])).toEqual([
      ['config/code-ref/ALLOWED_HOSTS', 'optional', `${p}api/settings.py:7`],
      ['config/code-ref/APP_NAME', 'required', `${p}web/src/runtimes.mjs:3`],
      ['config/code-ref/AWS_REGION', 'required', `${p}jobs/App.java:10`],
      ['config/code-ref/BILLING_CURRENCY', 'optional', `${p}billing/config.rb:5`],
      ['config/code-ref/BILLING_RETRIES', 'optional', `${p}billing/config.rb:6`],
      ['config/code-ref/BILLING_SANDBOX', 'optional', `${p}billing/config.rb:8`],
      ['config/code-ref/BILLING_TIMEOUT', 'optional', `${p}billing/config.rb:11`],
      ['config/code-ref/BUN_PORT', 'required', `${p}web/src/runtimes.mjs:2`],
      ['config/code-ref/CACHE_TTL_SECONDS', 'optional', `${p}web/src/config.ts:3`],
      ['config/code-ref/CELERY_BROKER_URL', 'required', `${p}api/settings.py:9`],
      ['config/code-ref/DATABASE_URL', 'required', `${p}api/settings.py:8`],
      ['config/code-ref/DEBUG', 'optional', `${p}web/src/config.ts:12`],
      ['config/code-ref/DENO_DEPLOY_TOKEN', 'optional', `${p}web/src/runtimes.mjs:1`],
      ['config/code-ref/DJANGO_DEBUG', 'optional', `${p}api/settings.py:6`],
      ['config/code-ref/DJANGO_SECRET_KEY', 'required', `${p}api/settings.py:5`],
      ['config/code-ref/DJANGO_SETTINGS_MODULE', 'optional', `${p}api/settings.py:12`],
      ['config/code-ref/GATEWAY_PORT', 'optional', `${p}gateway/src/main.rs:5`],
      ['config/code-ref/JOBS_API_TOKEN', 'required', `${p}jobs/Main.kt:5`],
      ['config/code-ref/JOBS_ENDPOINT', 'optional', `${p}jobs/Main.kt:4`],
      ['config/code-ref/JOBS_MODE', 'optional', `${p}jobs/App.java:8`],
      ['config/code-ref/JOBS_QUEUE', 'required', `${p}jobs/App.java:7`],
      ['config/code-ref/JOBS_THREADS', 'optional', `${p}jobs/App.java:9`],
      ['config/code-ref/LOG_LEVEL', 'optional', `${p}web/src/config.ts:10`],
      // Optional in config.ts (`?? 3000`), required in client.jsx: the required read is the origin.
      ['config/code-ref/PORT', 'required', `${p}web/src/client.jsx:6`],
      ['config/code-ref/PUBLIC_PATH', 'required', `${p}web/src/config.ts:13`],
      ['config/code-ref/QUEUE_URL', 'required', `${p}worker/main.go:10`],
      ['config/code-ref/RAILS_ENV', 'required', `${p}billing/config.rb:9`],
      ['config/code-ref/REDIS_URL', 'required', `${p}web/src/config.ts:3`],
      ['config/code-ref/RUST_LOG', 'optional', `${p}gateway/src/main.rs:7`],
      ['config/code-ref/SENTRY_DSN', 'required', `${p}api/settings.py:10`],
      ['config/code-ref/STRIPE_SECRET_KEY', 'required', `${p}billing/config.rb:4`],
      ['config/code-ref/STRIPE_WEBHOOK_SECRET', 'required', `${p}billing/config.rb:7`],
      ['config/code-ref/TEST_ONLY_DATABASE_URL', 'required', `${p}web/src/config.spec.js:2`],
      ['config/code-ref/TZ', 'optional', `${p}api/settings.py:11`],
      ['config/code-ref/UPSTREAM_URL', 'required', `${p}gateway/src/main.rs:6`],
      ['config/code-ref/VERBOSE', 'optional', `${p}worker/main.go:15`],
      ['config/code-ref/VITE_API_URL', 'required', `${p}web/src/client.jsx:2`],
      ['config/code-ref/WORKER_CONCURRENCY', 'optional', `${p}worker/main.go:11`],
    ]);
    expect(result.skips).toEqual([
      {
        source: 'env-refs:code',
        file: `${p}api/settings.py`,
        line: 21,
        reason: `4 dynamic environment reads not resolved (the name is an expression; first at ${p}api/settings.py:21)`,
      },
    ]);
  });

  it('gives full facts: config dimension, presence compare, subject code', async () => {
    const result = await collect(fixtures, ['polyglot-service/worker/main.go']);
    expect(result.facts[0]).toEqual({
      key: 'config/code-ref/AWS_REGION',
      dimension: 'config',
      subject: 'code',
      attribute: 'AWS_REGION',
      value: 'required',
      compare: 'presence',
      origin: { source: 'env-refs:code', file: 'polyglot-service/worker/main.go', line: 14 },
    });
  });

  it('leaves out excluded globs, matched from parity.yaml or from the scanned folder', async () => {
    const fromBase = await collect(fixtures, ['polyglot-service'], {
      exclude: ['**/*.spec.*', 'polyglot-service/jobs/**'],
    });
    const names = fromBase.facts.map((f) => f.attribute);
    expect(names).not.toContain('TEST_ONLY_DATABASE_URL');
    expect(names).not.toContain('JOBS_QUEUE');
    const fromRoot = await collect(fixtures, ['polyglot-service'], { exclude: ['jobs/**', 'settings.py'] });
    expect(fromRoot.facts.map((f) => f.attribute)).not.toContain('JOBS_QUEUE');
    expect(fromRoot.facts.map((f) => f.attribute)).not.toContain('DJANGO_SECRET_KEY');
    expect(fromRoot.facts.map((f) => f.attribute)).toContain('TEST_ONLY_DATABASE_URL');
  });

  it('skips dependency and build folders, other extensions, and says why for large or binary files', async () => {
    const root = tree('walk', {
      'src/app.ts': 'export const a = process.env.APP_URL;\n',
      'src/types.d.ts': 'declare const x: string;\n',
      'node_modules/lib/index.js': 'module.exports = process.env.FROM_NODE_MODULES;\n',
      'dist/app.js': 'console.log(process.env.FROM_DIST);\n',
      'vendor/gem.rb': "ENV['FROM_VENDOR']\n",
      '.git/hooks/pre-commit.py': "os.environ['FROM_GIT']\n",
      'scripts/deploy.sh': 'echo ${FROM_SHELL}\n',
      'src/huge.generated.js': `const x = process.env.IN_HUGE_FILE;\n${'// padding\n'.repeat(200_000)}`,
      'src/blob.js': Buffer.from([0x70, 0x00, 0x01]),
    });
    const result = await collect(root, ['.']);
    expect(result.facts.map((f) => f.attribute)).toEqual(['APP_URL']);
    expect(result.skips).toEqual([
      {
        source: 'env-refs:code',
        file: 'src/blob.js',
        line: 1,
        reason: 'binary file (NUL byte)',
        unread: true,
      },
      {
        source: 'env-refs:code',
        file: 'src/huge.generated.js',
        reason: 'file is 2.1 MiB, larger than the 2.0 MiB limit',
        unread: true,
      },
    ]);
  });

  it('says so when the path holds no source file', async () => {
    const root = tree('empty', { 'README.md': 'process.env.NOT_CODE\n' });
    const result = await collect(root, ['.', 'missing']);
    expect(result.facts).toEqual([]);
    expect(result.skips.map((s) => [s.file, s.reason.split(' (')[0]])).toEqual([
      ['.', 'the directory holds no file this source reads'],
      ['missing', 'no such file or directory'],
    ]);
  });

  it('says so when a file given by name is in no language it reads', async () => {
    const root = tree('named', {
      'deploy.sh': 'echo ${X}\n',
      'src/app.py': "os.environ['APP']\n",
      'src/notes.md': 'x\n',
    });
    const result = await collect(root, ['deploy.sh', 'src/*']);
    expect(result.facts.map((f) => f.attribute)).toEqual(['APP']);
    expect(result.skips).toEqual([
      {
        source: 'env-refs:code',
        file: 'deploy.sh',
        reason:
          'not a language this source reads (expected .js .mjs .cjs .jsx .ts .tsx .mts .cts .py .go .rb .java .kt .rs)',
      },
    ]);
  });

  it('never carries a value written in the code, such as a planted secret fallback', async () => {
    const planted = 'sk_live_plantedCodeSecret0000';
    const root = tree('secret', {
      'src/pay.ts': `export const key = process.env.STRIPE_KEY || '${planted}';\n`,
    });
    const result = await collect(root, ['src']);
    expect(result.facts.map((f) => [f.attribute, f.value])).toEqual([['STRIPE_KEY', 'optional']]);
    expect(JSON.stringify(result)).not.toContain(planted);
  });

  it('rejects unknown options', () => {
    expect(envRefsSource.options.safeParse({ exclude: ['x'], include: ['y'] }).success).toBe(false);
    expect(envRefsSource.options.safeParse({ exclude: 'x' }).success).toBe(false);
  });
});
