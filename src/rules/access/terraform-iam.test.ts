import { describe, expect, it } from 'vitest';
import type { Fact } from '../../model/fact.js';
import { briefWithMessage, compareRules } from '../../test-support/compare.js';
import { fact } from '../../test-support/facts.js';
import { genericRules } from '../../test-support/rule-cases.js';
import { terraformRules } from '../infra/terraform.js';
import { iamRules } from './terraform-iam.js';

function compare(baseline: Fact[], candidate: Fact[]) {
  return compareRules(baseline, candidate, { rules: [...terraformRules, ...iamRules, ...genericRules] })
    .divergences;
}

const brief = briefWithMessage;
const set = (key: string, value: string[]) => fact(key, value, { compare: 'set' });

describe('terraform rules: IAM', () => {
  const grants = 'access/iam/role:app/grants';

  it('flags s3:* in staging against one scoped bucket in production', () => {
    const divergences = compare(
      [
        set(grants, ['s3:GetObject arn:aws:s3:::shop-assets-production/*']),
        set('access/iam/role:app/actions', ['s3:GetObject']),
        set('access/iam/role:app/resources', ['arn:aws:s3:::shop-assets-production/*']),
      ],
      [
        set(grants, ['s3:* *']),
        set('access/iam/role:app/actions', ['s3:*']),
        set('access/iam/role:app/resources', ['*']),
      ],
    );
    expect(brief(divergences)).toEqual([
      [
        'access.iam-broader',
        grants,
        'differs',
        'high',
        'role app: staging allows s3:* on *; production allows s3:GetObject on arn:aws:s3:::shop-assets-production/*',
      ],
    ]);
  });

  it('sees through account ids and environment names, and reports what staging cannot do', () => {
    const divergences = compare(
      [
        set(grants, [
          'sqs:SendMessage arn:aws:sqs:eu-west-1:111111111111:orders-production',
          'ecs:UpdateService arn:aws:ecs:eu-west-1:111111111111:service/shop-production/*',
        ]),
      ],
      [set(grants, ['sqs:SendMessage arn:aws:sqs:eu-west-1:222222222222:orders-staging'])],
    );
    expect(brief(divergences)).toEqual([
      [
        'access.iam-narrower',
        grants,
        'differs',
        'low',
        'role app: production allows ecs:UpdateService on arn:aws:ecs:eu-west-1:111111111111:service/shop-production/*, which staging does not',
      ],
    ]);
  });

  it('compares actions and resources by containment when no grants were recorded', () => {
    const actions = 'access/iam/policy:huge/actions';
    expect(
      brief(
        compare(
          [set(actions, ['s3:GetObject', 's3:PutObject'])],
          [set(actions, ['s3:Get*', 's3:PutObject'])],
        ),
      ),
    ).toEqual([
      [
        'access.iam-broader',
        actions,
        'differs',
        'high',
        'policy huge: staging allows s3:Get* on *; production allows s3:GetObject on *; s3:PutObject on *',
      ],
    ]);
  });

  it('flags a role anyone may assume in staging', () => {
    const trusted = 'access/iam/role:ci/trusted-principals';
    expect(
      brief(
        compare(
          [
            set(trusted, [
              'Federated:arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com',
            ]),
          ],
          [set(trusted, ['AWS:*'])],
        ),
      ),
    ).toEqual([
      [
        'access.iam-broader',
        trusted,
        'differs',
        'high',
        'role ci: staging trusts anyone; production trusts only Federated:arn:aws:iam::{account}:oidc-provider/token.actions.githubusercontent.com',
      ],
    ]);
  });
});
