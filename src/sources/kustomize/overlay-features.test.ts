import { describe, expect, it } from 'vitest';
import { createFingerprinter } from '../secrets.js';
import type { FactValue, SourceResult } from '../types.js';
import { renderInMemory } from './memory-files.js';

const fingerprint = createFingerprinter('k');

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  labels:
    app: api
spec:
  replicas: 2
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      serviceAccountName: api
      volumes:
        - name: config
          configMap:
            name: api-files
      containers:
        - name: app
          image: shop/api:1.0
          envFrom:
            - configMapRef:
                name: api-env
            - configMapRef:
                name: made-elsewhere
          env:
            - name: A
              value: "1"
            - name: B
              value: "2"
          ports:
            - containerPort: 8080
        - name: sidecar
          image: envoyproxy/envoy:v1.29.0
`;
const CONFIG = `apiVersion: v1
kind: ConfigMap
metadata:
  name: api-env
data:
  MODE: normal
`;

/** Renders `app/` from a base folder holding the Deployment and ConfigMap, plus the given files. */
function run(kustomization: string, extra: Record<string, string> = {}): Promise<SourceResult> {
  return renderInMemory(
    {
      '/base/kustomization.yaml': 'resources:\n  - deployment.yaml\n  - config.yaml\n',
      '/base/deployment.yaml': DEPLOYMENT,
      '/base/config.yaml': CONFIG,
      '/app/kustomization.yaml': kustomization,
      ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [`/app/${k}`, v])),
    },
    '/app',
    fingerprint,
  );
}

function values(result: SourceResult): Record<string, FactValue> {
  return Object.fromEntries(result.facts.map((f) => [f.key, f.value]));
}

function where(result: SourceResult, key: string): string {
  const fact = result.facts.find((f) => f.key === key);
  return `${fact?.origin.file}:${fact?.origin.line}`;
}

function reasons(result: SourceResult): string[] {
  return result.skips.map((s) => `${s.file}:${s.line ?? ''} ${s.reason}`);
}

describe('strategic-merge patches', () => {
  it('merges containers and env by name, deletes with $patch and null, adds new items', async () => {
    const result = await run(
      `resources: [../base]
patches:
  - patch: |-
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: api
      spec:
        template:
          spec:
            containers:
              - name: app
                env:
                  - name: B
                    $patch: delete
                  - name: C
                    value: "3"
                ports:
                  - containerPort: 9090
              - name: sidecar
                image: null
`,
    );
    const v = values(result);
    expect(result.skips).toEqual([]);
    expect([v['config/env/api/A'], v['config/env/api/B'], v['config/env/api/C']]).toEqual([
      '1',
      undefined,
      '3',
    ]);
    expect(v['infra/workload/api/container/app/image']).toBe('shop/api:1.0');
    expect(v['infra/workload/api/container/sidecar/image']).toBeUndefined();
    expect(where(result, 'config/env/api/C')).toBe('app/kustomization.yaml:16');
  });

  it('replaces the lists of custom resources whole, as kustomize does without their schema', async () => {
    const rollout = DEPLOYMENT.replace(
      'apiVersion: apps/v1\nkind: Deployment',
      'apiVersion: argoproj.io/v1alpha1\nkind: Rollout',
    );
    const result = await renderInMemory(
      {
        '/app/rollout.yaml': rollout,
        '/app/kustomization.yaml': `resources: [rollout.yaml]
patches:
  - patch: |-
      apiVersion: argoproj.io/v1alpha1
      kind: Rollout
      metadata:
        name: api
      spec:
        template:
          spec:
            containers:
              - name: app
                image: shop/api:2.0
`,
      },
      '/app',
      fingerprint,
    );
    const v = values(result);
    expect(v['infra/workload/api/container/app/image']).toBe('shop/api:2.0');
    expect(v['infra/workload/api/container/sidecar/image']).toBeUndefined();
    expect(v['config/env/api/A']).toBeUndefined();
  });

  it('merges Service ports by port and replaces a list marked $patch: replace', async () => {
    const service =
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  ports:\n    - port: 80\n      targetPort: 8080\n    - port: 443\n';
    const result = await renderInMemory(
      {
        '/app/service.yaml': service,
        '/app/deployment.yaml': DEPLOYMENT,
        '/app/kustomization.yaml': `resources: [service.yaml, deployment.yaml]
patchesStrategicMerge:
  - |-
    apiVersion: v1
    kind: Service
    metadata:
      name: api
    spec:
      ports:
        - port: 8443
  - |-
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: api
    spec:
      template:
        spec:
          containers:
            - $patch: replace
            - name: only
              image: shop/only:1
`,
      },
      '/app',
      fingerprint,
    );
    const v = values(result);
    expect(v['infra/service/api/ports']).toEqual(['443/TCP', '80/TCP', '8443/TCP']);
    expect(Object.keys(v).filter((k) => k.endsWith('/image'))).toEqual([
      'infra/workload/api/container/only/image',
    ]);
  });
});

describe('JSON 6902 patches', () => {
  it('adds, replaces, removes, moves and copies, each value at its operation', async () => {
    const result = await run(
      `resources: [../base]
