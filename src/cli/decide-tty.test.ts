import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `parity decide` on a real pseudo-terminal (util-linux `script`), driven by keystrokes: the prompt
// library, the terminal and parity.yaml are all real.
const bin = fileURLToPath(new URL('../../dist/cli/bin.js', import.meta.url));
const fixture = fileURLToPath(new URL('./__fixtures__/decide-tty/', import.meta.url));
const hasScript = spawnSync('script', ['--version']).status === 0;
let dir: string;

const DOWN = '\x1b[B';
const ENTER = '\r';

/** Runs the CLI under `script`; `until` waits for text printed since the previous wait. */
function terminal(args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', TERM: 'xterm', COLUMNS: '100' };
  delete env.CI;
  const command = [process.execPath, bin, ...args].map((a) => `'${a}'`).join(' ');
  const child: ChildProcessWithoutNullStreams = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd: dir,
    env,
  });
  let all = '';
  let mark = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    all += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    async until(text: string, timeoutMs = 60_000): Promise<void> {
      const start = Date.now();
      while (!all.slice(mark).includes(text)) {
        if (Date.now() - start > timeoutMs) throw new Error(`no "${text}" in:\n${all.slice(mark)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      mark = all.indexOf(text, mark) + text.length;
    },
    /** Keys one at a time, as a person types: the prompt redraws between them. */
    async keys(...keys: string[]): Promise<void> {
      for (const key of keys) {
        child.stdin.write(key);
        await new Promise((r) => setTimeout(r, 120));
      }
    },
    type: (text: string) => child.stdin.write(text),
    output: () => all,
    async exit(): Promise<number | null> {
      const code = await exited;
      child.stdin.end();
      return code;
    },
  };
}

beforeAll(() => {
  expect(existsSync(bin), 'run `npm run build` first').toBe(true);
  dir = mkdtempSync(path.join(tmpdir(), 'parity-decide-tty-'));
  cpSync(fixture, dir, { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!hasScript)('parity decide on a terminal', () => {
  it('walks the undecided largest first, explains on request, writes each answer, renews in place', async () => {
    const original = readFileSync(path.join(dir, 'parity.yaml'), 'utf8');
    const tty = terminal(['decide']);
    await tty.until('5 divergences to decide, largest first');
    // 1: HIGH config.debug-enabled (DEBUG): eliminate, with a reason and an owner, default expiry.
    await tty.until('[1/5] HIGH  config.debug-enabled');
    await tty.until('Decision');
    await tty.keys(DOWN, ENTER);
    await tty.until('Reason');
    // A secret pasted into an answer never reaches parity.yaml (it lives in git).
    tty.type('Staging must run as production does. sk_live_51PlantedSecretNeverWritten9x');
    await tty.keys(ENTER);
    await tty.until('Owner');
    tty.type('checkout');
    await tty.keys(ENTER);
    await tty.until('Expires');
    await tty.keys(ENTER);
    await tty.until('written to parity.yaml');
    // 2: HIGH config.debug-enabled (LOG_LEVEL): the rule's explanation, then skip.
    await tty.until('[2/5] HIGH  config.debug-enabled');
    await tty.until('Decision');
    await tty.keys(DOWN, DOWN, DOWN, DOWN, ENTER);
    await tty.until('Remedy');
    await tty.until('Decision');
    await tty.keys(DOWN, DOWN, DOWN, ENTER);
    // 3: MEDIUM, its accept expired in January: accept again, keeping the reason and owner offered.
    await tty.until('[3/5] MEDIUM  config.pool-size-differs');
    await tty.until('expired: Staging runs one replica.');
    await tty.until('Decision');
    await tty.keys(ENTER);
    await tty.until('Reason');
    await tty.keys(ENTER);
    await tty.until('Owner');
    await tty.keys(ENTER);
    await tty.until('Expires');
    tty.type('2027-06-30');
    await tty.keys(ENTER);
    await tty.until('written to parity.yaml');
    // 4: quit; what was answered stays written.
    await tty.until('[4/5]');
    await tty.until('Decision');
    await tty.keys(DOWN, DOWN, DOWN, DOWN, DOWN, ENTER);
    await tty.until('2 decisions written to parity.yaml');
    expect(await tty.exit()).toBe(0);

    const after = readFileSync(path.join(dir, 'parity.yaml'), 'utf8');
    // The expired entry is updated in place: its comments and their alignment untouched.
    expect(after.startsWith(original.replace('expires: 2026-01-31 ', 'expires: 2027-06-30 '))).toBe(true);
    const added = after.slice(original.length);
    expect(added).toMatch(
      /^ {2}- rule: config\.debug-enabled\n {4}key: config\/env\/DEBUG\n {4}decision: eliminate\n {4}reason: Staging must run as production does\. \S+\n {4}owner: checkout\n {4}expires: \d{4}-\d{2}-\d{2}\n$/,
    );
    expect(after).not.toContain('draft: true');
    expect(after).not.toContain('PlantedSecret');
  }, 180_000);
});
