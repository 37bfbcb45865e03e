import { describe, expect, it } from 'vitest';
import { runParity } from '../test-support/cli.js';
import { detectors } from './detectors.js';
import { sources } from './index.js';
import { extractKubernetes } from './kubernetes/extract.js';
import { createFingerprinter } from './secrets.js';

/** Names a user can write (`kind: valueOf`) that Object.prototype also holds: never a lookup hit. */
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);

describe('names of Object.prototype are not kinds', () => {
  it('the source and detector registries have none of them', () => {
    for (const name of PROTOTYPE_NAMES) {
      expect(sources[name], name).toBeUndefined();
      expect(detectors[name], name).toBeUndefined();
    }
  });

  it('a manifest whose kind is one of them is read like any unknown kind, without an exception', () => {
    const docs = PROTOTYPE_NAMES.flatMap((kind) =>
      ['v1', 'apps/v1'].map(
        (apiVersion) =>
          `apiVersion: ${apiVersion}\nkind: ${JSON.stringify(kind)}\nmetadata:\n  name: x\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: nginx}]\n`,
      ),
    );
    const result = extractKubernetes([{ file: 'k.yaml', text: docs.join('---\n') }], {
      source: 'k8s',
      fingerprint: createFingerprinter('k'),
    });
    expect(Array.isArray(result.facts)).toBe(true);
  });

  it('`parity sources constructor` is an unknown kind (exit 2), not an internal error', async () => {
    const run = await runParity(['sources', 'constructor']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown source kind "constructor"/);
  });
});
