import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { profileFiles } from '../traffic/profile/files.js';

const shop = fileURLToPath(
  new URL('../sources/access-log/__fixtures__/nginx-combined-shop.log', import.meta.url),
);

/**
 * A stored traffic profile (as `parity traffic profile` writes it) whose endpoints are exactly
 * these request targets, GET (and OPTIONS for `*`), at 20 requests in its one second: a crafted
 * profile for the replay safety tests.
 */
export async function profileWithTargets(targets: string[]): Promise<{ dir: string; file: string }> {
  const { profile } = await profileFiles([{ absolute: shop, display: 'shop.log' }], { source: 'test' });
  profile.endpoints = targets.map((template) => ({
    method: template === '*' ? 'OPTIONS' : 'GET',
    template,
    requests: 5,
    share: 1 / targets.length,
    errors: 0,
  }));
  profile.rate.series = { step: 1, counts: [20] };
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-profile-'));
  const file = path.join(dir, 'crafted-profile.json');
  writeFileSync(file, JSON.stringify(profile));
  return { dir, file };
}
