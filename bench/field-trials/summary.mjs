// Summary of a bench/field-trials/run.sh run: one line per trial and candidate environment with what
// the regression guard compares (exit code, findings per severity, the first five rule ids of the
// risk register, init's environments), and a table for people (markdown size, skips) on stderr.
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';

const [tsv, out] = process.argv.slice(2);
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
const rank = (d) => SEVERITIES.indexOf(d.severity);
const read = (p) => (existsSync(p) ? readFileSync(p, 'utf8') : '');
const lines = [];
const table = [
  '| trial | candidate | exit | C/H/M/L/I | top five rules | markdown chars | skips |',
  '|---|---|---|---|---|---|---|',
];
for (const row of read(tsv).split('\n')) {
  const [name] = row.split('\t');
  if (!name || name.startsWith('#')) continue;
  const rc = read(`${out}/${name}.json.rc`).trim();
  let audit;
  try {
    audit = JSON.parse(read(`${out}/${name}.json`));
  } catch {
    lines.push(`${name} - exit=${rc} no-json: ${read(`${out}/${name}.json.err`).split('\n')[0]}`);
    continue;
  }
  const md = read(`${out}/${name}.md`).length;
  for (const c of audit.comparisons) {
    // The register's order: severity first, the engine's risk order within one (a stable sort).
    const divs = c.divergences.filter((d) => !d.decision).sort((a, b) => rank(a) - rank(b));
    const counts = SEVERITIES.map((s) => divs.filter((d) => d.severity === s).length).join('/');
    const top =
      divs
        .slice(0, 5)
        .map((d) => d.rule)
        .join(',') || '-';
    lines.push(`${name} ${c.candidate} exit=${rc} ${counts} ${top}`);
    table.push(
      `| ${name} | ${c.candidate} | ${rc} | ${counts} | ${top} | ${md} | ${(audit.skips ?? []).length} |`,
    );
  }
  const init = read(`${out}/${name}/init/parity.yaml`);
  if (init) {
    const envs = Object.keys(parse(init)?.environments ?? {})
      .sort()
      .join(',');
    lines.push(`${name} init exit=${read(`${out}/${name}.init.rc`).trim()} environments=${envs}`);
  }
}
process.stdout.write(`${lines.join('\n')}\n`);
process.stderr.write(`${table.join('\n')}\n`);
