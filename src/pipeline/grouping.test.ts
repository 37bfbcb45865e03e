import { describe, expect, it } from 'vitest';
import { brief, compareRules } from '../test-support/compare.js';
import { fact } from '../test-support/facts.js';

const env = (workload: string, name: string, value: string, line: number) =>
  fact(`config/env/${workload}/${name}`, value, { line });

/** One variable per line, the same lines on both sides, values named after each environment. */
function environmentNamed(prod: string[], stg: string[]) {
  const names = ['AUTH_URL', 'BUCKET', 'PROJECT', 'QUEUE'];
  return {
    baseline: prod.map((v, i) => env('api', names[i]!, v, i + 1)),
    candidate: stg.map((v, i) => env('api', names[i]!, v, i + 1)),
  };
}

describe('one finding per real difference: environment-named values', () => {
  it('groups values that differ only by the environments’ names into one low finding with every member', () => {
    const { baseline, candidate } = environmentNamed(
      ['https://sign-in.example.org/auth', 'moj-reg-prod', 'app-prd-42', 'x'],
      ['https://sign-in-staging.example.org/auth', 'moj-reg-staging', 'app-stg-42', 'y'],
    );
    const c = compareRules(baseline, candidate);
    expect(brief(c.divergences)).toEqual([
      ['config.env-value-differs', 'config/env/api/QUEUE', 'differs', 'low'],
      ['config.names-differ-by-environment', 'config/group/names-differ-by-environment', 'differs', 'low'],
    ]);
    const group = c.divergences[1]!;
    expect(group.message).toBe(
      'names differ by environment: 3 values (production: prd, prod; staging: staging, stg): api/AUTH_URL, api/BUCKET, api/PROJECT',
    );
    expect(group.group!.members.map((m) => [m.rule, m.key])).toEqual([
      ['config.env-value-differs', 'config/env/api/AUTH_URL'],
      ['config.env-value-differs', 'config/env/api/BUCKET'],
      ['config.env-value-differs', 'config/env/api/PROJECT'],
    ]);
    expect(c.dimensions.find((d) => d.dimension === 'config')!.undecided).toBe(2);
  });

  it('keeps a value that is nothing but the environment’s name (code branches on it)', () => {
    const c = compareRules(
      [env('api', 'SENTRY_ENV', 'production', 1)],
      [env('api', 'SENTRY_ENV', 'staging', 1)],
    );
    expect(brief(c.divergences)).toEqual([
      ['config.env-value-differs', 'config/env/api/SENTRY_ENV', 'differs', 'low'],
    ]);
  });

  it('never takes the other environment’s name for a name: production pointing at staging stays a finding', () => {
    const c = compareRules(
      [env('api', 'AUTH_URL', 'https://staging.example.org', 1)],
      [env('api', 'AUTH_URL', 'https://example.org', 1)],
    );
    expect(brief(c.divergences)).toEqual([
      ['config.env-value-differs', 'config/env/api/AUTH_URL', 'differs', 'low'],
    ]);
  });

  it('pairs secret references whose names carry the environment (PROD_HOST in production, STAGING_HOST in staging)', () => {
    const ci = (name: string, value: string) => fact(`config/ci-env/${name}`, value);
    const c = compareRules(
      [ci('PROD_HOST', '${{ secrets.PROD_HOST }}'), ci('PROD_USER', '${{ secrets.PROD_USER }}')],
      [ci('STAGING_HOST', '${{ secrets.STAGING_HOST }}'), ci('STAGING_USER', '${{ secrets.STAGING_USER }}')],
    );
    expect(brief(c.divergences)).toEqual([
      ['config.names-differ-by-environment', 'config/group/names-differ-by-environment', 'differs', 'low'],
    ]);
    expect(c.divergences[0]!.group!.members.map((m) => [m.key, m.candidateKey])).toEqual([
      ['config/ci-env/PROD_HOST', 'config/ci-env/STAGING_HOST'],
      ['config/ci-env/PROD_USER', 'config/ci-env/STAGING_USER'],
    ]);
  });

  it('takes account ids in ARNs, image tags named after the environment, rename words and declared tokens', () => {
    const c = compareRules(
      [
        env('api', 'ROLE', 'arn:aws:iam::239043911459:role/api', 1),
        fact('infra/workload/api/container/api/image', 'ghcr.io/acme/api:latest', { line: 2 }),
        env('api', 'CLUSTER', 'eks-blue-main', 3),
        env('api', 'REGION_HOST', 'db.eu1.acme.net', 4),
      ],
      [
        env('api', 'ROLE', 'arn:aws:iam::296255494825:role/api', 1),
        fact('infra/workload/api/container/api/image', 'ghcr.io/acme/api:staging-latest', { line: 2 }),
        env('api', 'CLUSTER', 'eks-green-main', 3),
        env('api', 'REGION_HOST', 'db.eu9.acme.net', 4),
      ],
      {
        rename: [{ match: /-green-/, replace: '-blue-' }],
        tokens: { production: ['eu1'], staging: ['eu9'] },
      },
    );
    expect(brief(c.divergences)).toEqual([
      ['config.names-differ-by-environment', 'config/group/names-differ-by-environment', 'differs', 'low'],
      ['infra.names-differ-by-environment', 'infra/group/names-differ-by-environment', 'differs', 'low'],
    ]);
    expect(c.divergences[0]!.group!.members.map((m) => m.key)).toEqual([
      'config/env/api/CLUSTER',
      'config/env/api/REGION_HOST',
      'config/env/api/ROLE',
    ]);
  });

  it('learns each environment’s own domain from a bare host pair and reads the URLs under it', () => {
    const helm = (path: string, value: string, line: number) =>
      fact(`config/helm/app/${path}`, value, { line });
    const c = compareRules(
      [
        helm('externalDomainSuffix', 'gov.uk', 1),
        helm('frontendBaseUrl', 'https://www.gov.uk', 2),
        // A second name for the same long domain must not hide the first.
        helm('internalDomainSuffix', 'publishing.service.gov.uk', 3),
      ],
      [
        helm('externalDomainSuffix', 'staging.publishing.service.gov.uk', 1),
        helm('internalDomainSuffix', 'staging.publishing.service.gov.uk', 3),
        helm('frontendBaseUrl', 'https://www.staging.publishing.service.gov.uk', 2),
      ],
    );
    expect(brief(c.divergences)).toEqual([
      ['config.names-differ-by-environment', 'config/group/names-differ-by-environment', 'differs', 'low'],
    ]);
    expect(c.divergences[0]!.group!.members.map((m) => m.key)).toEqual([
      'config/helm/app/externalDomainSuffix',
      'config/helm/app/frontendBaseUrl',
      'config/helm/app/internalDomainSuffix',
    ]);
  });

  it('lets a decision on one member keep that member apart, and a decision on the group decide all of it', () => {
    const { baseline, candidate } = environmentNamed(
      ['moj-reg-prod', 'app-prd-1', 'app-prd-2'],
      ['moj-reg-staging', 'app-stg-1', 'app-stg-2'],
    );
    const decision = (rule: string, key?: string) => ({
      rule,
      ...(key ? { key } : {}),
      decision: 'accept' as const,
      reason: 'each environment has its own',
    });
    const one = compareRules(baseline, candidate, {
      decisions: [decision('config.env-value-differs', 'config/env/api/BUCKET')],
    });
    expect(one.divergences.map((d) => [d.rule, d.key, d.decision?.decision ?? null])).toEqual([
      ['config.names-differ-by-environment', 'config/group/names-differ-by-environment', null],
      ['config.env-value-differs', 'config/env/api/BUCKET', 'accept'],
    ]);
    expect(one.divergences[0]!.group!.members).toHaveLength(2);
    const all = compareRules(baseline, candidate, {
      decisions: [decision('config.names-differ-by-environment')],
    });
    expect(all.divergences.map((d) => [d.rule, d.decision?.decision ?? null])).toEqual([
      ['config.names-differ-by-environment', 'accept'],
    ]);
  });
});

