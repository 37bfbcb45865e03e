// Class 4: hostile files in every file source kind (one audit per hostile file, all kinds at once;
// a run that hangs, explodes or crashes is re-run per kind to name the kind), user regexes, paths
// outside the project, and numeric flags; class 5: exit codes.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { FILE_KINDS, HOSTILE_FILES } from './corpus-hostile.mjs';
import { cli, OUT, write } from './lib.mjs';

const NON_REGULAR = /link|fifo|directory|proc|dev-|sparse|unreadable/;
const YAML_ONLY = /^yaml-/;
const JSON_ONLY = /^json-/;
const LOG_ONLY = /^(gzip-bomb|one-100MB-line)$/;
const YAML_KINDS = new Set([
  'kubernetes',
  'compose',
  'helm-values',
  'github-actions',
  'gitlab-ci',
  'feature-flags-yaml',
  'prometheus-rules',
  'alertmanager',
  'otel-collector',
  'kustomize',
]);

function kindsFor(name) {
  if (YAML_ONLY.test(name)) return Object.keys(FILE_KINDS).filter((k) => YAML_KINDS.has(k));
  if (JSON_ONLY.test(name)) return ['terraform', 'feature-flags', 'deploy-log'];
  if (LOG_ONLY.test(name)) return ['access-log', 'access-log-gz', 'dotenv', 'kubernetes'];
  if (name === 'grows-while-read') return ['kubernetes', 'dotenv', 'access-log'];
  return Object.keys(FILE_KINDS);
}

function sourceLine(kind, file) {
  const k = kind.replace(/-(yaml|gz)$/, '');
  const extra =
    k === 'github-actions' || k === 'gitlab-ci'
      ? ', environment: production'
      : k === 'dotenv' || k === 'dockerfile'
        ? ', workload: w'
        : '';
  const p = k === 'kustomize' ? path.dirname(file) : file;
  return `      - {kind: ${k}, id: ${kind}, path: ${JSON.stringify(p)}${extra}}`;
}

function project(dir, name, kinds) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, '.git'), { recursive: true });
  const cleanups = [];
  const lines = [];
  for (const kind of kinds) {
    const rel =
      kind === 'kustomize' ? `files/${kind}/${FILE_KINDS[kind]}` : `files/${kind}-${FILE_KINDS[kind]}`;
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    const c = HOSTILE_FILES[name](file);
    if (typeof c === 'function') cleanups.push(c);
    lines.push(sourceLine(kind, rel));
  }
  write(
    path.join(dir, 'parity.yaml'),
    `version: 1\nbaseline: production\nenvironments:\n  production:\n    sources:\n${lines.join('\n')}\n  staging:\n    sources:\n${lines.join('\n')}\n`,
  );
  return () => {
    for (const c of cleanups) c();
  };
}

export async function hostileFiles(tally) {
  for (const name of Object.keys(HOSTILE_FILES)) {
    const kinds = kindsFor(name);
    const dir = path.join(OUT, 'hostile', name);
    const cleanup = project(dir, name, kinds);
    const r = await cli(['audit', '-f', 'json'], { cwd: dir });
    cleanup();
    const bad = r.hang || r.memory || r.stack || r.code > 2 || r.code < 0;
    // A required source that cannot be read makes the audit exit 2, never 0/1 passed off as read.
    const okCodes = NON_REGULAR.test(name) && name !== 'link-outside-project' ? [2] : [0, 1, 2];
    if (!bad) {
      for (const k of kinds)
        tally.record(
          '4 hostile files',
          `${name} in ${k}`,
          k === kinds[0] ? r : { ...r, hang: false, memory: false, stack: false, code: okCodes[0] },
          { okCodes },
        );
      continue;
    }
    for (const k of kinds) {
      const d = path.join(OUT, 'hostile', `${name}--${k}`);
      const c = project(d, name, [k]);
      const rk = await cli(['audit', '-f', 'json'], { cwd: d });
      c();
      tally.record('4 hostile files', `${name} in ${k}`, rk, {
        okCodes,
        extra: {
          detail: `${rk.ms} ms, ${Math.round(rk.rssKB / 1024)} MB, exit ${rk.code}: ${rk.stderr.slice(0, 200)}`,
        },
      });
    }
  }
}

