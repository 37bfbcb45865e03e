import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { durationFlag, positiveNumberFlag, wholeNumberFlag } from './numeric-flags.js';

describe('numeric flag parsing', () => {
  it.each(['abc', '', ' ', '1.5', '-1', '0', '1e3', '0x10', 'Infinity', '9'.repeat(30)])(
    'refuses %j where a whole number from 1 is expected',
    (text) => {
      expect(() => wholeNumberFlag('--connections', text, { min: 1, max: 10_000 })).toThrow(
        /^--connections .*: expected a whole number from 1 to 10000$/,
      );
    },
  );

  it('accepts whole numbers in range', () => {
    expect(wholeNumberFlag('--connections', '128', { min: 1, max: 10_000 })).toBe(128);
    expect(wholeNumberFlag('--seed', 0, { min: 0, max: 10 })).toBe(0);
  });

  it.each(['0', '-2', 'abc', '', 'NaN', '101'])('refuses %j where a number above 0 is expected', (text) => {
    expect(() => positiveNumberFlag('--scale', text, 100)).toThrow(/^--scale .*: expected a number above 0/);
  });

  it.each(['0', '0s', '0ms', 'abc', '-1s', '', '2d', '25h'])('refuses the duration %j', (text) => {
    expect(() => durationFlag('--timeout', text, 86_400_000)).toThrow(
      /^--timeout .*: expected a duration above 0/,
    );
  });

  it('reads durations in their unit, bare numbers as seconds', () => {
    expect(durationFlag('--timeout', '500ms', 3_600_000)).toBe(500);
    expect(durationFlag('--timeout', '10', 3_600_000)).toBe(10_000);
    expect(durationFlag('--duration', '2m', 3_600_000)).toBe(120_000);
  });
});

// Through the built CLI: every numeric flag of every command, exit 2 with the flag's name, at once.
const bin = fileURLToPath(new URL('../../dist/cli/bin.js', import.meta.url));
const cases: [string, string[]][] = [
  ['--connections', ['traffic', 'replay', 'x.log', '--target', 'http://127.0.0.1:9', '--connections', 'abc']],
  [
    '--max-inflight',
    ['traffic', 'replay', 'x.log', '--target', 'http://127.0.0.1:9', '--max-inflight', 'abc'],
  ],
  ['--timeout', ['traffic', 'replay', 'x.log', '--target', 'http://127.0.0.1:9', '--timeout', '0']],
  ['--duration', ['traffic', 'replay', 'x.log', '--target', 'http://127.0.0.1:9', '--duration', '0s']],
  [
    '--max-requests',
    ['traffic', 'replay', 'x.log', '--target', 'http://127.0.0.1:9', '--max-requests', '1.5'],
  ],
  ['--seed', ['traffic', 'k6', 'x.json', '--seed', 'abc']],
  ['--top', ['traffic', 'profile', 'x.log', '--top', 'abc']],
  ['--expires-in', ['decide', '--expires-in', '0']],
  [
    '--top',
    ['data', 'plans', '--top', 'abc', '--baseline-url', 'postgres://a', '--candidate-url', 'postgres://b'],
  ],
  [
    '--scale',
    [
      'data',
      'plans',
      '--top',
      '5',
      '--scale',
      'abc',
      '--baseline-url',
      'postgres://a',
      '--candidate-url',
      'postgres://b',
    ],
  ],
  [
    '--statement-timeout-ms',
    [
      'data',
      'plans',
      '--top',
      '5',
      '--statement-timeout-ms',
      '0',
      '--baseline-url',
      'postgres://a',
      '--candidate-url',
      'postgres://b',
    ],
  ],
  [
    '--runs',
    [
      'data',
      'rehearse',
      '--queries',
      'q.sql',
      '--schema',
      's.sql',
      '--from-snapshot',
      's.json',
      '--runs',
      'x',
    ],
  ],
  [
    '--workers',
    [
      'data',
      'rehearse',
      '--queries',
      'q.sql',
      '--schema',
      's.sql',
      '--from-snapshot',
      's.json',
      '--workers',
      '0',
    ],
  ],
  // An empty value (`--scale ""`, a shell variable that was never set) was taken as no flag at all.
  ['--top', ['traffic', 'profile', 'x.log', '--top', '']],
  [
    '--top',
    ['data', 'plans', '--top', '', '--baseline-url', 'postgres://a', '--candidate-url', 'postgres://b'],
  ],
  [
    '--scale',
    [
      'data',
      'plans',
      '--top',
      '5',
      '--scale',
      '',
      '--baseline-url',
      'postgres://a',
      '--candidate-url',
      'postgres://b',
    ],
  ],
  [
    '--workers',
    [
      'data',
      'rehearse',
      '--queries',
      'q.sql',
      '--schema',
      's.sql',
      '--from-snapshot',
      's.json',
      '--workers',
      '',
    ],
  ],
];

describe.runIf(existsSync(bin))('numeric flags through the CLI', () => {
  it.each(cases)('%s: exit 2 naming the flag, before anything is read or sent', (flag, args) => {
    const run = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 20_000 });
    expect(run.signal).toBeNull();
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`parity: ${flag} `);
    expect(run.stderr).toContain('expected');
    expect(run.stderr).not.toContain('    at ');
  });
});
