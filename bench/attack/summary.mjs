// Merges the per-part results (OUT/*.json) into one table of figures.
import { readdirSync, readFileSync } from 'node:fs';
import { OUT, Tally } from './lib.mjs';

const all = new Tally();
const files = readdirSync(OUT).filter((f) => f.endsWith('.json') && f !== 'summary.json');
for (const f of files) {
  const { rows, events } = JSON.parse(readFileSync(`${OUT}/${f}`, 'utf8'));
  for (const [cls, r] of Object.entries(rows)) {
    const t = all.row(cls);
    for (const k of Object.keys(t)) t[k] += r[k] ?? 0;
  }
  all.events.push(...events);
}
console.log(`parts: ${files.join(', ')}\n`);
console.log(all.table());
console.log('\nFindings (one line each):');
for (const e of all.events)
  console.log(
    `- [${e.cls}] ${e.name}: ${JSON.stringify({ ...e, cls: undefined, name: undefined }).slice(0, 300)}`,
  );
