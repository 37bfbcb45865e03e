import type { Command } from 'commander';
import { registerPlansCommand } from './plans.js';
import { registerRehearseCommand } from './rehearse.js';

/** Adds `data plans` and `data rehearse` under `parity data`. Heavy modules load lazily. */
export function registerDataCommands(program: Command): void {
  const data = program.command('data').description('PostgreSQL: query plans at production scale');
  registerPlansCommand(data);
  registerRehearseCommand(data);
}
