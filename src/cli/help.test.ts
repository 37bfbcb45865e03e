import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { runParity } from '../test-support/cli.js';
import { examplePaths } from './help.js';
import { buildProgram } from './program.js';

function allPaths(command: Command, prefix = ''): string[] {
  return command.commands.flatMap((c) => {
    const path = prefix ? `${prefix} ${c.name()}` : c.name();
    return [path, ...allPaths(c, path)];
  });
}

describe('--help', () => {
  it('every command has examples (and no example is for a command that does not exist)', () => {
    const commands = ['', ...allPaths(buildProgram())].sort();
    expect(examplePaths().sort()).toEqual(commands);
  });

  it('no command repeats the examples or exit codes in its own help text', () => {
    const program = buildProgram();
    const withOwnBlocks: string[] = [];
    const visit = (command: typeof program) => {
      let text = '';
      command.configureOutput({ writeOut: (t) => (text += t), getOutHelpWidth: () => 100 });
      command.outputHelp();
      if ((text.match(/^Examples:/gm) ?? []).length > 1 || (text.match(/^Exit codes:/gm) ?? []).length > 1)
        withOwnBlocks.push(command.name());
      for (const sub of command.commands) visit(sub);
    };
    visit(program);
    expect(withOwnBlocks).toEqual([]);
  });

  it.each([['audit'], ['data', 'plans'], ['traffic', 'replay'], ['decide'], []])(
    'parity %s --help ends with examples that name the command, and the exit codes',
    async (...path) => {
      const { code, stdout } = await runParity([...path, '--help']);
      expect(code).toBe(0);
      expect(stdout).toMatch(new RegExp(`Examples:\\n {2}\\$ parity ${path.join(' ')}`));
      expect(stdout).toMatch(/Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 /);
    },
  );
});
