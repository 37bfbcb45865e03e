/**
 * Writes the shop demo's access logs (deterministic). Run from the repository root:
 *   npx tsc -p tsconfig.json --outDir /tmp/parity-bench && node /tmp/parity-bench/bench/traffic-demo-logs.js
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { shopProductionLog, shopStagingLog } from '../src/test-support/traffic-generators.js';

const root = process.argv[2] ?? process.cwd();
const dir = path.join(root, 'examples/shop/logs');
for (const [env, text] of [
  ['production', shopProductionLog()],
  ['staging', shopStagingLog()],
] as const) {
  mkdirSync(path.join(dir, env), { recursive: true });
  writeFileSync(path.join(dir, env, 'access.log'), text);
  process.stdout.write(`${env}: ${text.split('\n').length - 1} lines\n`);
}
