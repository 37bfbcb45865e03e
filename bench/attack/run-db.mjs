import { dbWrites, startPg18 } from './db-writes.mjs';
import { OUT, Tally } from './lib.mjs';

const tally = new Tally();
const pg18 = await startPg18();
try {
  await dbWrites(tally, pg18);
} finally {
  await pg18.server.stop();
}
tally.save(`${OUT}/db.json`);
console.log(tally.table());
for (const e of tally.events) console.log(JSON.stringify(e).slice(0, 400));
