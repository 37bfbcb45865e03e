// Class 3: planted secrets in every source kind; every output of every command is searched.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { planted } from './corpus-secrets.mjs';
import { cli, leaksIn, OUT, readTree } from './lib.mjs';
import { db, sql } from './pg.mjs';
import { catalogueSql, secretEnv, writeSecretsProject } from './secrets-project.mjs';

export async function secrets(tally, pgServer) {
  const dir = path.join(OUT, 'secrets-project');
  rmSync(dir, { recursive: true, force: true });
  writeSecretsProject(dir);
  const env = secretEnv();
  const admin = db(pgServer, 'postgres');
  for (const e of ['production', 'staging']) {
    const name = `attack_sec_${e}`;
    await sql(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await sql(admin, `CREATE DATABASE ${name}`);
    await sql(db(pgServer, name), catalogueSql(e));
    env[`ATTACK_${e.toUpperCase()}_DB_URL`] = db(pgServer, name);
  }
  mkdirSync(path.join(dir, 'out'), { recursive: true });
  const inputs = new Set(readTree(dir).map((f) => f.path));
  const outputs = []; // { label, text }
  const runs = [];
  const go = async (label, args, opts = {}) => {
    const r = await cli(args, { cwd: dir, env, ...opts });
    outputs.push({ label: `${label} stdout`, text: r.stdout }, { label: `${label} stderr`, text: r.stderr });
    runs.push({ label, r, okCodes: opts.okCodes ?? [0, 1, 2] });
    return r;
  };
  for (const f of ['text', 'json', 'markdown']) await go(`audit -f ${f}`, ['audit', '-f', f]);
  await go('audit -o json', ['audit', '-f', 'json', '-o', 'out/audit.json']);
  await go('audit -o markdown', ['audit', '-f', 'markdown', '-o', 'out/audit.md']);
  await go('audit --debug', ['audit', '--debug']);
  await go('snapshot production', ['snapshot', 'production', '-o', 'out/production.json']);
  await go('snapshot staging', ['snapshot', 'staging', '-o', 'out/staging.json']);
  await go('snapshot stdout', ['snapshot', 'staging']);
  for (const f of ['text', 'json', 'markdown'])
    await go(`compare -f ${f}`, ['compare', 'out/production.json', 'out/staging.json', '-f', f]);
  await go('decide', ['decide']);
  await go('decide --decision eliminate', ['decide', '--decision', 'eliminate']);
  await go('decide --write', ['decide', '--write']);
  outputs.push({
    label: 'parity.yaml after decide --write',
    text: readFileSync(path.join(dir, 'parity.yaml'), 'utf8'),
  });
  await go('audit after decide --write', ['audit', '-f', 'json']);
  for (const f of ['text', 'json', 'markdown'])
    await go(`traffic profile ${f}`, [
      'traffic',
      'profile',
      'logs/production/access.log',
      '--format',
      f,
      '--save',
      `out/profile-${f}.json`,
    ]);
  await go('traffic k6 log', ['traffic', 'k6', 'logs/production/access.log', '-o', 'out/k6-log.js']);
  await go('traffic k6 profile', ['traffic', 'k6', 'out/profile-json.json']);
  await go('traffic k6 stdout', ['traffic', 'k6', 'logs/staging/access.log']);
  // init on a copy without parity.yaml.
  const copy = path.join(OUT, 'secrets-init');
  rmSync(copy, { recursive: true, force: true });
  cpSync(dir, copy, {
    recursive: true,
    filter: (p) => !p.includes(`${path.sep}out`) && !p.endsWith('parity.yaml'),
  });
  const init = await cli(['init', '-d', copy, '--baseline', 'production'], { cwd: copy, env });
  outputs.push({ label: 'init stdout', text: init.stdout }, { label: 'init stderr', text: init.stderr });
  runs.push({ label: 'init', r: init, okCodes: [0, 1, 2] });
  if (existsSync(path.join(copy, 'parity.yaml')))
    outputs.push({ label: 'init parity.yaml', text: readFileSync(path.join(copy, 'parity.yaml'), 'utf8') });
  // Every file a command wrote (out/, .parity/, ...), but not the planted inputs themselves.
  for (const f of readTree(dir))
    if (!inputs.has(f.path) && !f.path.endsWith('parity.yaml'))
      outputs.push({ label: path.relative(dir, f.path), text: f.text });
  for (const f of readTree(copy))
    if (!f.path.endsWith('parity.yaml') && f.path.includes('.parity'))
      outputs.push({ label: `init ${path.relative(copy, f.path)}`, text: f.text });

  // Leak accounting: a planted value is leaked once if any output shows it; kept per output too.
  const leakedBy = new Map();
  for (const o of outputs)
    for (const l of leaksIn(o.text, planted)) {
      if (!leakedBy.has(l.id)) leakedBy.set(l.id, new Set());
      leakedBy.get(l.id).add(`${o.label}${l.form === 'raw' ? '' : ` (${l.form})`}`);
    }
  for (const p of planted) {
    const kind = /^(?:production|staging|PRODUCTION|STAGING) (\S+)/.exec(p.where)?.[1] ?? 'other';
    const where = leakedBy.get(p.id);
    tally.record(`3 secrets: ${kind}`, p.where, null, {
      extra: where ? { leaks: 1, detail: `${p.id} ${p.where} -> ${[...where].slice(0, 6).join(', ')}` } : {},
    });
  }
  for (const { label, r, okCodes } of runs) tally.record('3 secrets: commands run', label, r, { okCodes });
  return { leakedBy, outputs: outputs.length };
}