patches:
  - target:
      kind: Deployment
      name: ap.
    patch: |-
      - op: add
        path: /spec/template/spec/containers/0/env/-
        value: {name: D, value: "4"}
      - op: replace
        path: /spec/replicas
        value: 5
      - op: remove
        path: /spec/template/spec/containers/1
      - op: copy
        from: /spec/template/spec/containers/0/env/0
        path: /spec/template/spec/containers/0/env/-
      - op: test
        path: /spec/replicas
        value: 5
`,
    );
    const v = values(result);
    expect(result.skips).toEqual([]);
    expect(v['config/env/api/D']).toBe('4');
    expect(v['infra/workload/api/replicas']).toBe(5);
    expect(where(result, 'infra/workload/api/replicas')).toBe('app/kustomization.yaml:12');
    expect(v['infra/workload/api/container/sidecar/image']).toBeUndefined();
  });

  it('fails the render on a failed test, a missing path or a patch without a target', async () => {
    const failed = await run(
      'resources: [../base]\npatches:\n  - target: {kind: Deployment}\n    patch: |-\n      - op: test\n        path: /spec/replicas\n        value: 9\n',
    );
    expect(failed.facts).toEqual([]);
    expect(reasons(failed)).toEqual([
      'app/kustomization.yaml:6 overlay not rendered: JSON patch: test /spec/replicas failed',
    ]);
    const missing = await run(
      'resources: [../base]\npatchesJson6902:\n  - target: {group: apps, version: v1, kind: Deployment, name: api}\n    path: ops.yaml\n',
      { 'ops.yaml': '- op: remove\n  path: /spec/strategy/type\n' },
    );
    expect(reasons(missing)).toEqual([
      'app/ops.yaml:2 overlay not rendered: JSON patch: /spec/strategy/type: /spec/strategy does not exist',
    ]);
    const untargeted = await run('resources: [../base]\npatches:\n  - patch: "[]"\n');
    expect(reasons(untargeted)).toEqual([
      'app/kustomization.yaml:3 overlay not rendered: patches: a JSON 6902 patch (a list of operations) needs a target',
    ]);
  });

  it('selects by label and leaves the rest; a selector that matches nothing is no error', async () => {
    const result = await run(
      `resources: [../base]
patches:
  - target: {labelSelector: "app in (api,web),!legacy"}
    patch: '[{"op": "replace", "path": "/spec/replicas", "value": 4}]'
  - target: {kind: StatefulSet}
    patch: '[{"op": "replace", "path": "/spec/replicas", "value": 9}]'
`,
    );
    expect(values(result)['infra/workload/api/replicas']).toBe(4);
    expect(result.skips).toEqual([]);
  });
});

describe('names, labels, images and replicas', () => {
  it('renames objects and the references to them, and leaves references to objects made elsewhere', async () => {
    const result = await run(
      `resources: [../base, account.yaml]
namePrefix: shop-
nameSuffix: -stg
configMapGenerator:
  - name: api-files
    files:
      - settings.json
      - nginx=nginx.conf
`,
      {
        'account.yaml':
          'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\nautomountServiceAccountToken: false\n',
        'settings.json': '{"retries": 3}',
        'nginx.conf': 'worker_processes 4;',
      },
    );
    const v = values(result);
    expect(v['config/env/shop-api-stg/MODE']).toBe('normal');
    expect(v['config/env-from/shop-api-stg/configmap:made-elsewhere']).toBe('made-elsewhere');
    expect(v['access/workload/shop-api-stg/service-account']).toBe('shop-api-stg');
    expect(v['access/workload/shop-api-stg/automount-token']).toBe(false);
    expect(v['config/configmap/shop-api-files-stg/settings.json']).toBe('{"retries": 3}');
    expect(where(result, 'config/configmap/shop-api-files-stg/nginx')).toBe('app/kustomization.yaml:8');
  });

  it('adds common labels to selectors and templates, so disruption budgets still find their workload', async () => {
    const result = await run(
      `resources: [../base, pdb.yaml]
commonLabels:
  env: staging
`,
      {
        'pdb.yaml':
          'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: api-pdb\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels:\n      app: api\n',
      },
    );
    expect(values(result)['infra/pdb/api/min-available']).toBe(1);
  });

  it('adds `labels:` to pod templates only when asked, and annotations everywhere', async () => {
    const pdb = {
      'pdb.yaml':
        'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web-pdb\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n      tier: web\n',
    };
    const labels = (templates: boolean) =>
      `resources: [../base, pdb.yaml]\nlabels:\n  - pairs: {tier: web}\n    includeTemplates: ${templates}\ncommonAnnotations:\n  cluster: gke-shop-prod\n`;
    const withTemplates = await run(labels(true), pdb);
    expect(values(withTemplates)['infra/pdb/api/max-unavailable']).toBe(1);
    expect(values(withTemplates)['infra/substrate/cluster']).toEqual(['gke-shop-prod']);
    expect(where(withTemplates, 'infra/substrate/cluster')).toBe('app/kustomization.yaml:5');
    const without = await run(labels(false), pdb);
    expect(values(without)['infra/pdb/web-pdb/max-unavailable']).toBe(1);
  });

  it('retags by image name, keeping a tag YAML would read as a number as written', async () => {
    const result = await run(
      `resources: [../base]
