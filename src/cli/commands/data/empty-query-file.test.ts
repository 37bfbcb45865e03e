import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../../../dist/cli/bin.js', import.meta.url));
const fixtures = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
// Nothing listens on port 1: a command that got past the query file would fail differently.
const nowhere = 'postgres://parity@127.0.0.1:1/none';

const commands: [string, string[]][] = [
  ['data plans', ['data', 'plans', '--baseline-url', nowhere, '--candidate-url', `${nowhere}2`]],
  [
    'data plans --top',
    ['data', 'plans', '--top', '5', '--baseline-url', nowhere, '--candidate-url', `${nowhere}2`],
  ],
  [
    'data rehearse',
    ['data', 'rehearse', '--schema', 'missing-schema.sql', '--from-snapshot', 'missing.json'],
  ],
];

describe.runIf(existsSync(bin))('an empty query file', () => {
  for (const file of ['empty.sql', 'only-comments.sql'])
    it.each(commands)(
      `%s --queries ${file}: says so, exit 2, before any database or file is read`,
      (_, args) => {
        const run = spawnSync(process.execPath, [bin, ...args, '--queries', file], {
          encoding: 'utf8',
          cwd: fixtures,
          timeout: 20_000,
          env: { ...process.env, PARITY_BASELINE_DATABASE_URL: '', PARITY_CANDIDATE_DATABASE_URL: '' },
        });
        expect(run.status).toBe(2);
        expect(run.stdout).toBe('');
        expect(run.stderr).toBe(
          `parity: ${file}: no queries found; expected SQL statements, each below a \`-- name: <query name>\` line\n`,
        );
      },
    );

  it('a file whose every query is skipped says how many and why', () => {
    const run = spawnSync(process.execPath, [bin, ...commands[0]![1], '--queries', 'nameless.sql'], {
      encoding: 'utf8',
      cwd: fixtures,
      timeout: 20_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('skip nameless.sql:1 SQL before any -- name: line');
    expect(run.stderr).toContain('parity: nameless.sql: no query could be read (1 skipped, see above)');
  });
});
