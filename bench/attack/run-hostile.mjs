import { exitCodes, hostileFiles, numericFlags, outsidePaths, quadraticAndRegex } from './hostile.mjs';
import { OUT, Tally } from './lib.mjs';
import { PG15 } from './pg.mjs';

const tally = new Tally();
const only = process.argv[2];
if (!only || only === 'files') await hostileFiles(tally);
if (!only || only === 'quadratic') await quadraticAndRegex(tally);
if (!only || only === 'outside') await outsidePaths(tally);
if (!only || only === 'flags') await numericFlags(tally);
if (!only || only === 'exits') await exitCodes(tally, { pg15: PG15 });
tally.save(`${OUT}/hostile-${only ?? 'all'}.json`);
console.log(tally.table());
for (const [k, r] of tally.rows)
  if (r.silent || r.unnamed) console.log(k, 'silent:', r.silent ?? 0, 'unnamed:', r.unnamed ?? 0);
for (const e of tally.events) console.log(JSON.stringify(e).slice(0, 500));