images:
  - name: shop/api
    newName: registry.example.com/shop/api
    newTag: 1.10
  - name: envoyproxy/envoy
    digest: sha256:4f1c
replicas:
  - name: api
    count: 3
`,
    );
    const v = values(result);
    expect(v['infra/workload/api/container/app/image']).toBe('registry.example.com/shop/api:1.10');
    expect(v['infra/workload/api/container/sidecar/image']).toBe('envoyproxy/envoy@sha256:4f1c');
    expect(v['infra/workload/api/replicas']).toBe(3);
    expect(where(result, 'infra/workload/api/replicas')).toBe('app/kustomization.yaml:10');
  });

  it('fails on a replica count for a workload that is not there, as kustomize does', async () => {
    const result = await run('resources: [../base]\nreplicas:\n  - name: payments\n    count: 2\n');
    expect(reasons(result)).toEqual([
      'app/kustomization.yaml:3 overlay not rendered: replicas: no Deployment, StatefulSet, ReplicaSet or ReplicationController named payments',
    ]);
  });
});

describe('generators', () => {
  it('merges, replaces and creates; literal quotes dropped; env lines without a value noted', async () => {
    const result = await run(
      `resources: [../base]
configMapGenerator:
  - name: api-env
    behavior: replace
    literals:
      - GREETING="hello world"
      - QUOTE='a"
  - name: extra
    envs: [extra.env]
generatorOptions:
  labels:
    generated: "true"
`,
      { 'extra.env': '# comment\nPOOL=4\nFROM_SHELL\n' },
    );
    const v = values(result);
    expect(v['config/configmap/api-env/MODE']).toBeUndefined();
    expect(v['config/configmap/api-env/GREETING']).toBe('hello world');
    expect(v['config/configmap/api-env/QUOTE']).toBe(`'a"`);
    expect(v['config/configmap/extra/POOL']).toBe('4');
    expect(where(result, 'config/configmap/extra/POOL')).toBe('app/extra.env:2');
    expect(reasons(result)).toEqual([
      'app/extra.env:3 ConfigMap extra: FROM_SHELL has no =value; its value would come from the shell environment at build time, so it is left out',
    ]);
  });

  it('refuses a second ConfigMap of one name, a merge with nothing to merge, and never quotes a literal', async () => {
    expect(
      reasons(
        await run('resources: [../base]\nconfigMapGenerator:\n  - name: api-env\n    literals: [X=1]\n'),
      ),
    ).toEqual([
      'app/kustomization.yaml:3 overlay not rendered: ConfigMap api-env already exists; use behavior: merge or replace',
    ]);
    expect(
      reasons(
        await run(
          'resources: [../base]\nsecretGenerator:\n  - name: db\n    behavior: merge\n    literals: [X=1]\n',
        ),
      ),
    ).toEqual([
      'app/kustomization.yaml:3 overlay not rendered: Secret db: behavior merge needs exactly one Secret of that name from the resources or a base, found 0',
    ]);
    const leaked = await run(
      'resources: [../base]\nsecretGenerator:\n  - name: db\n    literals:\n      - sk_live_PLANTEDnoEquals51Hx\n',
    );
    expect(reasons(leaked)).toEqual([
      'app/kustomization.yaml:5 overlay not rendered: Secret db: literals entry 1: expected KEY=value',
    ]);
    expect(JSON.stringify(leaked)).not.toContain('PLANTED');
  });
});

describe('kustomization files', () => {
  it('refuses unknown fields, Components, files outside the folder and two kustomization files', async () => {
    expect(reasons(await run('resources: [../base]\nnamePrefx: shop-\n'))).toEqual([
      'app/kustomization.yaml:2 overlay not rendered: unknown field `namePrefx` (kustomize refuses it too)',
    ]);
    expect(reasons(await run('apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n'))).toEqual([
      'app/kustomization.yaml:2 overlay not rendered: kind: Component: a component is listed under components:, not resources:',
    ]);
    expect(reasons(await run('resources: [../base]\npatches:\n  - path: ../base/deployment.yaml\n'))).toEqual(
      [
        "app/kustomization.yaml:3 overlay not rendered: ../base/deployment.yaml is outside the kustomization's folder; kustomize refuses such files unless run with --load-restrictor LoadRestrictionsNone",
      ],
    );
    expect(reasons(await run('resources: [../base]\n', { Kustomization: 'resources: []\n' }))).toEqual([
      'app: overlay not rendered: app: several kustomization files (kustomization.yaml, Kustomization); kustomize refuses that',
    ]);
  });
});