/** Quadratic inputs and catastrophic regexes (timed; > 30 s is a hang). */
export async function quadraticAndRegex(tally) {
  const base = path.join(OUT, 'quadratic');
  rmSync(base, { recursive: true, force: true });
  const fmt = (sep) => `$remote_addr${sep}$request${sep}$status`;
  const logs = (n) =>
    Array.from({ length: n }, (_, i) => `10.0.0.1 "GET /a${i % 7} HTTP/1.1" 200`).join('\n');
  write(path.join(base, 'access.log'), `${logs(1000)}\n`);
  const cases = [
    [
      'log_format 200k-space separator',
      ['traffic', 'profile', 'access.log', '--no-save', '--log-format', fmt(' '.repeat(200000))],
    ],
    [
      'log_format 3MB literal',
      [
        'traffic',
        'profile',
        'access.log',
        '--no-save',
        '--log-format',
        `$remote_addr ${'x'.repeat(3e6)} $status`,
      ],
    ],
    [
      'log_format 50k variables',
      [
        'traffic',
        'profile',
        'access.log',
        '--no-save',
        '--log-format',
        Array.from({ length: 50000 }, () => '$status').join(' '),
      ],
    ],
    [
      'log_format regex metachars',
      [
        'traffic',
        'profile',
        'access.log',
        '--no-save',
        '--log-format',
        '$remote_addr (.*)+$ [a-z]{1,99999} $status',
      ],
    ],
    [
      '--fields deep JSON path',
      [
        'traffic',
        'profile',
        'access.log',
        '--no-save',
        '--fields',
        JSON.stringify({ time: `${'a.'.repeat(50000)}b`, path: 'p' }),
      ],
    ],
    [
      '--fields huge JSON',
      ['traffic', 'profile', 'access.log', '--no-save', '--fields', `{"time":"${'t'.repeat(5e6)}"}`],
    ],
  ];
  const viaConfig = (format) => {
    write(
      path.join(base, 'parity.yaml'),
      `version: 1\nbaseline: production\nenvironments:\n  production:\n    sources: [{kind: access-log, path: access.log, format: ${JSON.stringify(format)}}]\n  staging:\n    sources: [{kind: access-log, path: access.log, format: ${JSON.stringify(format)}}]\n`,
    );
    return ['audit', '-f', 'json'];
  };
  for (const [name, a] of cases) {
    // argv holds at most 128 KiB per argument: larger formats go through parity.yaml.
    const big = a.find((x) => x.length > 100_000);
    const args =
      big && name.startsWith('log_format')
        ? viaConfig(big)
        : big
          ? a.map((x) => (x === big ? x.slice(0, 100_000) : x))
          : a;
    const r = await cli(args, { cwd: base });
    tally.record('4 quadratic inputs', name, r, {
      extra: { detail: `${r.ms} ms ${Math.round(r.rssKB / 1024)} MB exit ${r.code}` },
    });
  }
  // ConfigMaps with 50k/100k/200k keys (the old keyLine lookup was quadratic).
  for (const n of [50000, 100000, 200000]) {
    const d = path.join(base, `cm-${n}`);
    write(
      path.join(d, 'files/cm.yaml'),
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n${Array.from({ length: n }, (_, i) => `  k${i}: v${i}`).join('\n')}\n`,
    );
    write(
      path.join(d, 'parity.yaml'),
      'version: 1\nbaseline: production\nenvironments:\n  production:\n    sources: [{kind: kubernetes, path: files/cm.yaml}]\n  staging:\n    sources: [{kind: kubernetes, path: files/cm.yaml}]\n',
    );
    const r = await cli(['audit', '-f', 'json'], { cwd: d });
    tally.record('4 quadratic inputs', `ConfigMap ${n} keys`, r, {
      extra: { detail: `${r.ms} ms ${Math.round(r.rssKB / 1024)} MB exit ${r.code}` },
    });
  }
  // Catastrophic regexes: rename (config) and prometheus-rules normalise, on long near-matching names.
  const evil = [
    '(a+)+$',
    '(a|a)+$',
    '(a|aa)+$',
    '(a*)*b',
    '([a-z]+)*$',
    '(.*a){25}',
    '(\\w+\\s?)+$',
    '^(a+)+\\1$',
    '(?=(a+))+b',
    '(a{1,30}){1,30}$',
    '((a+)+)+$',
    'a{100000}',
    '(?<x>a+)\\k<x>+$',
    '[',
    '(?i)(a+)+$',
  ];
  const longName = `${'a'.repeat(5000)}!`;
  for (const re of evil) {
    const d = path.join(base, `regex-${evil.indexOf(re)}`);
    write(
      path.join(d, 'deploy/p.yaml'),
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${longName}}\nspec: {replicas: 1, template: {spec: {containers: [{name: c, image: "x:1"}]}}}\n`,
    );
    write(
      path.join(d, 'rules.yaml'),
      `groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: ${JSON.stringify(`up{job="${'a'.repeat(5000)}!"} > 1`)}\n`,
    );
    write(
      path.join(d, 'parity.yaml'),
      `version: 1\nbaseline: production\nenvironments:\n  production:\n    sources: [{kind: kubernetes, path: deploy/}, {kind: prometheus-rules, path: rules.yaml, normalise: [${JSON.stringify(re)}]}]\n  staging:\n    sources: [{kind: kubernetes, path: deploy/}, {kind: prometheus-rules, path: rules.yaml, normalise: [${JSON.stringify(re)}]}]\nrename:\n  - match: ${JSON.stringify(re)}\n    replace: ""\n`,
    );
    const r = await cli(['audit', '-f', 'json'], { cwd: d });
    tally.record('4 user regexes', re, r, {
      extra: { detail: `${r.ms} ms exit ${r.code} ${r.stderr.slice(0, 160)}` },
    });
  }
}

