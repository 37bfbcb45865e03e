// Module hooks (node:module register): appends the URL of every module Node loads to the file named
// by PARITY_LOAD_LOG, one a line. Used by startup-imports.test.ts to see what a command imports.
import { appendFileSync } from 'node:fs';

export async function load(url, context, next) {
  if (process.env.PARITY_LOAD_LOG) appendFileSync(process.env.PARITY_LOAD_LOG, `${url}\n`);
  return next(url, context);
}
