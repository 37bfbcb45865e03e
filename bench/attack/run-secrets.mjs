import { OUT, Tally } from './lib.mjs';
import { PG15 } from './pg.mjs';
import { secrets } from './secrets.mjs';

const tally = new Tally();
const { outputs } = await secrets(tally, PG15);
tally.save(`${OUT}/secrets.json`);
console.log(`outputs searched: ${outputs}`);
console.log(tally.table());
for (const e of tally.events) console.log(JSON.stringify(e).slice(0, 500));
