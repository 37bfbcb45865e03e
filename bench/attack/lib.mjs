// Shared helpers of the attack harness: run the built CLI with a time and memory budget and
// judge what came out (hang, memory, stack trace, exit code, planted values in any output).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '../..');
export const BIN = path.join(ROOT, 'dist/cli/bin.js');
export const OUT = process.env.ATTACK_OUT ?? path.join('/tmp', 'parity-attack-out');
mkdirSync(OUT, { recursive: true });

export const HANG_S = Number(process.env.ATTACK_HANG_S ?? 30);
/** Hard kill after this (a hang is anything over HANG_S). */
export const KILL_S = Number(process.env.ATTACK_KILL_S ?? 45);
export const MEM_LIMIT_KB = 1024 * 1024; // 1 GB
/** Memory cap: killed (SIGKILL by the watchdog) above this resident size. */
export const MEM_KILL_KB = 1536 * 1024;

const STACK = /\n\s+at .+(\(|\s)(node:|file:|\/).+:\d+:\d+\)?/;

/**
 * Runs `node dist/cli/bin.js ...args` under /usr/bin/time -v and `timeout`, with a watchdog on the
 * resident size (ulimit -v cannot be used: WebAssembly reserves ~10 GB of address space).
 */
export function cli(args, opts = {}) {
  return run(process.execPath, [BIN, ...args], opts);
}

export function run(cmd, args, { cwd = ROOT, env = {}, input, killS = KILL_S } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn('/usr/bin/time', ['-v', 'timeout', '-s', 'KILL', String(killS), cmd, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let memKilled = false;
    child.stdout.on('data', (d) => {
      if (stdout.length < 20e6) stdout += d;
    });
    child.stderr.on('data', (d) => {
      if (stderr.length < 20e6) stderr += d;
    });
    child.stdin.on('error', () => {});
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
    const watchdog = setInterval(() => {
      for (const pid of descendants(child.pid)) {
        try {
          const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
          if (rss > MEM_KILL_KB) {
            memKilled = true;
            process.kill(pid, 'SIGKILL');
          }
        } catch {}
      }
    }, 200);
    child.on('close', () => {
      clearInterval(watchdog);
      const ms = Date.now() - started;
      const timeBlock = stderr.lastIndexOf('\tCommand being timed:');
      const timing = timeBlock >= 0 ? stderr.slice(timeBlock) : '';
      const err = timeBlock >= 0 ? stderr.slice(0, timeBlock) : stderr;
      const rssKB = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(timing)?.[1] ?? 0);
      const code = Number(/Exit status: (\d+)/.exec(timing)?.[1] ?? -1);
      const signalled = /Command terminated by signal (\d+)/.exec(timing);
      const realCode = signalled ? 128 + Number(signalled[1]) : code;
      const cleanErr = err
        .replace(/^Command exited with non-zero status \d+\n?/m, '')
        .replace(/^Command terminated by signal \d+\n?/m, '');
      resolve({
        code: realCode,
        ms,
        rssKB,
        hang: ms > HANG_S * 1000 || (realCode === 137 && !memKilled),
        memory: rssKB > MEM_LIMIT_KB || memKilled,
        stack: STACK.test(stdout) || STACK.test(cleanErr),
        stdout,
        stderr: cleanErr,
      });
    });
  });
}

function descendants(pid) {
  const out = [pid];
  try {
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (out.includes(ppid)) out.push(Number(d));
      } catch {}
    }
  } catch {}
  return out;
}

/** Every encoded form of a planted value that would still disclose it. */
export function forms(value) {
  const f = new Set([value]);
  f.add(Buffer.from(value).toString('base64'));
  f.add(Buffer.from(value).toString('base64url'));
  f.add(encodeURIComponent(value));
  f.add(encodeURI(value));
  f.add(JSON.stringify(value).slice(1, -1));
  return [...f].filter((x) => x.length >= 8);
}

/** Planted values (or their encodings) found in a text; `min` chars of a value are enough for its core. */
export function leaksIn(text, planted) {
  const found = [];
  for (const p of planted) {
    for (const form of [...forms(p.value), ...(p.also ?? [])]) {
      if (text.includes(form)) {
        found.push({ id: p.id, form: form === p.value ? 'raw' : 'encoded' });
        break;
      }
    }
    if (p.core && !found.some((x) => x.id === p.id) && text.includes(p.core))
      found.push({ id: p.id, form: 'core' });
  }
  return found;
}

/** Every file under a directory (outputs written by -o, snapshots, .parity/, parity.yaml). */
export function readTree(dir, skip = () => false) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      const st = statSync(p, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) walk(p);
      else if (st.isFile() && !skip(p) && st.size < 50e6)
        out.push({ path: p, text: readFileSync(p, 'latin1') });
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

export class Tally {
  constructor() {
    this.rows = new Map();
    this.events = [];
  }
  row(cls) {
    let r = this.rows.get(cls);
    if (!r) {
      r = { inputs: 0, leaks: 0, writes: 0, production: 0, hangs: 0, memory: 0, stacks: 0, wrongExits: 0 };
      this.rows.set(cls, r);
    }
    return r;
  }
  /** One input: its run results and the expectation on exit code. */
  record(cls, name, result, { okCodes = [0, 1, 2], extra = {} } = {}) {
    const r = this.row(cls);
    r.inputs++;
    const ev = { cls, name, code: result?.code, ms: result?.ms, rssKB: result?.rssKB };
    if (result) {
      if (result.hang) {
        r.hangs++;
        ev.hang = true;
      }
      if (result.memory) {
        r.memory++;
        ev.memory = true;
      }
      if (result.stack) {
        r.stacks++;
        ev.stack = (result.stderr + result.stdout).slice(0, 600);
      }
      if (!okCodes.includes(result.code)) {
        r.wrongExits++;
        ev.wrongExit = `got ${result.code}, expected ${okCodes.join('|')}`;
      }
    }
    for (const k of ['leaks', 'writes', 'production'])
      if (extra[k]) {
        r[k] += extra[k];
        ev[k] = extra[k];
      }
    if (extra.detail) ev.detail = extra.detail;
    if (
      ev.hang ||
      ev.memory ||
      ev.stack ||
      ev.wrongExit ||
      ev.leaks ||
      ev.writes ||
      ev.production ||
      process.env.ATTACK_VERBOSE
    )
      this.events.push(ev);
    return ev;
  }
  save(file) {
    writeFileSync(
      file,
      JSON.stringify({ rows: Object.fromEntries(this.rows), events: this.events }, null, 2),
    );
  }
  table() {
    const cols = ['inputs', 'leaks', 'writes', 'production', 'hangs', 'memory', 'stacks', 'wrongExits'];
    const lines = [`| class | ${cols.join(' | ')} |`, `|---|${cols.map(() => '---:').join('|')}|`];
    const total = Object.fromEntries(cols.map((c) => [c, 0]));
    for (const [cls, r] of this.rows) {
      lines.push(`| ${cls} | ${cols.map((c) => r[c]).join(' | ')} |`);
      for (const c of cols) total[c] += r[c];
    }
    lines.push(`| **total** | ${cols.map((c) => total[c]).join(' | ')} |`);
    return lines.join('\n');
  }
}

export function write(file, text) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}
