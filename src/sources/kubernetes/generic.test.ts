import { describe, expect, it } from 'vitest';
import { byKey, runKubernetes } from '../../test-support/kubernetes.js';
import { chartChannel, dotted } from './generic.js';

describe('kubernetes extract: objects with no model are compared field by field', () => {
  const result = runKubernetes(['custom-resources-generic.yaml']);
  const facts = byKey(result);
  const file = 'custom-resources-generic.yaml';

  it('keys each value by kind, name and path, at the line that wrote it, in the dimension of its kind', () => {
    expect(facts['infra/resource/BackendConfig/web/spec.securityPolicy.name']).toEqual([
      'edge-armor',
      `${file}:10`,
    ]);
    expect(facts['infra/resource/BackendConfig/web/spec.timeoutSec']).toEqual([40, `${file}:11`]);
    expect(facts['observability/resource/ServiceMonitor/checkout/spec.endpoints[0].interval']).toEqual([
      '30s',
      `${file}:28`,
    ]);
    // Labels name and select (overlays stamp `env: staging` on everything): not compared.
    expect(facts['observability/resource/ServiceMonitor/checkout/metadata.labels.release']).toBeUndefined();
    expect(facts['infra/resource/VerticalPodAutoscaler/checkout/spec.updatePolicy.updateMode']).toEqual([
      'Auto',
      `${file}:36`,
    ]);
    expect(facts['access/resource/Certificate/shop-tls/spec.dnsNames']).toEqual([
      '["shop.example.com","www.shop.example.com"]',
      `${file}:45`,
    ]);
    expect(facts['infra/resource/Provisioner/default/spec.consolidation.enabled']).toEqual([
      true,
      `${file}:68`,
    ]);
    expect(facts['access/resource/NetworkPolicy/deny-all/spec.podSelector']).toBeUndefined(); // `{}`: as good as absent
  });

  it('gives a HelmRelease chart version its channel, its tests switch as deploys, its values as config', () => {
    expect(facts['deploys/resource/HelmRelease/podinfo/spec.chart.spec.version']).toEqual([
      '>=1.0.0-alpha (range with pre-releases)',
      `${file}:55`,
    ]);
    expect(facts['deploys/resource/HelmRelease/podinfo/spec.test.enable']).toEqual([false, `${file}:57`]);
    const password = result.facts.find(
      (f) => f.key === 'config/resource/HelmRelease/podinfo/spec.values.redis.password',
    );
    expect(password?.value).toMatchObject({ secret: true });
    expect(JSON.stringify(result)).not.toContain('PLANTED');
  });

  it('keeps a mode word or a namespace/name reference under a credential-named field as a setting, secrets as fingerprints', () => {
    expect(facts['infra/resource/AWSNodeTemplate/default/spec.metadataOptions.httpTokens']?.[0]).toBe(
      'required',
    );
    expect(
      facts[
        'access/resource/MutatingWebhookConfiguration/cert-manager-webhook/metadata.annotations[cert-manager.io%2Finject-ca-from-secret]'
      ]?.[0],
    ).toBe('cert-manager/cert-manager-webhook-ca');
    expect(
      facts['observability/resource/GrafanaDatasource/loki/spec.datasource.secureJsonData.password']?.[0],
    ).toMatchObject({
      secret: true,
    });
    expect(facts['observability/resource/GrafanaDatasource/loki/spec.datasource.basicAuthUser']?.[0]).toBe(
      'admin',
    );
  });

  it('leaves out what the cluster or tooling wrote, runtime kinds, and lists no skip', () => {
    const keys = Object.keys(facts);
    expect(keys.filter((k) => /status|managedFields|resourceVersion|uid|last-applied/.test(k))).toEqual([]);
    expect(keys.filter((k) => /CertificateRequest|Event/.test(k))).toEqual([]);
    expect(result.skips).toEqual([]);
  });
});

describe('chartChannel', () => {
  it.each([
    ['6.5.0', 'pinned'],
    ['v6.5.0', 'pinned'],
    ['>=1.0.0', 'range'],
    ['6.x', 'range'],
    ['^6.5.0', 'range'],
    ['*', 'range'],
    ['>=1.0.0-alpha', 'range with pre-releases'],
    ['7.0.0-rc.1', 'pinned pre-release'],
  ])('%s is %s', (version, channel) => {
    expect(chartChannel(version)).toBe(channel);
  });
});

describe('dotted', () => {
  it('escapes what would break a key segment', () => {
    expect(dotted(['metadata', 'annotations', 'eks.amazonaws.com/role-arn'])).toBe(
      'metadata.annotations[eks.amazonaws.com%2Frole-arn]',
    );
    expect(dotted(['spec', 'endpoints', '[port=http]', 'interval'])).toBe(
      'spec.endpoints[port=http].interval',
    );
  });
});
