#!/usr/bin/env node
// The CLI's entry. `npm run build` bundles it into dist/cli/bin.js, what `parity` runs
// (scripts/bundle-cli.mjs); tsc's dist/cli/main.js is the same CLI as one file per module.
import { redactStream } from './output.js';
import { buildProgram } from './program.js';

// `parity audit | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
redactStream(process.stdout);
redactStream(process.stderr);

await buildProgram().parseAsync(process.argv);
