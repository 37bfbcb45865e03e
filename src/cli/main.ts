#!/usr/bin/env node
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
