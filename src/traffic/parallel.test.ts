import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { shopProductionLog } from '../../bench/traffic-generators.js';
import { profileInParallel, splitAtLines } from './parallel.js';
import { profileFiles } from './profile-files.js';

const FORMAT =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time $request_length';

describe('profileInParallel', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-parallel-'));
  const file = path.join(dir, 'access.log');
  const text = shopProductionLog();
  writeFileSync(file, `${text}garbage line\n`);
  const size = Buffer.byteLength(text) + 13;

  it('cuts ranges at line starts that cover the file exactly', async () => {
    const ranges = await splitAtLines(file, size, 4);
    expect(ranges[0]?.start).toBe(0);
    expect(ranges.at(-1)?.end).toBe(size);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i]?.start).toBe(ranges[i - 1]?.end);
  });

  it('merges chunks into the profile one pass gives, behaviours across the cuts included', async () => {
    const files = [{ absolute: file, display: 'access.log' }];
    const whole = await profileFiles(files, { source: 's', format: FORMAT });
    // 7 chunks warmed from 1 KiB before each cut (a few lines): the warm-up must grow to 10 s.
    for (const [threads, warmBytes] of [[2], [3], [7, 1024]]) {
      const options = { source: 's', format: FORMAT };
      const split = await profileInParallel(files, options, threads, 1, warmBytes);
      expect(split.profile).toEqual(whole.profile);
      expect(split.skips).toEqual(whole.skips);
    }
    expect(whole.profile.clients.retries).toBeGreaterThan(50);
    expect(whole.profile.clients.duplicateSubmits).toBeGreaterThan(10);
  });
});
