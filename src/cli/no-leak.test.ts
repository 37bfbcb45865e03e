import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedServer, startTestPostgres } from '../test-support/postgres.js';
import { DB_SECRETS, type PlantedRepository, plantRepository } from './__fixtures__/planted-repository.js';

// The built CLI, as users run it: `npm test` builds before it runs the tests. PARITY_TEST_BIN runs
// the same test against another build (an older commit's, to see it fail there).
const BIN = process.env.PARITY_TEST_BIN ?? path.resolve(import.meta.dirname, '../../dist/cli/bin.js');

const KINDS = [
  'access-log',
  'alertmanager',
  'compose',
  'dockerfile',
  'dotenv',
  'feature-flags',
  'github-actions',
  'gitlab-ci',
  'helm-values',
  'helmfile',
  'kubernetes',
  'otel-collector',
  'postgres',
  'prometheus-rules',
  'pulumi',
  'terraform',
  'terraform-vars',
];

/** Every form a planted value could leak in: itself, its base64, its parts around spaces and `@`. */
function forms(value: string): string[] {
  const parts = value.split(/[\s@]+/).filter((p) => p.length >= 8);
  const base64 = Buffer.from(value).toString('base64');
  return [
    ...new Set([
      value,
      ...parts,
      base64,
      base64.replace(/=+$/, ''),
      Buffer.from(value).toString('base64url'),
    ]),
  ];
}

function hitsIn(outputs: Record<string, string>, planted: readonly string[]): string[] {
  const hits: string[] = [];
  for (const [name, text] of Object.entries(outputs)) {
    for (const value of planted) {
      for (const form of forms(value)) if (text.includes(form)) hits.push(`${name}: ${form}`);
    }
  }
  return hits;
}

describe('no planted secret reaches any output', () => {
  let server: EmbeddedServer;
  let repo: PlantedRepository;
  let work: string;
  const outputs: Record<string, string> = {};

  function cli(name: string, args: string[], cwd = repo.root): { status: number | null; stdout: string } {
    const run = spawnSync(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, ...repo.env, NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    outputs[`${name} (stdout)`] = run.stdout;
    outputs[`${name} (stderr)`] = run.stderr;
    return { status: run.status, stdout: run.stdout };
  }

  function file(name: string, at: string): string {
    const text = readFileSync(at, 'utf8');
    outputs[name] = text;
    return text;
  }

  beforeAll(async () => {
    if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build before this test`);
    server = await startTestPostgres({
      database: 'leak',
      sql: `CREATE TABLE accounts (
        id int PRIMARY KEY,
        password text DEFAULT '${DB_SECRETS.default}',
        api_key text,
        CONSTRAINT api_key_not_default CHECK (api_key <> '${DB_SECRETS.check}'));`,
    });
    work = mkdtempSync(path.join(tmpdir(), 'parity-leak-'));
    repo = plantRepository(path.join(work, 'repo'), server.url);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('audit (text, json, markdown, -o), snapshot, decide, decide --write, traffic, init: zero hits', () => {
    const json = cli('audit -f json', ['audit', '-f', 'json']);
    expect(json.status, outputs['audit -f json (stderr)']).toBeLessThan(2);
    cli('audit -f text', ['audit', '-f', 'text']);
    cli('audit -f markdown', ['audit', '-f', 'markdown']);
    cli('audit -o', ['audit', '-f', 'markdown', '-o', path.join(work, 'report.md')]);
    file('report.md', path.join(work, 'report.md'));
    cli('snapshot production', ['snapshot', 'production']);
    cli('snapshot staging -o', ['snapshot', 'staging', '-o', path.join(work, 'staging.json')]);
    const snapshot = file('staging.json', path.join(work, 'staging.json'));
    // Critical and high findings (the planted secrets' own) are drafted only when asked: ask, so
    // their drafts are searched too.
    cli('decide', ['decide', '--include', 'critical,high']);
    cli('decide --write', ['decide', '--write', '--include', 'critical,high']);
    file('parity.yaml after decide --write', path.join(repo.root, 'parity.yaml'));

    const profile = path.join(work, 'profile.json');
    cli('traffic profile', [
      'traffic',
      'profile',
      'logs/production.log',
      '--save',
      profile,
      '--format',
      'json',
    ]);
    file('stored profile', profile);
    cli('traffic k6 from logs', ['traffic', 'k6', 'logs/production.log', '-o', path.join(work, 'k6.js')]);
    file('k6 script from logs', path.join(work, 'k6.js'));
    cli('traffic k6 to stdout', ['traffic', 'k6', 'logs/staging.log']);

    // init reads a fresh repository whose dotenv files hold the same planted values.
    const fresh = path.join(work, 'fresh');
    mkdirSync(fresh, { recursive: true });
    for (const env of ['production', 'staging'])
      writeFileSync(path.join(fresh, `.env.${env}`), readFileSync(path.join(repo.root, env, 'app.env')));
    cli('init', ['init', '--dir', fresh, '--baseline', 'production'], work);
    file('parity.yaml written by init', path.join(fresh, 'parity.yaml'));

    // The runs did the work: both sides compared, secrets seen (fingerprinted), the shared one found.
    const audit = JSON.parse(json.stdout) as {
      comparisons: { divergences: { rule: string; message: string }[] }[];
    };
    const rules = audit.comparisons.flatMap((c) => c.divergences.map((d) => d.rule));
    expect(rules).toContain('access.secret-shared');
    expect(snapshot).toContain('"secret": true');
    // Every source kind was read (facts from each), so every one was checked.
    const staging = JSON.parse(snapshot) as { facts: { origin: { source: string } }[] };
    const kinds = new Set(staging.facts.map((f) => f.origin.source.split(':')[0]));
    expect([...kinds].sort()).toEqual(KINDS);
    expect(outputs['parity.yaml after decide --write']).toContain('DRAFT');
    expect(outputs['k6 script from logs']).toContain('REQUESTS');
    if (process.env.PARITY_LEAK_DUMP)
      writeFileSync(process.env.PARITY_LEAK_DUMP, JSON.stringify(outputs, null, 2));
    expect(hitsIn(outputs, repo.planted)).toEqual([]);
    // Redaction hides values, not the map: keys, names and the non-secret parts stay readable.
    expect(snapshot).toContain('"key": "data/table/accounts/column/password/default"');
    expect(snapshot).toContain("CHECK ((api_key <> '****'::text))");
    expect(snapshot).toContain('jdbc:postgresql://db:5432/shop?user=app&password=****&ssl=true');
    expect(outputs['audit -f text (stdout)']).toContain('SHARED_API_TOKEN');
    // The URL's credentials travel as basic authentication; the error names the origin alone.
    expect(outputs['audit -f text (stdout)']).toMatch(/reach Prometheus at http:\/\/127\.0\.0\.1:9:/);
  }, 600_000);
});
