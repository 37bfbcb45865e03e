import { describe, expect, it } from 'vitest';
import { protectFact } from '../../collect/protect.js';
import { extractCompose } from '../../sources/compose/extract.js';
import { createFingerprinter } from '../../sources/secrets.js';
import { fact } from '../../test-support/facts.js';
import { byKey, runKubernetes } from '../../test-support/kubernetes.js';
import { expectFires, expectSilent } from '../../test-support/rule-cases.js';

const c = (attribute: string, value: string) => fact(`infra/workload/app/container/app/${attribute}`, value);
const kind = fact('infra/workload/app/kind', 'compose-service');

describe('infra.command-differs', () => {
  it('fires when staging starts another command, entrypoint or build stage, or overrides one production does not', () => {
    // Field trial (events-fetcher): dev runs `npm run dev` from the builder stage, prod `node dist/index.js`.
    const found = expectFires(
      'infra.command-differs',
      [kind, c('command', 'node dist/index.js'), c('build-target', 'production')],
      [kind, c('command', 'npm run dev'), c('build-target', 'builder')],
    );
    expect(found.map((d) => [d.severity, d.message])).toEqual([
      ['medium', 'app/app build-target: production production, staging builder'],
      ['medium', 'app/app command: production node dist/index.js, staging npm run dev'],
    ]);
    const one = expectFires('infra.command-differs', [kind, c('entrypoint', 'tini --')], [kind]);
    expect(one.map((d) => d.message)).toEqual([
      "app/app entrypoint tini -- in production only; staging runs the image's own",
    ]);
  });

  it('is silent when both start the same command, however it was spelled', () => {
    expectSilent(
      'infra.command-differs',
      [kind, c('command', 'node dist/index.js')],
      [kind, c('command', 'node dist/index.js')],
    );
    // Unknown on the side read in part: not a missing command.
    expectSilent(
      'infra.command-differs',
      [kind, c('command', 'worker')],
      [kind],
      {},
      { candidate: 'partial' },
    );
  });

  it('reads compose entrypoint, command, build.target and network_mode, the exec and shell forms alike', () => {
    const input = { source: 'compose:x', fingerprint: createFingerprinter('k') };
    const read = (yaml: string) =>
      Object.fromEntries(
        extractCompose([{ file: 'compose.yaml', text: yaml }], input).facts.map((f) => [f.key, f.value]),
      );
    const shell = read(
      'services:\n  app:\n    build: { context: ., target: builder }\n    command: npm run dev\n    entrypoint: ["tini", "--"]\n    network_mode: host\n',
    );
    expect(shell).toMatchObject({
      'infra/workload/app/container/app/build-target': 'builder',
      'infra/workload/app/container/app/command': 'npm run dev',
      'infra/workload/app/container/app/entrypoint': 'tini --',
      'infra/workload/app/network-mode': 'host',
    });
    const exec = read('services:\n  app:\n    image: a\n    command: ["npm", "run", "dev"]\n');
    expect(exec['infra/workload/app/container/app/command']).toBe(
      shell['infra/workload/app/container/app/command'],
    );
    const bad = extractCompose(
      [{ file: 'compose.yaml', text: 'services:\n  app:\n    image: a\n    command: { x: 1 }\n' }],
      input,
    );
    expect(bad.skips.map((s) => [s.line, s.reason])).toEqual([
      [4, 'expected command to be a string or a list of words'],
    ]);
  });

  it('reads Kubernetes command (the entrypoint) and args (the command), and never keeps a credential in them', () => {
    const result = runKubernetes(['container-commands.yaml']);
    const facts = byKey(result);
    expect(facts['infra/workload/api/container/api/entrypoint']).toEqual([
      'node',
      'container-commands.yaml:11',
    ]);
    expect(facts['infra/workload/api/container/api/command']?.[1]).toBe('container-commands.yaml:12');
    expect(result.skips.map((s) => [s.line, s.reason])).toEqual([
      [18, 'args: expected a list of strings, got a string'],
    ]);
    // The gate every fact passes when collected (collect/protect.ts) hides the password in the args.
    const fingerprint = createFingerprinter('k');
    const collected = result.facts.map((f) => protectFact(f, fingerprint));
    expect(JSON.stringify(collected)).not.toMatch(/planted-command-secret/);
    const command = collected.find((f) => f.key === 'infra/workload/api/container/api/command');
    expect(JSON.stringify(command?.value)).toMatch(
      /dist\/index\.js --max-old-space-size=512 --db-password=\*\*\*\*/,
    );
  });
});

describe('infra.mounts-differ', () => {
  const mounts = (...m: string[]) => fact('infra/workload/loki/container/loki/mounts', m, { compare: 'set' });
  const loki = fact('infra/workload/loki/kind', 'compose-service');

  it('fires when a container keeps its data at another path, or mounts storage on one side only', () => {
    // Field trial (alien-commons): production mounts its Loki data at /var/lib/loki/data, where Loki
    // (path_prefix /loki) does not write; staging mounts /loki.
    const found = expectFires(
      'infra.mounts-differ',
      [loki, mounts('/etc/loki/loki.yml (bind, read-only)', '/var/lib/loki/data (bind)')],
      [loki, mounts('/etc/loki/loki.yml (bind, read-only)', '/loki (bind)')],
    );
    expect(found.map((d) => [d.severity, d.message])).toEqual([
      ['medium', 'loki/loki mounts: production only: /var/lib/loki/data (bind); staging only: /loki (bind)'],
    ]);
    expectFires('infra.mounts-differ', [loki, mounts('/data (volume)')], [loki]);
  });

  it('is silent when both mount the same storage at the same paths', () => {
    expectSilent('infra.mounts-differ', [loki, mounts('/data (volume)')], [loki, mounts('/data (volume)')]);
  });

  it('reads compose volumes as the container sees them, short and long syntax, merged by target', () => {
    const read = (yaml: string) =>
      extractCompose([{ file: 'compose.yaml', text: yaml }], {
        source: 'c',
        fingerprint: createFingerprinter('k'),
      });
    const one = read(
      [
        'services:',
        '  app:',
        '    image: a',
        '    volumes:',
        '      - .:/app',
        '      - data:/var/lib/data/',
        '      - ./conf.yml:/etc/app.yml:ro',
        '      - /cache',
        '      - { type: tmpfs, target: /tmp }',
        '      - 42',
      ].join('\n'),
    );
    expect(one.facts.find((f) => f.key.endsWith('/mounts'))?.value).toEqual([
      '/app (bind)',
      '/cache (volume)',
      '/etc/app.yml (bind, read-only)',
      '/tmp (tmpfs)',
      '/var/lib/data (volume)',
    ]);
    expect(one.skips.map((s) => s.line)).toEqual([4]);
    // An override's mount at a target replaces the base's there, as docker compose merges them.
    const layered = extractCompose(
      [
        {
          file: 'base.yaml',
          text: 'services:\n  app:\n    image: a\n    volumes: [".:/app", "data:/data"]\n',
        },
        { file: 'prod.yaml', text: 'services:\n  app:\n    volumes: ["/srv/data:/data:ro"]\n' },
      ],
      { source: 'c', fingerprint: createFingerprinter('k') },
    );
    expect(layered.facts.find((f) => f.key.endsWith('/mounts'))?.value).toEqual([
      '/app (bind)',
      '/data (bind, read-only)',
    ]);
  });
});
