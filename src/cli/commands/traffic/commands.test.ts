import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../errors.js';
import { shopProductionLog } from '../../../test-support/traffic-generators.js';
import { TrafficProfile } from '../../../traffic/profile/schema.js';
import { k6Command } from './k6.js';
import { profileCommand, profileProgress } from './profile.js';
import { replayCommand } from './replay.js';
import type { Io } from './shared.js';
import { loadWorkload } from './workload.js';

const fixtures = fileURLToPath(new URL('../../../sources/access-log/__fixtures__/', import.meta.url));

function capture(cwd = fixtures): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), stderrIsTty: false, cwd };
}

describe('traffic profile command', () => {
  it('prints json, reports skipped lines on stderr and stores the profile', async () => {
    const io = capture();
    const save = path.join(mkdtempSync(path.join(tmpdir(), 'parity-cmd-')), 'p.json');
    await profileCommand(['nginx-combined-shop.log'], { format: 'json', save }, io);
    const printed = TrafficProfile.parse(JSON.parse(io.out.join('')));
    expect(printed.requests).toBe(9);
    expect(TrafficProfile.parse(JSON.parse(readFileSync(save, 'utf8'))).endpoints).toEqual(printed.endpoints);
    expect(io.err[0]).toBe(
      'skipped nginx-combined-shop.log:7: line does not match the nginx-combined format\n',
    );
  });

  it('prints text and markdown', async () => {
    const text = capture();
    await profileCommand(['production/access.log'], { save: false }, text);
    expect(text.out.join('')).toMatch(/^Traffic profile of production\/access\.log\n/);
    expect(text.out.join('')).toContain('GET /products/:id');
    const md = capture();
    await profileCommand(['production/access.log'], { save: false, format: 'markdown' }, md);
    expect(md.out.join('')).toContain('| `POST /api/checkout` |');
  });

  it('refuses to print an empty profile when no line could be read', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-cmd-'));
    writeFileSync(path.join(dir, 'odd.log'), 'this is not an access log\nnor is this\n');
    const io = capture(dir);
    await expect(profileCommand(['odd.log'], { save: false }, io)).rejects.toThrow(UsageError);
    expect(io.out).toEqual([]);
    expect(io.err.join('')).toContain('odd.log');
  });

  it('explains usage mistakes', async () => {
    await expect(profileCommand(['nope.log'], { save: false }, capture())).rejects.toThrow(
      /no log file found: nope\.log/,
    );
    await expect(
      profileCommand(['alb.log'], { save: false, logFormat: '$remote_addr' }, capture()),
    ).rejects.toThrow(UsageError);
    await expect(profileCommand(['alb.log'], { save: false, format: 'yaml' }, capture())).rejects.toThrow(
      /--format yaml: expected text, json/,
    );
    // The old spelling (--format for the log's format) is answered with the new flag's name.
    for (const old of ['nginx-combined', '$remote_addr [$time_local] "$request" $status'])
      await expect(profileCommand(['alb.log'], { save: false, format: old }, capture())).rejects.toThrow(
        /--format is the report format \(text, json, markdown\); the access-log format is --log-format/,
      );
    await expect(profileCommand(['alb.log'], { save: false, fields: '{nope' }, capture())).rejects.toThrow(
      /--fields/,
    );
  });
});

describe('traffic replay command', () => {
  it('refuses targets that are not allowed, or production, before reading anything', async () => {
    await expect(
      replayCommand(['production/access.log'], { target: 'http://shop.example.com' }, capture()),
    ).rejects.toThrow(/not on the allow-list/);
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-cfg-'));
    writeFileSync(
      path.join(dir, 'parity.yaml'),
      [
        'version: 1',
        'environments:',
        '  production: { sources: [] }',
        '  staging: { sources: [] }',
        'traffic:',
        '  replay:',
        '    allow: [shop.example.com]',
        '    production: [shop.example.com]',
        '',
      ].join('\n'),
    );
    await expect(
      replayCommand(
        [`${fixtures}production/access.log`],
        { target: 'http://shop.example.com' },
        capture(dir),
      ),
    ).rejects.toThrow(/marked as a production host/);
  });
});

describe('traffic k6 command', () => {
  it('writes a syntactically valid script with the workload, secrets left to the k6 environment', async () => {
    const io = capture();
    const script = await k6Command(
      ['production/access.log'],
      { header: ['Authorization: Bearer ${STG_TOKEN}'], allowMethods: 'POST' },
      io,
    );
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'parity-k6-')), 'script.mjs');
    writeFileSync(file, script);
    execFileSync(process.execPath, ['--check', file]);
    expect(script).toContain('"executor":"ramping-arrival-rate"');
    // Allowed, but a POST is never sent without a body (--body-template, see k6.test.ts).
    expect(script).not.toContain('["POST","/api/checkout"');
    expect(script).toContain(
      '//   POST /api/checkout 2 requests: POST sends a body and no --body-template FILE was given',
    );
    expect(script).toContain('"authorization": "Bearer " + (__ENV.STG_TOKEN || \'\')');
    const constant = await k6Command(['production/access.log'], { executor: 'constant' }, capture());
    expect(constant).toContain('"executor":"constant-arrival-rate"');
    expect(constant).not.toContain('["POST"');
  });
});

describe('profile progress', () => {
  it('redraws at most every 250 ms with size, rate and time left, and clears its line', () => {
    let t = 0;
    const err: string[] = [];
    const progress = profileProgress({ stderr: (x) => err.push(x) }, () => t);
    t = 1000;
    progress.update(100 << 20, 400 << 20);
    t = 1100;
    progress.update(110 << 20, 400 << 20);
    t = 2000;
    progress.update(200 << 20, 400 << 20);
    progress.end();
    expect(err).toEqual([
      '\r\u001b[2Kprofiling: 100 of 400 MiB (25%), 100 MiB/s, 3 s left',
      '\r\u001b[2Kprofiling: 200 of 400 MiB (50%), 100 MiB/s, 2 s left',
      '\r\u001b[2K',
    ]);
  });
});

describe('traffic replay options', () => {
  it('caps what is sent, not what is read, when thinning (--rate 50% --max-requests N)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-thin-'));
    writeFileSync(path.join(dir, 'access.log'), shopProductionLog());
    const options = { duration: '1h', maxRequests: '1000', allowMethods: 'POST,PUT,PATCH,DELETE' };
    const half = await loadWorkload(['access.log'], { ...options, rate: '50%' }, dir);
    const twice = await loadWorkload(['access.log'], { ...options, maxRequests: '2000' }, dir);
    expect(half.requests).toHaveLength(1000);
    // Every other request of a 2,000-request read: the same stretch of the log, at half the rate.
    expect(half.requests.map((r) => r.at)).toEqual(
      twice.requests.filter((_, i) => i % 2 === 1).map((r) => r.at),
    );
  });

  it("shows the library's in-flight default in the CLI help", async () => {
    const { buildProgram } = await import('../../program.js');
    const { DEFAULT_MAX_INFLIGHT } = await import('../../../traffic/replay/run.js');
    const replayCmd = buildProgram()
      .commands.find((c) => c.name() === 'traffic')!
      .commands.find((c) => c.name() === 'replay')!;
    const option = replayCmd.options.find((o) => o.long === '--max-inflight')!;
    expect(option.defaultValue).toBe(String(DEFAULT_MAX_INFLIGHT));
  });
});