/** Paths outside the project: allowed only when written, and shown as outside in every report. */
export async function outsidePaths(tally) {
  const d = path.join(OUT, 'outside', 'repo');
  rmSync(path.join(OUT, 'outside'), { recursive: true, force: true });
  mkdirSync(path.join(d, '.git'), { recursive: true });
  write(path.join(OUT, 'outside', 'sibling.env'), 'A=1\n');
  const cases = {
    'relative ../ escape': '../sibling.env',
    'deep ../../ escape': '../../../../../../etc/hostname',
    'absolute system path': '/etc/hostname',
    'absolute /proc/self/environ': '/proc/self/environ',
    'glob reaching out': '../*.env',
    'dir with symlink out': 'linkdir/',
    'encoded dots': '%2e%2e/sibling.env',
    'tilde home': '~/.bashrc',
    'file url': 'file:///etc/hostname',
    'backslash escape': '..\\sibling.env',
  };
  mkdirSync(path.join(d, 'linkdir'), { recursive: true });
  try {
    (await import('node:fs')).symlinkSync('/etc/hostname', path.join(d, 'linkdir', 'h.env'));
  } catch {}
  for (const [name, p] of Object.entries(cases)) {
    write(
      path.join(d, 'parity.yaml'),
      `version: 1\nbaseline: production\nenvironments:\n  production:\n    sources: [{kind: dotenv, path: ${JSON.stringify(p)}, workload: w}]\n  staging:\n    sources: [{kind: dotenv, path: ${JSON.stringify(p)}, workload: w}]\n`,
    );
    for (const f of ['text', 'json', 'markdown']) {
      const r = await cli(['audit', '-f', f], { cwd: d });
      const out = r.stdout + r.stderr;
      // Read without saying it is outside the project = silent.
      const read = !/read nothing|not read|cannot|refus|no file|not found|does not exist/i.test(out);
      const said = /outside/i.test(out);
      const silent = read && !said;
      tally.record('4 paths outside project', `${name} (${f})`, r, {
        extra: silent ? { writes: 0, detail: `read silently: ${out.slice(0, 200)}` } : {},
      });
      if (silent)
        tally.row('4 paths outside project').silent = (tally.row('4 paths outside project').silent ?? 0) + 1;
    }
  }
}

