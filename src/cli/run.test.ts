import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../errors.js';
import { debugRequested, EXIT, run } from './run.js';

/** What run() prints for each kind of failure, captured from the real stderr stream. */
async function stderrOf(action: () => Promise<number>): Promise<{ text: string; code: number | undefined }> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
    chunks.push(String(chunk));
    return true;
  });
  const before = process.exitCode;
  try {
    await run(action);
    return { text: chunks.join(''), code: process.exitCode as number | undefined };
  } finally {
    spy.mockRestore();
    process.exitCode = before;
  }
}

describe('run: how a command fails', () => {
  afterEach(() => {
    delete process.env.PARITY_DEBUG;
  });

  it('a bug is one line and how to report it, exit 2; no stack unless --debug', async () => {
    const bug = () =>
      Promise.reject(new TypeError("Cannot read properties of undefined (reading 'x')\nmore"));
    const { text, code } = await stderrOf(bug);
    expect(code).toBe(EXIT.error);
    expect(text).toBe(
      "parity: internal error: Cannot read properties of undefined (reading 'x')\n  This is a bug in Parity. Please report it with the output of the same command run with --debug.\n",
    );
    process.env.PARITY_DEBUG = '1';
    const debug = await stderrOf(bug);
    expect(debug.text).toMatch(/^parity: internal error: TypeError: Cannot read[\s\S]*\n\s+at /);
  });

  it('a user mistake is its message, exit 2, never "internal error"', async () => {
    const { text, code } = await stderrOf(() =>
      Promise.reject(new ConfigError('expected a list', 'parity.yaml', 4)),
    );
    expect(code).toBe(EXIT.error);
    expect(text).toBe('parity: parity.yaml:4: expected a list\n');
  });

  it('--debug is seen anywhere on the command line', () => {
    expect(debugRequested(['node', 'parity', 'audit', '--debug'])).toBe(true);
    expect(debugRequested(['node', 'parity', 'audit'])).toBe(false);
  });
});
