// Hostile files: alias bombs, deep nesting, non-regular files, quadratic inputs, growing files.
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, openSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

function laughs(levels = 10, width = 10) {
  const lines = ['a0: &a0 "lol"'];
  for (let i = 1; i < levels; i++)
    lines.push(`a${i}: &a${i} [${Array.from({ length: width }, () => `*a${i - 1}`).join(', ')}]`);
  lines.push(`boom: *a${levels - 1}`);
  return `${lines.join('\n')}\n`;
}

/** name -> how to make it at `file` (returns an optional clean-up). */
export const HOSTILE_FILES = {
  'yaml-billion-laughs': (f) => writeFileSync(f, laughs()),
  'yaml-laughs-in-mapping-values': (f) =>
    writeFileSync(f, `${laughs(8, 12).replace('boom:', 'data:\n  boom:')}spec: {replicas: *a7}\n`),
  'yaml-huge-anchor-many-refs': (f) =>
    writeFileSync(
      f,
      `big: &big "${'x'.repeat(1 << 20)}"\nrefs: [${Array.from({ length: 2000 }, () => '*big').join(',')}]\n`,
    ),
  'yaml-merge-chain': (f) => {
    const l = ['m0: &m0 {k0: 1}'];
    for (let i = 1; i < 2000; i++) l.push(`m${i}: &m${i} {<<: *m${i - 1}, k${i}: ${i}}`);
    writeFileSync(f, `${l.join('\n')}\n`);
  },
  'yaml-merge-fanout': (f) => {
    const l = ['m0: &m0 {k: 1}'];
    for (let i = 1; i < 25; i++) l.push(`m${i}: &m${i} {<<: [*m${i - 1}, *m${i - 1}, *m${i - 1}], k${i}: 1}`);
    writeFileSync(f, `${l.join('\n')}\n`);
  },
  'yaml-deep-flow': (f) => writeFileSync(f, `${'['.repeat(200000)}${']'.repeat(200000)}\n`),
  'yaml-deep-block': (f) =>
    writeFileSync(f, `${Array.from({ length: 5000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} 1\n`),
  'yaml-100k-keys': (f) =>
    writeFileSync(
      f,
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n${Array.from({ length: 100000 }, (_, i) => `  k${i}: v${i}`).join('\n')}\n`,
    ),
  'yaml-many-documents': (f) => writeFileSync(f, '---\na: 1\n'.repeat(200000)),
  'yaml-long-key': (f) => writeFileSync(f, `${'k'.repeat(5e6)}: 1\n`),
  'yaml-tag-abuse': (f) =>
    writeFileSync(
      f,
      '!!python/object/apply:os.system ["touch /tmp/parity-attack-pwned"]\nx: !!js/function "function(){}"\n',
    ),
  'json-deep': (f) => writeFileSync(f, `${'['.repeat(1e6)}${']'.repeat(1e6)}`),
  'json-deep-objects': (f) => writeFileSync(f, `${'{"a":'.repeat(2e5)}1${'}'.repeat(2e5)}`),
  'json-proto-pollution': (f) =>
    writeFileSync(
      f,
      '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}, "flags": {}}',
    ),
  'dev-zero-link': (f) => symlinkSync('/dev/zero', f),
  'dev-urandom-link': (f) => symlinkSync('/dev/urandom', f),
  'dev-stdin-link': (f) => symlinkSync('/dev/stdin', f),
  'proc-kcore-link': (f) => symlinkSync('/proc/kcore', f),
  'proc-self-environ-link': (f) => symlinkSync('/proc/self/environ', f),
  'proc-self-mem-link': (f) => symlinkSync('/proc/self/mem', f),
  fifo: (f) => execFileSync('mkfifo', [f]),
  'link-loop': (f) => {
    symlinkSync(`${f}.b`, f);
    symlinkSync(f, `${f}.b`);
  },
  'link-outside-project': (f) => symlinkSync('/etc/passwd', f),
  'dangling-link': (f) => symlinkSync('/nonexistent/x', f),
  'sparse-2GB': (f) => {
    closeSync(openSync(f, 'w'));
    truncateSync(f, 2 ** 31);
  },
  'binary-nul': (f) => writeFileSync(f, Buffer.alloc(1 << 20, 0)),
  'invalid-utf8': (f) =>
    writeFileSync(f, Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x0a, 0x61, 0x3a, 0x20, 0xe2, 0x82])),
  'one-100MB-line': (f) => writeFileSync(f, 'A'.repeat(100 * 2 ** 20)),
  'crlf-and-cr-only': (f) => writeFileSync(f, 'a: 1\r\rb: 2\r\n'.repeat(100000)),
  'gzip-bomb': (f) => writeFileSync(f, gzipSync(Buffer.alloc(1 << 30, 0x41), { level: 9 })),
  'grows-while-read': (f) => {
    writeFileSync(f, 'a: 1\n');
    // A writer appends for 40 s (bounded), 1 MB every 50 ms: the reader must stop at its cap.
    const child = spawn(
      process.execPath,
      [
        '-e',
        `const fs=require('fs');const s='b: 2\\n'.repeat(200000);const end=Date.now()+40000;const t=setInterval(()=>{if(Date.now()>end)return clearInterval(t);try{fs.appendFileSync(${JSON.stringify(f)},s)}catch{clearInterval(t)}},50)`,
      ],
      { stdio: 'ignore' },
    );
    return () => child.kill('SIGKILL');
  },
  'directory-as-file': (f) => execFileSync('mkdir', ['-p', f]),
  'unreadable-mode-000': (f) => {
    writeFileSync(f, 'a: 1\n');
    execFileSync('chmod', ['000', f]);
  },
};

/** Source kinds that read files, with the file name each one expects. */
export const FILE_KINDS = {
  kubernetes: 'x.yaml',
  dotenv: 'x.env',
  compose: 'compose.yaml',
  dockerfile: 'Dockerfile',
  'helm-values': 'values.yaml',
  terraform: 'x.tfstate.json',
  'github-actions': 'deploy.yml',
  'gitlab-ci': '.gitlab-ci.yml',
  'feature-flags': 'flags.json',
  'feature-flags-yaml': 'flags.yaml',
  'prometheus-rules': 'alerts.yaml',
  alertmanager: 'alertmanager.yml',
  'otel-collector': 'otel.yaml',
  'env-refs': 'app.js',
  'access-log': 'access.log',
  'access-log-gz': 'access.log.1.gz',
  'deploy-log': 'deploys.jsonl',
  kustomize: 'kustomization.yaml',
};