/** Numeric and enumerated flags: every bad value is exit 2 naming the flag, quickly. */
export async function numericFlags(tally, _profile) {
  const d = path.join(OUT, 'flags');
  write(
    path.join(d, 'access.log'),
    `10.0.0.1 - - [06/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "x"\n`,
  );
  const bad = [
    'abc',
    '0',
    '-1',
    'NaN',
    'Infinity',
    '1e999',
    '0x10',
    '1.5',
    '',
    ' 1',
    '1e3x',
    '99999999999999999999',
  ];
  const flags = [
    [
      'traffic replay',
      ['traffic', 'replay', 'access.log', '--target', 'http://127.0.0.1:9/', '--allow-target', '127.0.0.1:9'],
      ['--connections', '--max-inflight', '--timeout', '--max-requests', '--rate', '--duration', '--seed'],
    ],
    ['traffic k6', ['traffic', 'k6', 'access.log'], ['--max-requests', '--rate', '--duration', '--seed']],
    ['traffic profile', ['traffic', 'profile', 'access.log', '--no-save'], ['--top']],
    [
      'data plans',
      [
        'data',
        'plans',
        '--queries',
        'q.sql',
        '--baseline-url',
        'postgres://x@127.0.0.1:1/x',
        '--candidate-url',
        'postgres://x@127.0.0.1:1/y',
      ],
      ['--scale', '--statement-timeout-ms', '--top'],
    ],
    [
      'data rehearse',
      [
        'data',
        'rehearse',
        '--schema',
        'schema.sql',
        '--queries',
        'q.sql',
        '--from-url',
        'postgres://x@127.0.0.1:1/x',
      ],
      ['--scale', '--runs', '--workers', '--statement-timeout-ms'],
    ],
    ['decide', ['decide', '-c', 'none.yaml'], ['--expires-in']],
  ];
  write(path.join(d, 'q.sql'), '-- name: a\nSELECT 1\n');
  write(path.join(d, 'schema.sql'), 'CREATE TABLE t (id int);\n');
  // Values some flags legitimately accept.
  const fine = {
    '--seed': ['0', '1.5', '-1', '0x10', ' 1'],
    '--scale': ['1.5', '0x10', ' 1'],
    '--timeout': ['1.5', ' 1'],
    '--duration': ['1.5', ' 1'],
  };
  // Surrounding spaces are trimmed: ' 1' is 1 for every flag.
  for (const f of [
    '--connections',
    '--max-inflight',
    '--max-requests',
    '--top',
    '--statement-timeout-ms',
    '--runs',
    '--workers',
    '--expires-in',
  ])
    fine[f] = [' 1'];
  for (const [label, base, names] of flags)
    for (const flag of names)
      for (const v of bad) {
        if (fine[flag]?.includes(v)) continue;
        const r = await cli([...base, flag, v], { cwd: d, killS: 40 });
        const named = r.stderr.includes(flag) || r.stdout.includes(flag);
        const ev = tally.record('4 numeric flags', `${label} ${flag} ${JSON.stringify(v)}`, r, {
          okCodes: [2],
        });
        if (r.code === 2 && !named) {
          tally.row('4 numeric flags').unnamed = (tally.row('4 numeric flags').unnamed ?? 0) + 1;
          tally.events.push({ ...ev, detail: `exit 2 without naming ${flag}: ${r.stderr.slice(0, 160)}` });
        }
      }
}

