import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Fact } from '../../model/fact.js';
import { createFingerprinter } from '../secrets.js';
import { envFileRefs, extractCompose, loadComposeProject } from './extract.js';

const read = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const input = { source: 'compose:shop', fingerprint: createFingerprinter('test-key') };

/** A single compose file with no env_file, as collect() would read it. */
function project(name: string) {
  return extractCompose([{ file: name, text: read(name) }], input);
}

function inline(yaml: string) {
  return extractCompose([{ file: 'compose.yaml', text: yaml }], input);
}

/** key -> [value, file:line], the three things a fact must get right. */
function table(facts: readonly Fact[]) {
  return Object.fromEntries(facts.map((f) => [f.key, [f.value, `${f.origin.file}:${f.origin.line}`]]));
}

describe('compose merge, forms and odd input', () => {
  it('merges files like docker compose -f: maps merge, scalars override, env by name, ports add up', () => {
    const base = [
      'services:',
      '  api:',
      '    image: shop/api:1',
      '    environment: { A: "1", B: "2" }',
      '    ports: ["8080:80"]',
      '    healthcheck:',
      '      test: ["CMD", "true"]',
      '      interval: 10s',
      '    deploy:',
      '      resources:',
      '        limits: { cpus: "1", memory: 1g }',
    ].join('\n');
    const over = [
      'services:',
      '  api:',
      '    image: shop/api:2',
      '    environment: [B=20, C]',
      '    ports: ["9090:90", "8081:80"]',
      '    healthcheck: { retries: 5 }',
      '    deploy: { resources: { limits: { memory: 2g } } }',
      '  extra:',
      '    image: busybox',
    ].join('\n');
    const result = extractCompose(
      [
        { file: 'base.yml', text: base },
        { file: 'over.yml', text: over },
      ],
      input,
    );
    // Hardening (access/) has its own test: hardening.test.ts.
    expect(table(result.facts.filter((f) => f.dimension !== 'access'))).toEqual({
      'infra/workload/api/kind': ['compose-service', 'base.yml:2'],
      'infra/workload/api/replicas': [1, 'base.yml:2'],
      'infra/workload/api/container/api/image': ['shop/api:2', 'over.yml:3'],
      'infra/workload/api/container/api/cpu-limit': [1, 'base.yml:11'],
      'infra/workload/api/container/api/memory-limit': [2 * 1024 ** 3, 'over.yml:7'],
      'infra/workload/api/container/api/probe/readiness': [
        'exec true interval=10s timeout=30s retries=5',
        'over.yml:6',
      ],
      'config/env/api/A': ['1', 'base.yml:4'],
      'config/env/api/B': ['20', 'over.yml:4'],
      'config/env/api/C': ['(from host)', 'over.yml:4'],
      'infra/service/api/ports': [['80/tcp', '90/tcp'], 'over.yml:5'],
      'infra/workload/extra/kind': ['compose-service', 'over.yml:8'],
      'infra/workload/extra/replicas': [1, 'over.yml:8'],
      'infra/workload/extra/container/extra/image': ['busybox', 'over.yml:9'],
      'infra/substrate/registry': [['docker.io'], 'over.yml:3'],
    });
  });

  it('interpolates like Compose without reading the process environment', () => {
    process.env.PARITY_TEST_TAG = 'from-the-shell';
    const result = inline(
      [
        'services:',
        '  api:',
        '    image: ${REGISTRY:-ghcr.io/shop}/api:${PARITY_TEST_TAG}',
        '    scale: ${API_SCALE:-3}',
        '    environment:',
        '      PRICE: $$5',
        '      REGION: ${REGION-eu-west-1}',
        '      MODE: ${MODE:+on}',
        '      RAW: $PLAIN',
      ].join('\n'),
    );
    delete process.env.PARITY_TEST_TAG;
    expect(table(result.facts)).toMatchObject({
      'infra/workload/api/container/api/image': ['ghcr.io/shop/api:${PARITY_TEST_TAG}', 'compose.yaml:3'],
      'infra/workload/api/replicas': [3, 'compose.yaml:4'],
      'config/env/api/PRICE': ['$5', 'compose.yaml:6'],
      'config/env/api/REGION': ['eu-west-1', 'compose.yaml:7'],
      'config/env/api/MODE': ['${MODE:+on}', 'compose.yaml:8'],
      'config/env/api/RAW': ['$PLAIN', 'compose.yaml:9'],
      'infra/substrate/registry': [['ghcr.io'], 'compose.yaml:3'],
    });
  });

  it('reads every form of ports, keeping the container side', () => {
    const result = project('ports-every-form.yml');
    expect(result.skips).toEqual([]);
    expect(table(result.facts)['infra/service/edge/ports']).toEqual([
      ['53/udp', '80/tcp', '443/tcp', '6001/tcp', '7000/tcp', '8080/tcp', '8081/tcp', '9000/udp', '9100/tcp'],
      'ports-every-form.yml:4',
    ]);
  });

  it('normalises healthchecks and masks the secrets they carry', () => {
    const result = project('healthcheck-forms.yml');
    const probes = result.facts
      .filter((f) => f.attribute === 'readiness')
      .map((f) => [f.subject, f.value, f.origin.line]);
    expect(probes).toEqual([
      ['disabled', 'disabled', 4],
      ['none', 'disabled', 8],
      ['defaults-only', 'exec (image default) interval=90s timeout=30s retries=3', 12],
      [
        'db',
        'exec PGPASSWORD=**** pg_isready -h localhost --password **** interval=1500ms timeout=2s retries=10 start=60s',
        16,
      ],
      ['cache', 'exec redis-cli -u redis://:****@localhost:6379 ping interval=30s timeout=30s retries=3', 24],
    ]);
    expect(JSON.stringify(result)).not.toMatch(/planted/);
  });

  it('turns odd services and values into skips with lines, and keeps the rest', () => {
    const result = project('bad-input.yml');
    expect(result.skips.map((s) => [s.line, s.reason])).toEqual([
      [2, 'expected service "just-a-string" to be a mapping'],
      [6, 'expected deploy.replicas to be a whole number, got "many"'],
      [9, 'expected deploy.resources.limits.cpus to be a number of CPUs like 0.5, got "500m"'],
      [10, 'expected deploy.resources.limits.memory to be a memory size like 512m, 1g or 1.5gb, got "lots"'],
      [14, 'expected environment to be a mapping or a list of NAME=value'],
      [12, 'expected a port like "8080:80", "127.0.0.1:53:53/udp" or {target: 80}, got "80:http"'],
      [16, 'extends is not followed: what service "child" inherits is unknown'],
      [19, 'service "bad/name": expected a name of letters, digits, ".", "_" or "-"'],
    ]);
    expect(result.skips.every((s) => s.source === 'compose:shop' && s.file === 'bad-input.yml')).toBe(true);
    expect(table(result.facts)).toMatchObject({
      'infra/workload/api/replicas': [1, 'bad-input.yml:3'],
      'infra/service/api/ports': [['80/tcp'], 'bad-input.yml:11'],
      'infra/workload/child/container/child/image': ['shop/child:1', 'bad-input.yml:18'],
    });
  });

  it('never passes the base file off as the project when an override cannot be read', () => {
    const result = extractCompose(
      [
        { file: 'compose.yaml', text: 'services:\n  api:\n    image: shop/api:1\n' },
        { file: 'compose.prod.yaml', text: 'services:\n  api:\n    image: [shop/api:2\n' },
      ],
      input,
    );
    expect(result.facts).toEqual([]);
    expect(result.skips.map((s) => [s.file, s.reason])).toEqual([
      ['compose.prod.yaml', expect.stringMatching(/^invalid YAML/)],
      ['compose.yaml', 'not compared: Compose merges these with compose.prod.yaml, which could not be read'],
    ]);
  });

  it('says what was expected when the file is not a compose file', () => {
    const skipsOf = (name: string) => project(name).skips.map((s) => [s.line, s.reason]);
    expect(skipsOf('invalid-yaml.yml')).toEqual([[4, 'invalid YAML: bad indentation of a mapping entry']]);
    expect(skipsOf('services-missing.yml')).toEqual([[1, 'expected a top-level services: mapping']]);
    expect(skipsOf('services-a-list.yml')).toEqual([
      [1, 'expected services: to be a mapping of service names to services'],
    ]);
    expect(inline('').skips).toEqual([
      {
        source: 'compose:shop',
        file: 'compose.yaml',
        reason: 'expected a top-level services: mapping; the file is empty',
      },
    ]);
    expect(
      inline('services:\n  a:\n    environment:\n      "A/B": x\n').skips.map((s) => [s.line, s.reason]),
    ).toEqual([[4, 'expected an environment variable name without "/", "=" or spaces']]);
    expect(inline('- just\n- a list\n').skips.map((s) => s.reason)).toEqual([
      'expected a mapping with a top-level services: key',
    ]);
  });

  it('skips a required env_file that cannot be read, and not an optional one', () => {
    const yaml = [
      'services:',
      '  api:',
      '    image: shop/api:1',
      '    env_file:',
      '      - missing.env',
      '      - path: optional.env',
      '        required: false',
    ].join('\n');
    const result = extractCompose([{ file: 'deploy/compose.yaml', text: yaml }], input, new Map());
    expect(result.skips).toEqual([
      {
        source: 'compose:shop',
        file: 'deploy/compose.yaml',
        line: 4,
        reason: 'env_file deploy/missing.env cannot be read (no such file)',
        // Its variables are unknown, not absent (the source was read only in part), and only
        // this service's variables: an env file sets nothing else.
        unread: true,
        unreadScope: ['config/env/api/'],
      },
    ]);
    expect(
      envFileRefs(loadComposeProject([{ file: 'deploy/compose.yaml', text: yaml }], 's').services),
    ).toEqual([
      { path: 'deploy/missing.env', required: true, file: 'deploy/compose.yaml', line: 4 },
      { path: 'deploy/optional.env', required: false, file: 'deploy/compose.yaml', line: 4 },
    ]);
  });

  it('says which service an unread part leaves unknown: a missing env_file, extends, a service not a mapping', () => {
    const yaml = [
      'x-common: &common',
      '  env_file: .env',
      'services:',
      '  app:',
      '    <<: *common',
      '    image: shop/app:1',
      '  worker:',
      '    <<: *common',
      '    image: shop/app:1',
      '  agent:',
      '    extends: app',
      '  broken: just-a-string',
      '  web:',
      '    image: shop/web:1',
      '    environment:',
      '      - DJANGO_ENV: stg',
    ].join('\n');
    const result = extractCompose([{ file: 'compose.yaml', text: yaml }], input, new Map());
    expect(result.skips.map((s) => [s.line, s.unread, s.unreadScope?.[0]])).toEqual([
      [11, true, 'infra/workload/agent/'],
      [12, true, 'infra/workload/broken/'],
      // `- NAME: value` in a list is no NAME=value: that variable is unknown, not absent.
      [15, true, 'config/env/web/'],
      [4, true, 'config/env/app/'],
      [7, true, 'config/env/worker/'],
    ]);
    // What else a service states lies under the scope of a whole service.
    const agent = result.skips[0]!.unreadScope!;
    for (const f of result.facts.filter(
      (f) => f.key.includes('/app/') || f.key.startsWith('infra/substrate/'),
    ))
      expect(agent.some((p) => f.key.replaceAll('/app/', '/agent/').startsWith(p))).toBe(true);
  });
});
