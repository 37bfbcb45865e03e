import { describe, expect, it } from 'vitest';
import { createFingerprinter, protectValue } from '../../sources/secrets.js';
import { compareRules, SUFFIX_RENAMES } from '../../test-support/compare.js';
import { fact } from '../../test-support/facts.js';
import { expectFires, expectSilent } from '../../test-support/rule-cases.js';

const set = (key: string, value: string[]) => fact(key, value, { compare: 'set' });
const grants = (value: string[]) => set('access/iam/role:app/grants', value);
const perms = (subject: string, value: string[]) => set(`access/rbac/${subject}/permissions`, value);
const renamed = { rename: SUFFIX_RENAMES };

describe('access rules (fires; silent on the near miss)', () => {
  it('access.iam-broader: s3:* in staging against one bucket; silent on the same grant named for staging', () => {
    const production = [grants(['s3:GetObject arn:aws:s3:::shop-assets-production/*'])];
    expectFires('access.iam-broader', production, [grants(['s3:* *'])]);
    // The environment's name and the account id are neutralised: the same grant, not a broader one.
    expectSilent('access.iam-broader', production, [
      grants(['s3:GetObject arn:aws:s3:::shop-assets-staging/*']),
    ]);
  });

  it('access.iam-narrower: a write production allows and staging does not; silent in another account', () => {
    const bucket = (account: string) => `arn:aws:s3:::${account}-shop-assets/*`;
    expectFires(
      'access.iam-narrower',
      [grants([`s3:GetObject ${bucket('111111111111')}`, `s3:PutObject ${bucket('111111111111')}`])],
      [grants([`s3:GetObject ${bucket('111111111111')}`])],
    );
    // The account id is neutralised: the same grants, neither narrower nor broader.
    const ownAccount = [
      grants([`s3:GetObject ${bucket('222222222222')}`, `s3:PutObject ${bucket('222222222222')}`]),
    ];
    expectSilent(
      'access.iam-broader',
      [grants([`s3:GetObject ${bucket('111111111111')}`, `s3:PutObject ${bucket('111111111111')}`])],
      ownAccount,
    );
    expectSilent(
      'access.iam-narrower',
      [grants([`s3:GetObject ${bucket('111111111111')}`, `s3:PutObject ${bucket('111111111111')}`])],
      [grants([`s3:GetObject ${bucket('222222222222')}`, `s3:PutObject ${bucket('222222222222')}`])],
    );
  });

  it('access.secret-shared: one database password in both; silent when read from one shared base file', () => {
    const fp = createFingerprinter('k1');
    const password = (file: string) =>
      fact('config/env/DB_PASSWORD', protectValue('DB_PASSWORD', 'hunter2-but-longer', fp), {
        file,
        line: 4,
      });
    const found = expectFires(
      'access.secret-shared',
      [password('.env.production')],
      [password('.env.staging')],
    );
    expect(found.map((d) => [d.kind, d.severity])).toEqual([['shared', 'critical']]);
    expectSilent('access.secret-shared', [password('values.yaml')], [password('values.yaml')]);
  });

  it('access.cluster-admin: cluster-admin in staging only; silent when production binds it too', () => {
    const admin = (v: boolean) => fact('access/rbac/checkout/cluster-admin', v);
    expectFires('access.cluster-admin', [admin(false)], [admin(true)]);
    expectSilent('access.cluster-admin', [admin(true)], [admin(true)]);
  });

  it('access.rbac-broader: staging may read every secret; silent when production may do more (the narrower case)', () => {
    expectFires(
      'access.rbac-broader',
      [perms('checkout-prd', ['get:core/secrets/stripe-key'])],
      [perms('checkout-stg', ['*:core/secrets'])],
      renamed,
    );
    expectSilent(
      'access.rbac-broader',
      [perms('checkout-prd', ['*:core/secrets'])],
      [perms('checkout-stg', ['get:core/secrets/stripe-key'])],
      renamed,
    );
  });

  it('access.rbac-narrower: production may do more; silent when staging holds the same rights written as a wildcard', () => {
    expectFires(
      'access.rbac-narrower',
      [perms('checkout-prd', ['*:core/secrets'])],
      [perms('checkout-stg', ['get:core/secrets/stripe-key'])],
      renamed,
    );
    expectSilent(
      'access.rbac-narrower',
      [perms('checkout-prd', ['get:core/secrets/stripe-key', 'list:core/secrets'])],
      [perms('checkout-stg', ['*:core/secrets'])],
      renamed,
    );
  });

  it('access.service-account-differs: another account; silent on the same account named for each environment', () => {
    const account = (v: string) => fact('access/workload/checkout/service-account', v);
    expectFires('access.service-account-differs', [account('checkout')], [account('payments')]);
    expectSilent('access.service-account-differs', [account('checkout-prd')], [account('checkout-stg')]);
  });

  it('a grant set both broader and narrower: RBAC tells both directions on the pair, IAM only the broader one', () => {
    const rbac = compareRules(
      [perms('checkout', ['delete:apps/deployments', 'get:core/configmaps'])],
      [perms('checkout', ['get:core/secrets', 'get:core/configmaps'])],
    ).divergences;
    expect(rbac.map((d) => [d.rule, d.key])).toEqual([
      ['access.rbac-broader', 'access/rbac/checkout/permissions'],
      ['access.rbac-narrower', 'access/rbac/checkout/permissions'],
    ]);
    const iam = compareRules(
      [grants(['s3:PutObject arn:aws:s3:::shop-assets/*'])],
      [grants(['sqs:SendMessage arn:aws:sqs:eu-west-1:111111111111:orders'])],
    ).divergences;
    expect(iam.map((d) => [d.rule, d.key])).toEqual([['access.iam-broader', 'access/iam/role:app/grants']]);
  });
});
