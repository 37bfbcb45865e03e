import { describe, expect, it } from 'vitest';
import type { FactValue } from '../../model/fact.js';
import { brief } from '../../test-support/compare.js';
import { fact } from '../../test-support/facts.js';
import { byKey, runKubernetes } from '../../test-support/kubernetes.js';
import { expectFires, expectSilent } from '../../test-support/rule-cases.js';

const service = (type: string) => fact('infra/service/api/type', type);
const ingress = (waf?: FactValue) => [
  fact('infra/ingress/api/hosts', ['api.example.com'], { compare: 'presence' }),
  ...(waf ? [fact('infra/ingress/api/waf', waf)] : []),
];

describe('infra.exposure-differs', () => {
  it('reads the WAF in front of an Ingress from its annotations and from a BackendConfig security policy', () => {
    const facts = byKey(runKubernetes(['exposure-production']));
    // The api Ingress has the ALB's WAF and, through its backend Service, the BackendConfig's policy.
    expect(facts['infra/ingress/api/waf']).toEqual([
      'aws-waf+cloud-armor',
      'exposure-production/api.yaml:26',
    ]);
    expect(facts['infra/ingress/api-gce/waf']?.[0]).toBe('cloud-armor');
    // The WAF fact is the kind of protection, never the ACL's ARN or the policy's name (the
    // BackendConfig's own fields are compared as a custom resource, docs/facts.md).
    const waf = Object.entries(facts).filter(([key]) => key.endsWith('/waf'));
    expect(JSON.stringify(waf)).not.toMatch(/111122223333|api-owasp-policy/);
  });

  it('is HIGH for a LoadBalancer in staging where production sits behind an Ingress with a WAF (real manifests)', () => {
    const found = expectFires(
      'infra.exposure-differs',
      runKubernetes(['exposure-production']).facts,
      runKubernetes(['exposure-staging']).facts,
    );
    expect(brief(found)).toEqual([
      ['infra.exposure-differs', 'infra/service/api/type', 'differs', 'high'],
      ['infra.exposure-differs', 'infra/ingress/api-gce/waf', 'only-baseline', 'medium'],
      ['infra.exposure-differs', 'infra/ingress/api/waf', 'only-baseline', 'medium'],
    ]);
    expect(found[0]!.message).toBe(
      'service api is a LoadBalancer in staging, exposed directly; production serves through an Ingress with a WAF or security policy (api: aws-waf+cloud-armor; api-gce: cloud-armor) (its api is ClusterIP)',
    );
  });

  it('is MEDIUM behind a plain Ingress, and silent when both expose the same way or production has no Ingress', () => {
    const plain = expectFires(
      'infra.exposure-differs',
      [service('ClusterIP'), ...ingress()],
      [service('LoadBalancer')],
    );
    expect(brief(plain)).toEqual([['infra.exposure-differs', 'infra/service/api/type', 'differs', 'medium']]);
    expectSilent(
      'infra.exposure-differs',
      [service('LoadBalancer'), ...ingress()],
      [service('LoadBalancer')],
    );
    expectSilent('infra.exposure-differs', [service('ClusterIP')], [service('LoadBalancer')]);
    expectSilent('infra.exposure-differs', [...ingress('aws-waf')], [...ingress('aws-waf')]);
  });
});
