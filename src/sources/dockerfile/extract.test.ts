import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Fact } from '../../model/fact.js';
import { createFingerprinter } from '../secrets.js';
import { type ExtractInput, extractDockerfile } from './extract.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const input = (file: string, extra: Partial<ExtractInput> = {}): ExtractInput => ({
  source: 'dockerfile:test',
  file,
  fingerprint: createFingerprinter('test-key'),
  ...extra,
});
const rows = (facts: readonly Fact[]) => facts.map((f) => [f.key, f.value, f.origin.line]);
const run = (name: string, extra: Partial<ExtractInput> = {}) =>
  extractDockerfile(fixture(name), input(name, extra));

describe('extractDockerfile', () => {
  it('splits a multi-stage build into build args, build-stage ENV and runtime ENV', () => {
    const result = run('multi-stage-next-app.Dockerfile');
    expect(rows(result.facts)).toEqual([
      ['infra/image-base/deps', 'node:20-alpine', 5],
      ['infra/image-base/build', 'deps', 10],
      ['infra/image-base/runtime', 'node:20-alpine', 18],
      ['config/build-arg/NODE_VERSION', '20', 2],
      ['config/build-arg/APP_ENV', null, 3],
      ['config/build-arg/NEXT_PUBLIC_API_URL', 'https://api.example.com', 11],
      ['config/build-env/NODE_ENV', 'production', 13],
      ['config/build-env/NEXT_TELEMETRY_DISABLED', '1', 14],
      ['config/env/NODE_ENV', 'production', 20],
      ['config/env/PORT', '3000', 21],
      ['config/env/HOSTNAME', '0.0.0.0', 21],
      ['config/build-inlined/NEXT_PUBLIC_API_URL', 'build', 11],
      ['infra/image/runtime/exposed-ports', ['3000/tcp'], 23],
      ['access/image/user', 'node', 24],
    ]);
    expect(result.skips).toEqual([]);
  });

  it('names the stage of each build arg as its subject, `global` before the first FROM', () => {
    const args = run('multi-stage-next-app.Dockerfile').facts.filter((f) =>
      f.key.startsWith('config/build-arg/'),
    );
    expect(args.map((f) => [f.attribute, f.subject])).toEqual([
      ['NODE_VERSION', 'global'],
      ['APP_ENV', 'global'],
      ['NEXT_PUBLIC_API_URL', 'build'],
    ]);
  });

  it('gives full facts with dimension, compare and origin', () => {
    const facts = run('multi-stage-next-app.Dockerfile').facts;
    expect(facts.find((f) => f.key === 'infra/image/runtime/exposed-ports')).toEqual({
      key: 'infra/image/runtime/exposed-ports',
      dimension: 'infra',
      subject: 'runtime',
      attribute: 'exposed-ports',
      value: ['3000/tcp'],
      compare: 'set',
      origin: { source: 'dockerfile:test', file: 'multi-stage-next-app.Dockerfile', line: 23 },
    });
    expect(facts.find((f) => f.key === 'access/image/user')?.dimension).toBe('access');
  });

  it('reads the legacy ENV form, continuations with comments and blank lines, quotes and variables', () => {
    const result = run('legacy-env-and-continuations.Dockerfile');
    expect(rows(result.facts.filter((f) => f.key.startsWith('config/')))).toEqual([
      ['config/env/GREETING', 'hello   world', 4],
      ['config/env/LOG_LEVEL', 'info', 5],
      ['config/env/WORKERS', '4', 7],
      ['config/env/TIMEOUT_SECONDS', '30', 9],
      ['config/env/QUOTED', 'single $NOT_EXPANDED', 10],
      ['config/env/DOUBLE', 'with "escaped" quotes', 10],
      ['config/env/APP_HOME', '/srv/app', 11],
      // PYTHONPATH comes from the base image, which we cannot see: kept as written.
      ['config/env/PYTHONPATH', '/srv/app/lib:${PYTHONPATH}', 12],
    ]);
    expect(result.facts.find((f) => f.key === 'infra/image/stage-0/exposed-ports')?.value).toEqual([
      '8000/tcp',
      '9090/udp',
    ]);
    expect(result.skips).toEqual([]);
  });

  it('never reads heredoc bodies as instructions', () => {
    const result = run('heredoc-run.Dockerfile');
    expect(rows(result.facts)).toEqual([
      ['infra/image-base/stage-0', 'debian:bookworm-slim', 1],
      ['config/env/AFTER_HEREDOCS', 'yes', 16],
      ['infra/image/stage-0/exposed-ports', [], 1],
      ['access/image/user', 'root', 1],
    ]);
    expect(result.skips).toEqual([]);
  });

  it('honours the backtick escape directive of Windows images', () => {
    const result = run('windows-escape-backtick.Dockerfile');
    expect(rows(result.facts.filter((f) => f.dimension !== 'infra'))).toEqual([
      ['config/env/INSTALL_DIR', 'C:\\app', 4],
      ['config/env/LOG_DIR', 'C:\\logs', 5],
      ['access/image/user', 'ContainerUser', 6],
    ]);
  });

  it('carries ENV, USER and EXPOSE from the stage the runtime image is built FROM', () => {
    const result = run('runtime-from-base-stage.Dockerfile');
    expect(rows(result.facts)).toEqual([
      ['infra/image-base/builder', 'golang:1.22', 1],
      ['infra/image-base/base', 'gcr.io/distroless/static-debian12', 5],
      ['infra/image-base/stage-2', 'base', 10],
      ['config/build-env/CGO_ENABLED', '0', 2],
      ['config/build-env/GOFLAGS', '-mod=vendor', 2],
      ['config/env/TZ', 'Europe/Paris', 11],
      ['infra/image/base/exposed-ports', ['8080/tcp'], 8],
      ['infra/image/stage-2/exposed-ports', ['8080/tcp'], 8],
      ['access/image/user', '65532:65532', 7],
    ]);
  });

  it('says root when the runtime stage sets no USER', () => {
    const user = run('no-user-runs-as-root.Dockerfile').facts.find((f) => f.key === 'access/image/user');
    expect([user?.value, user?.origin.line]).toEqual(['root', 1]);
  });

  it('scopes ENV keys to the workload when one is given, and nothing else', () => {
    const keys = run('multi-stage-next-app.Dockerfile', { workload: 'storefront' }).facts.map((f) => f.key);
    expect(keys.filter((k) => k.startsWith('config/env/'))).toEqual([
      'config/env/storefront/NODE_ENV',
      'config/env/storefront/PORT',
      'config/env/storefront/HOSTNAME',
    ]);
    expect(keys).toContain('config/build-arg/NODE_VERSION');
  });

  it('marks build-inlined names from ARG or ENV once, at their first line', () => {
    const text = [
      'FROM node:20 AS build',
      'ARG VITE_API_URL',
      'ENV VITE_API_URL=$VITE_API_URL PUBLIC_SITE=shop REACT_APPLE=no',
      'FROM nginx:1.27',
      'ENV GATSBY_TOKEN_NAME=x',
    ].join('\n');
    const facts = extractDockerfile(text, input('Dockerfile')).facts;
    expect(rows(facts.filter((f) => f.key.startsWith('config/build-inlined/')))).toEqual([
      ['config/build-inlined/VITE_API_URL', 'build', 2],
      ['config/build-inlined/PUBLIC_SITE', 'build', 3],
      ['config/build-inlined/GATSBY_TOKEN_NAME', 'build', 5],
    ]);
  });

  it('resolves a bare ARG in a stage to its global default', () => {
    const text = 'ARG TAG=1.2.3\nFROM app:${TAG}\nARG TAG\nENV VERSION=${TAG:-dev} SUFFIX=${MISSING:-x}\n';
    const facts = extractDockerfile(text, input('Dockerfile')).facts;
    expect(rows(facts.filter((f) => f.dimension === 'config'))).toEqual([
      ['config/build-arg/TAG', '1.2.3', 1],
      ['config/env/VERSION', '1.2.3', 4],
      ['config/env/SUFFIX', '${MISSING:-x}', 4],
    ]);
    expect(facts[0]).toMatchObject({ key: 'infra/image-base/stage-0', value: 'app:1.2.3' });
  });

  it('reports odd lines as skips with their line and what was expected', () => {
    const result = run('malformed-lines.Dockerfile');
    expect(result.skips.map((s) => [s.line, s.reason])).toEqual([
      [1, 'only ARG may come before the first FROM, found COPY'],
      [2, 'a stage name must start with a letter and hold only letters, digits, - _ .'],
      [3, 'ENV expects NAME=value'],
      [4, 'ENV expects NAME=value pairs (not mixed with NAME value)'],
      [5, 'unknown instruction CPY (expected FROM, ARG, ENV, RUN, COPY, EXPOSE, USER, ...)'],
      [6, 'EXPOSE expects PORT or PORT/tcp|udp|sctp'],
      [7, 'USER expects USER[:GROUP]'],
      [8, 'FROM expects [--platform=...] IMAGE [AS NAME]'],
    ]);
    expect(result.facts.find((f) => f.key === 'config/env/OK')?.origin.line).toBe(9);
    expect(result.skips.every((s) => s.file === 'malformed-lines.Dockerfile')).toBe(true);
  });

  it('keeps stage keys apart when a stage name is used twice', () => {
    const result = extractDockerfile('FROM a AS app\nFROM b AS app\n', input('Dockerfile'));
    expect(rows(result.facts.filter((f) => f.key.startsWith('infra/image-base/')))).toEqual([
      ['infra/image-base/app', 'a', 1],
      ['infra/image-base/stage-1', 'b', 2],
    ]);
    expect(result.skips.map((s) => [s.line, s.reason])).toEqual([
      [2, 'the stage name app is already used by an earlier stage (expected unique names)'],
    ]);
  });

  it('gives one skip for a file without FROM', () => {
    expect(run('not-a-dockerfile.Dockerfile')).toEqual({
      facts: [],
      skips: [
        {
          source: 'dockerfile:test',
          file: 'not-a-dockerfile.Dockerfile',
          reason: 'no FROM instruction (expected a Dockerfile with at least one stage)',
        },
      ],
    });
  });

  it('never lets a planted secret out, even through a variable it flows into', () => {
    const result = run('planted-secret.Dockerfile');
    const json = JSON.stringify(result);
    for (const planted of ['planted-secret-value-7f3a9c', 'planted-db-password', 'npm_plantedArgSecret']) {
      expect(json).not.toContain(planted);
    }
    const byKey = new Map(result.facts.map((f) => [f.key, f.value]));
    expect(byKey.get('config/env/API_TOKEN')).toEqual({ secret: true, fingerprint: expect.any(String) });
    expect(byKey.get('config/env/DATABASE_URL')).toMatchObject({
      redacted: 'postgres://app:****@db:5432/shop',
    });
    expect(byKey.get('config/env/CACHE_KEY_PREFIX')).toMatchObject({ secret: true });
    expect(byKey.get('config/build-arg/NPM_TOKEN')).toMatchObject({ secret: true });
  });
});