describe('one finding per real difference: no double reporting, same-pattern rows', () => {
  it('reports an endpoint once, in integrations, not again as the variable it was read from', () => {
    const url = (host: string) => env('api', 'FRAUD_URL', `https://${host}/v1`, 7);
    const host = (h: string) => fact('integrations/endpoint/FRAUD_URL/host', h, { line: 7 });
    const c = compareRules(
      [url('api.fraud.com'), host('api.fraud.com')],
      [url('fraud-mock.test'), host('fraud-mock.test')],
    );
    expect(brief(c.divergences)).toEqual([
      ['integrations.endpoint-differs', 'integrations/endpoint/FRAUD_URL/host', 'differs', 'medium'],
    ]);
  });

  it('keeps config findings whose line several share (a one-line JSON file): which one is the endpoint is unknown', () => {
    const c = compareRules(
      [
        env('api', 'FRAUD_URL', 'https://api.fraud.com', 1),
        env('api', 'RETRIES', '5', 1),
        fact('integrations/endpoint/FRAUD_URL/host', 'api.fraud.com', { line: 1 }),
      ],
      [
        env('api', 'FRAUD_URL', 'https://fraud-mock.test', 1),
        env('api', 'RETRIES', '0', 1),
        fact('integrations/endpoint/FRAUD_URL/host', 'fraud-mock.test', { line: 1 }),
      ],
    );
    expect(c.divergences.map((d) => d.key)).toEqual([
      'integrations/endpoint/FRAUD_URL/host',
      'config/env/api/FRAUD_URL',
      'config/env/api/RETRIES',
    ]);
  });

  it('makes one row of one rule’s same difference on many workloads, listing them', () => {
    const image = (w: string, tag: string) =>
      fact(`infra/workload/${w}/container/${w}/image`, `public.ecr.aws/acme/${w}:${tag}`);
    const workloads = ['admin', 'api', 'celery', 'docs'];
    const c = compareRules(
      workloads.map((w, i) => image(w, `a3c66${i}8`)),
      workloads.map((w) => image(w, 'latest')),
    );
    expect(brief(c.divergences)).toEqual([
      [
        'infra.image-differs',
        'infra/group/infra.image-differs/production-a-commit-staging-latest',
        'differs',
        'medium',
      ],
    ]);
    expect(c.divergences[0]!.message).toBe(
      'the same difference on 4 subjects (production a commit, staging latest): admin/admin, api/api, celery/celery and 1 more',
    );
    expect(c.divergences[0]!.group!.members).toHaveLength(4);
  });

  it('makes one row of a high finding inherited by many subjects from one line, not of highs from their own lines', () => {
    // Field trial (govuk integration): `workers.replicaCount: 1` (values-integration.yaml:13) against
    // production's 3 (values.yaml:14) made 27 HIGH `single-replica` rows, one per application.
    const replicas = (w: string, n: number, file: string, line: number) =>
      fact(`infra/workload/${w}/replicas`, n, { file, line, scale: 'replicas' });
    const apps = ['account-api', 'asset-manager', 'publisher', 'signon'];
    const c = compareRules(
      [
        ...apps.map((w) => replicas(w, 3, 'values.yaml', 14)),
        replicas('support-api', 2, 'values.yaml', 3580),
      ],
      [
        ...apps.map((w) => replicas(w, 1, 'values-integration.yaml', 13)),
        replicas('support-api', 1, 'values-integration.yaml', 13),
      ],
    );
    expect(c.divergences.map((d) => [d.rule, d.severity, d.group?.members.length ?? 1])).toEqual([
      ['infra.single-replica', 'high', 4],
      ['infra.single-replica', 'high', 1],
    ]);
    expect(c.divergences[0]!.key).toBe(
      'infra/group/infra.single-replica/production-3-staging-1/values-yaml-14/values-integration-yaml-13',
    );
    // The same candidate line against two baseline lines: two rows, two keys.
    const two = compareRules(
      [
        ...apps.map((w) => replicas(w, 3, 'values.yaml', 14)),
        ...['a', 'b', 'c'].map((w) => replicas(w, 3, 'values.yaml', 20)),
      ],
      [...apps, 'a', 'b', 'c'].map((w) => replicas(w, 1, 'values-integration.yaml', 13)),
    );
    const keys = two.divergences.map((d) => d.key);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(2);
    // Highs from their own lines (each app sets its own value) stay one row each.
    const own = compareRules(
      apps.map((w, i) => replicas(w, 3, 'values.yaml', 10 + i)),
      apps.map((w, i) => replicas(w, 1, 'values-integration.yaml', 10 + i)),
    );
    expect(own.divergences.map((d) => [d.rule, d.group ? 'group' : 'one'])).toEqual(
      apps.map(() => ['infra.single-replica', 'one']),
    );
  });

  it('leaves two same-pattern findings as they are', () => {
    const image = (w: string, tag: string) =>
      fact(`infra/workload/${w}/container/${w}/image`, `acme/${w}:${tag}`);
    const c = compareRules(
      [image('a', '1.0.0'), image('b', '1.0.0')],
      [image('a', 'latest'), image('b', 'latest')],
    );
    expect(c.divergences.map((d) => d.rule)).toEqual(['infra.image-differs', 'infra.image-differs']);
  });
});
