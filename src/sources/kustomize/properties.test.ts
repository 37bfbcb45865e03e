import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFingerprinter } from '../secrets.js';
import { SUPPORTED } from './kustomization.js';
import { renderInMemory } from './memory-files.js';

const fingerprint = createFingerprinter('k');
const SHOP = fileURLToPath(new URL('./__fixtures__/shop/', import.meta.url));

/** The shop fixtures as in-memory files under /shop. */
function shopFiles(): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else out[`/shop/${path.relative(SHOP, full).split(path.sep).join('/')}`] = readFileSync(full, 'utf8');
    }
  };
  walk(SHOP);
  return out;
}

const SHOP_FILES = shopFiles();
// Every field the renderer applies, but the ones that only identify the file or its resources.
const FIELDS = [...SUPPORTED].filter(
  (f) => !['apiVersion', 'kind', 'metadata', 'bases', 'buildMetadata', 'sortOptions'].includes(f),
);

/** Any render resolves: facts and skips, never a throw. */
async function renders(files: Record<string, string>, dir: string): Promise<void> {
  const result = await renderInMemory(files, dir, fingerprint);
  expect(Array.isArray(result.facts)).toBe(true);
}

describe('kustomize built-in renderer on odd input', () => {
  it('never throws on a random kustomization text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 400 }), (text) =>
        renders({ ...SHOP_FILES, '/shop/odd/kustomization.yaml': text }, '/shop/odd'),
      ),
      { numRuns: 60 },
    );
  });

  it('never throws when any field of a kustomization holds anything', async () => {
    const field = fc.constantFrom(...FIELDS);
    const kustomization = fc.dictionary(field, fc.anything({ maxDepth: 3 }), { maxKeys: 4 });
    await fc.assert(
      fc.asyncProperty(kustomization, (doc) =>
        renders(
          {
            ...SHOP_FILES,
            '/shop/odd/kustomization.yaml': JSON.stringify({ resources: ['../base'], ...doc }),
          },
          '/shop/odd',
        ),
      ),
      { numRuns: 60 },
    );
  });

  it('never throws on patches of any shape against a real base', async () => {
    const op = fc.record(
      {
        op: fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test', 'nope'),
        path: fc.oneof(
          fc.constantFrom(
            '/spec/replicas',
            '/spec/template/spec/containers/0/env/-',
            '/metadata/labels/x',
            '/spec/template/spec/containers/9',
          ),
          fc.string(),
        ),
        from: fc.constantFrom('/spec/replicas', '/metadata', '/x'),
        value: fc.anything({ maxDepth: 2 }),
      },
      { requiredKeys: ['op', 'path'] },
    );
    const smp = fc.record({
      apiVersion: fc.constant('apps/v1'),
      kind: fc.constantFrom('Deployment', 'CronJob', 'Service'),
      metadata: fc.record({ name: fc.constantFrom('checkout', 'nightly-report', 'other') }),
      spec: fc.anything({ maxDepth: 4 }),
    });
    const patch = fc.oneof(
      fc
        .array(op, { maxLength: 4 })
        .map((ops) => ({ target: { kind: 'Deployment' }, patch: JSON.stringify(ops) })),
      smp.map((doc) => ({ patch: JSON.stringify(doc) })),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(patch, { maxLength: 3 }), (patches) =>
        renders(
          {
            ...SHOP_FILES,
            '/shop/odd/kustomization.yaml': JSON.stringify({ resources: ['../base'], patches }),
          },
          '/shop/odd',
        ),
      ),
      { numRuns: 60 },
    );
  });

  it('never throws when any file of the shop overlays is cut short', async () => {
    const names = Object.keys(SHOP_FILES).filter(
      (f) => f.startsWith('/shop/staging/') || f.startsWith('/shop/base/'),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), fc.nat(), async (name, cut) => {
        const text = SHOP_FILES[name]!;
        await renders({ ...SHOP_FILES, [name]: text.slice(0, cut % (text.length + 1)) }, '/shop/staging');
      }),
      { numRuns: 60 },
    );
  });

  it('stops on a long chain of bases and on a base that includes itself', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`/chain/${i}/kustomization.yaml`] = `resources: [../${i + 1}]\n`;
    const long = await renderInMemory(files, '/chain/0', fingerprint);
    expect(long.skips[0]?.reason).toBe('overlay not rendered: bases nest more than 32 deep');
    const self = await renderInMemory(
      { '/self/kustomization.yaml': 'resources: [.]\n' },
      '/self',
      fingerprint,
    );
    expect(self.skips[0]?.reason).toBe('overlay not rendered: resources form a cycle: self -> self');
  });
});
