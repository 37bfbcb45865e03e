import { startPg18 } from './db-writes.mjs';
import { OUT, Tally } from './lib.mjs';
import { PG15, prepare } from './pg.mjs';
import { rehearseIdentity, replayTargets } from './replay.mjs';

const tally = new Tally();
const only = process.argv[2];
if (!only || only === 'replay') await replayTargets(tally);
if (!only || only === 'rehearse') {
  const pg18 = await startPg18();
  try {
    await prepare(PG15);
    await prepare(pg18.url);
    await rehearseIdentity(tally, pg18.url);
  } finally {
    await pg18.server.stop();
  }
}
tally.save(`${OUT}/replay-${only ?? 'all'}.json`);
console.log(tally.table());
for (const e of tally.events) console.log(JSON.stringify(e).slice(0, 400));
