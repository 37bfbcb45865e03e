import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { shopProductionLog } from '../../test-support/traffic-generators.js';
import { profileFiles } from './files.js';
import { defaultLanes, profileInParallel, splitAtLines } from './parallel.js';

const FORMAT =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time $request_length';

describe('defaultLanes', () => {
  it('reads with one lane per core (two workers on two cores: they win wherever a line is not cheap)', () => {
    expect([1, 2, 3, 4, 8].map((cores) => defaultLanes(cores))).toEqual([1, 2, 3, 4, 8]);
  });
});

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

  it('reports progress up to every byte of the files, gzip counted as stored', async () => {
    const gz = path.join(dir, 'access.log.1.gz');
    writeFileSync(gz, gzipSync(text));
    const files = [
      { absolute: file, display: 'access.log' },
      { absolute: gz, display: 'access.log.1.gz' },
    ];
    const seen: [number, number][] = [];
    await profileInParallel(files, { source: 's', format: FORMAT }, 3, 1, undefined, (done, total) =>
      seen.push([done, total]),
    );
    const total = size + statSync(gz).size;
    expect(seen.at(-1)).toEqual([total, total]);
    for (let i = 1; i < seen.length; i++) expect(seen[i]![0]).toBeGreaterThan(seen[i - 1]![0]);
  });

  // The built worker threads (npm test builds before it tests): the same profile, progress posted.
  const built = fileURLToPath(new URL('../../../dist/traffic/profile/parallel.js', import.meta.url));
  it.skipIf(!existsSync(built))('runs chunks on worker threads from the build', async () => {
    const { profileInParallel: onWorkers } = (await import(built)) as typeof import('./parallel.js');
    const files = [{ absolute: file, display: 'access.log' }];
    const whole = await profileFiles(files, { source: 's', format: FORMAT });
    let done = 0;
    const split = await onWorkers(files, { source: 's', format: FORMAT }, 2, 1, undefined, (d) => {
      done = d;
    });
    expect(split.profile).toEqual(whole.profile);
    expect(split.skips).toEqual(whole.skips);
    expect(done).toBe(size);
  });
});