/** Exit codes of failures (issue 10 §5): anything not done as asked is 2. */
export async function exitCodes(tally, { pg15 }) {
  const d = path.join(OUT, 'exits');
  write(path.join(d, 'q-bad.sql'), '-- name: a\nSELECT * FROM no_such_table\n-- name: b\nSELECT nope(\n');
  write(path.join(d, 'q-ok.sql'), '-- name: a\nSELECT 1\n');
  write(path.join(d, 'schema.sql'), 'CREATE TABLE attack_victims (id int PRIMARY KEY, v text);\n');
  write(
    path.join(d, 'schema2.sql'),
    'CREATE TABLE attack_victims (id int PRIMARY KEY, v text, extra int);\n',
  );
  write(
    path.join(d, 'q-stg.sql'),
    '-- name: ok\nSELECT id FROM attack_victims WHERE id = 1\n-- name: stg-fails\nSELECT extra FROM attack_victims WHERE id = 2\n',
  );
  write(path.join(d, 'q-empty.sql'), '-- nothing here\n');
  write(path.join(d, 'bad.json'), '{"not": "a snapshot"}');
  write(path.join(d, 'trunc.json'), '{"version": 1, "environment": "x", "facts": [');
  write(path.join(d, 'parity-bad.yaml'), 'version: 1\nbaseline: nowhere\nenvironments: {}\n');
  const prod = `${pg15}/attack_prod`;
  const cases = [
    [
      'plans: all queries fail',
      ['data', 'plans', '--queries', 'q-bad.sql', '--baseline-url', prod, '--candidate-url', prod],
    ],
    [
      'plans: unreachable baseline',
      [
        'data',
        'plans',
        '--queries',
        'q-ok.sql',
        '--baseline-url',
        'postgres://x@127.0.0.1:1/x',
        '--candidate-url',
        prod,
      ],
    ],
    [
      'plans: unreachable candidate',
      [
        'data',
        'plans',
        '--queries',
        'q-ok.sql',
        '--baseline-url',
        prod,
        '--candidate-url',
        'postgres://x@127.0.0.1:1/x',
      ],
    ],
    [
      'plans: empty query file',
      ['data', 'plans', '--queries', 'q-empty.sql', '--baseline-url', prod, '--candidate-url', prod],
    ],
    [
      'plans: missing query file',
      ['data', 'plans', '--queries', 'nope.sql', '--baseline-url', prod, '--candidate-url', prod],
    ],
    ['plans: no urls', ['data', 'plans', '--queries', 'q-ok.sql']],
    [
      'plans: bad url',
      ['data', 'plans', '--queries', 'q-ok.sql', '--baseline-url', 'not a url', '--candidate-url', prod],
    ],
    [
      'plans: wrong password',
      [
        'data',
        'plans',
        '--queries',
        'q-ok.sql',
        '--baseline-url',
        'postgres://nobody:x@127.0.0.1:54315/attack_prod',
        '--candidate-url',
        prod,
      ],
    ],
    [
      'plans: no such database',
      [
        'data',
        'plans',
        '--queries',
        'q-ok.sql',
        '--baseline-url',
        `${pg15}/no_such_db`,
        '--candidate-url',
        prod,
      ],
    ],
    [
      'plans: bad format',
      [
        'data',
        'plans',
        '--queries',
        'q-ok.sql',
        '--baseline-url',
        prod,
        '--candidate-url',
        prod,
        '--format',
        'yaml',
      ],
    ],
    [
      'rehearse: staging query fails',
      [
        'data',
        'rehearse',
        '--schema',
        'schema.sql',
        '--queries',
        'q-bad.sql',
        '--from-url',
        prod,
        '--scale',
        '0.01',
        '--staging-url',
        `${pg15}/attack_stg`,
        '--workers',
        '1',
      ],
    ],
    [
      'rehearse: unreachable from-url',
      [
        'data',
        'rehearse',
        '--schema',
        'schema.sql',
        '--queries',
        'q-ok.sql',
        '--from-url',
        'postgres://x@127.0.0.1:1/x',
      ],
    ],
    [
      'rehearse: missing snapshot',
      ['data', 'rehearse', '--schema', 'schema.sql', '--queries', 'q-ok.sql', '--from-snapshot', 'nope.json'],
    ],
    [
      'rehearse: only the staging query fails',
      [
        'data',
        'rehearse',
        '--schema',
        'schema2.sql',
        '--queries',
        'q-stg.sql',
        '--from-url',
        prod,
        '--scale',
        '0.01',
        '--staging-url',
        `${pg15}/attack_stg`,
        '--workers',
        '1',
      ],
    ],
    ['compare: not a snapshot', ['compare', 'bad.json', 'bad.json']],
    ['compare: truncated snapshot', ['compare', 'trunc.json', 'trunc.json']],
    ['compare: missing file', ['compare', 'nope.json', 'nope.json']],
    ['audit: missing config', ['audit', '-c', 'nope.yaml']],
    ['audit: bad baseline', ['audit', '-c', 'parity-bad.yaml']],
    ['snapshot: unknown env', ['snapshot', 'nowhere', '-c', 'parity-bad.yaml']],
    ['decide: missing config', ['decide', '-c', 'nope.yaml']],
    [
      'replay: target refuses connections',
      [
        'traffic',
        'replay',
        'q-ok.sql',
        '--target',
        'http://127.0.0.1:9/',
        '--allow-target',
        '127.0.0.1:9',
        '--duration',
        '2s',
      ],
    ],
    ['profile: no such log', ['traffic', 'profile', 'nope.log', '--no-save']],
    ['profile: log with no parsable line', ['traffic', 'profile', 'q-ok.sql', '--no-save']],
    ['k6: output dir missing', ['traffic', 'k6', 'q-ok.sql', '-o', '/nonexistent/dir/k6.js']],
    ['explain: unknown rule', ['explain', 'no.such-rule']],
    ['unknown command', ['frobnicate']],
    ['unknown option', ['audit', '--frobnicate']],
  ];
  for (const [name, args] of cases) {
    const r = await cli(args, { cwd: d, killS: 120 });
    tally.record(
      '5 exit codes',
      name,
      { ...r, hang: r.ms > 120_000 },
      {
        okCodes: [2],
        extra: r.code !== 2 ? { detail: `exit ${r.code}: ${(r.stderr || r.stdout).slice(0, 200)}` } : {},
      },
    );
  }
}
