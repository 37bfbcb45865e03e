import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createFingerprinter } from '../secrets.js';
import type { FactValue, SourceResult } from '../types.js';
import { collectKustomize } from './render.js';

const BASE_DIR = fileURLToPath(new URL('./__fixtures__/', import.meta.url));

function render(path: string): Promise<SourceResult> {
  return collectKustomize({
    source: 'kustomize',
    paths: [path],
    baseDir: BASE_DIR,
    renderer: 'builtin',
    pathEnv: '',
    fingerprint: createFingerprinter('test-key'),
  });
}

function byKey(result: SourceResult): Record<string, [FactValue, string]> {
  return Object.fromEntries(result.facts.map((f) => [f.key, [f.value, `${f.origin.file}:${f.origin.line}`]]));
}

describe('kustomize built-in renderer: components', () => {
  it('applies each component in order over what its parent accumulated, as kubectl kustomize does', async () => {
    const result = await render('shop-with-components/staging');
    expect(result.skips).toEqual([]);
    const facts = byKey(result);
    const debug = 'shop-with-components/components/debug-tools';
    // The component's resources join the render; its JSON patch edits one of them at the patch's line.
    expect(facts['observability/resource/ServiceMonitor/checkout/spec.endpoints[0].interval']).toEqual([
      '5s',
      `${debug}/kustomization.yaml:11`,
    ]);
    // Its strategic-merge patch file and configMapGenerator merge reach the parent's base.
    expect(facts['infra/workload/checkout/replicas']).toEqual([1, `${debug}/checkout-debug.yaml:6`]);
    expect(facts['config/configmap/checkout-config/LOG_LEVEL']).toEqual([
      'debug',
      `${debug}/kustomization.yaml:19`,
    ]);
    // The parent's own transformers run after its components: its image tag wins.
    expect(facts['infra/workload/checkout/container/app/image']?.[0]).toBe(
      'registry.example.com/shop/checkout:1.5.0-rc.1',
    );
    expect(facts['infra/substrate/namespace']?.[0]).toEqual(['shop-stg']);
  });

  it('refuses a component listed under resources, naming its kind line', async () => {
    const result = await render('component-as-resource');
    expect(result.skips).toEqual([
      {
        source: 'kustomize',
        file: 'shop-with-components/components/monitoring/kustomization.yaml',
        line: 2,
        reason:
          'overlay not rendered: kind: Component: a component is listed under components:, not resources:',
      },
    ]);
  });

  it('names every field it lacks, each at its file:line', async () => {
    const result = await render('unsupported-fields-listed');
    const file = 'unsupported-fields-listed/kustomization.yaml';
    expect(result.skips).toEqual([
      {
        source: 'kustomize',
        file,
        line: 3,
        reason: `overlay not rendered: the built-in renderer does not apply \`vars\` (${file}:3), \`helmCharts\` (${file}:9), \`replacements\` (${file}:12); install kustomize or kubectl (renderer: kustomize or kubectl) to render this overlay`,
      },
    ]);
  });
});
