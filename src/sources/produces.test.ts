import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sources } from './index.js';
import { createFingerprinter } from './secrets.js';

// What to read from each kind's own __fixtures__ folder ('.' unless the folder needs a pick).
const PATHS: Record<string, string[]> = {
  compose: ['shop/docker-compose.yml', 'shop/docker-compose.prod.yml'],
  'helm-values': ['shop/'],
  kustomize: ['shop/production'],
  'access-log': ['nginx-combined-shop.log'],
  pulumi: ['stacks/Pulumi.production.yaml'],
  'terraform-vars': ['shop/env/production'],
  helmfile: ['shop'],
};
// Live sources: their keys are checked by their own tests against real servers.
const LIVE = new Set(['postgres', 'prometheus']);

describe('every key a source produces lies under the prefixes it declares (the reach used by coverage by subject)', () => {
  for (const [kind, source] of Object.entries(sources)) {
    it.skipIf(LIVE.has(kind))(kind, async () => {
      const baseDir = fileURLToPath(new URL(`./${kind}/__fixtures__/`, import.meta.url));
      const options = source.options.parse({});
      const spec = { kind, id: kind, paths: PATHS[kind] ?? ['.'], baseDir, options };
      const ctx = { environment: 'production', production: true, fingerprint: createFingerprinter('k') };
      const { facts } = await source.collect(spec, options, ctx);
      expect(facts.length).toBeGreaterThan(0);
      const outside = facts
        .filter((f) => !source.produces.some((p) => f.key.startsWith(p)))
        .map((f) => f.key);
      expect(outside).toEqual([]);
    });
  }
});
