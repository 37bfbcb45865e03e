import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../postgres/embedded.js';
import { nginxBinary, type RunningNginx, startNginx } from '../../test-support/nginx.js';
import { profileFiles } from '../profile/files.js';
import { replay } from '../replay/run.js';
import type { PlannedRequest } from '../replay/workload.js';

// Real nginx on 127.0.0.1 writing a custom log_format. Install: apt-get install -y nginx-light
const reason =
  'nginx is not installed (apt-get install -y nginx-light); the real-nginx traffic tests are skipped';
if (!nginxBinary) console.warn(`SKIPPED: ${reason}`);

const LOG_FORMAT =
  '$remote_addr [$time_iso8601] "$request" $status $body_bytes_sent rt=$request_time len=$request_length msec=$msec';

describe.skipIf(!nginxBinary)(`against a real nginx${nginxBinary ? '' : ` (skipped: ${reason})`}`, () => {
  let port: number;
  let nginx: RunningNginx;
  let dir: string;
  const log = () => path.join(dir, 'access.log');

  beforeAll(async () => {
    port = await freePort();
    nginx = await startNginx(
      (prefix) => `
  log_format parity '${LOG_FORMAT}';
  access_log ${prefix}/access.log parity;
  server {
    listen 127.0.0.1:${port};
    location /products/ { return 200 "product page with some body text"; }
    location = /api/limited { return 429; }
    location /api/orders/ { return 404; }
    location / { return 200 "ok"; }
  }`,
      [port],
    );
    dir = nginx.dir;
  });

  afterAll(() => {
    nginx?.stop();
  });

  it('profiles what replay sent: counts match the plan, computed independently', async () => {
    const before = readFileSync(log(), 'utf8').split('\n').filter(Boolean).length;
    const plan: PlannedRequest[] = [];
    for (let i = 0; i < 300; i++) {
      const kind = i % 10;
      const p =
        kind < 6 ? `/products/${1000 + i}` : kind < 8 ? '/api/limited' : kind < 9 ? `/api/orders/${i}` : '/';
      plan.push({ at: i * 2, method: kind === 9 ? 'HEAD' : 'GET', path: p, template: '' });
    }
    const result = await replay(plan, { target: new URL(`http://127.0.0.1:${port}`) });
    expect(result).toMatchObject({ sent: 300, completed: 300, statuses: { 200: 210, 429: 60, 404: 30 } });
    // Only the replayed lines (the readiness probe came before).
    const lines = readFileSync(log(), 'utf8').split('\n').filter(Boolean).slice(before);
    const replayed = path.join(dir, 'replayed.log');
    writeFileSync(replayed, `${lines.join('\n')}\n`);
    const { profile, skips } = await profileFiles([{ absolute: replayed, display: 'replayed.log' }], {
      source: 'nginx',
      format: LOG_FORMAT,
    });
    expect(skips).toEqual([]);
    expect(profile.requests).toBe(300);
    const expected = new Map<string, number>();
    for (const p of plan) {
      const template = p.path.replace(/\/\d+$/, '/:id');
      expected.set(`${p.method} ${template}`, (expected.get(`${p.method} ${template}`) ?? 0) + 1);
    }
    expect(new Map(profile.endpoints.map((e) => [`${e.method} ${e.template}`, e.requests]))).toEqual(
      expected,
    );
    expect(profile.statuses['429']?.requests).toBe(60);
    expect(profile.concurrency).not.toBeNull();
    // nginx's own clock ($msec) saw the requests spread over the planned 600 ms, not bunched.
    const msecs = lines.map((l) => Number(/msec=([\d.]+)/.exec(l)?.[1]) * 1000);
    const span = Math.max(...msecs) - Math.min(...msecs);
    expect(span).toBeGreaterThan(550);
    expect(span).toBeLessThan(900);
  });
});
