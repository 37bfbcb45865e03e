import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { grantCovers, listCovers, neutral, parseGrant, patternCovers, uncovered } from './iam-scope.js';

describe('IAM scope: wildcard containment', () => {
  it('covers by wildcards, and never the other way round', () => {
    expect(patternCovers('s3:*', 's3:GetObject')).toBe(true);
    expect(patternCovers('s3:Get*', 's3:GetObject')).toBe(true);
    expect(patternCovers('s3:GetObject', 's3:*')).toBe(false);
    expect(patternCovers('*', 'anything:at-all')).toBe(true);
    expect(patternCovers('arn:aws:s3:::shop-*', 'arn:aws:s3:::shop-assets/*')).toBe(true);
    expect(patternCovers('arn:aws:s3:::shop-assets/*', 'arn:aws:s3:::shop-*')).toBe(false);
    expect(patternCovers('iam:Pass?ole', 'iam:PassRole')).toBe(true);
    expect(patternCovers('iam:Pass?ole', 'iam:Pass*ole')).toBe(false);
  });

  it('reads NotAction lists: they cover what they do not exclude, and only `*` or a smaller exclusion covers them', () => {
    expect(listCovers('not:iam:*', 's3:getobject')).toBe(true);
    expect(listCovers('not:iam:*', 'iam:passrole')).toBe(false);
    expect(listCovers('*', 'not:iam:*')).toBe(true);
    expect(listCovers('s3:*', 'not:iam:*')).toBe(false);
    expect(listCovers('not:iam:passrole', 'not:iam:*')).toBe(true);
    expect(listCovers('not:iam:*', 'not:iam:passrole')).toBe(false);
  });

  it('neutralises account ids and environment names before comparing resources', () => {
    expect(neutral('arn:aws:sqs:eu-west-1:222222222222:shop-orders-staging', 'staging')).toBe(
      'arn:aws:sqs:eu-west-1:{account}:shop-orders-{env}',
    );
    expect(neutral('arn:aws:s3:::shop-prod-assets/*', 'production')).toBe('arn:aws:s3:::shop-{env}-assets/*');
    expect(neutral('arn:aws:s3:::products/*', 'production')).toBe('arn:aws:s3:::products/*');
  });

  it('compares grants with principals and conditions', () => {
    const g = (text: string, env = 'production') => parseGrant(text, env);
    expect(grantCovers(g('s3:* *'), g('s3:GetObject arn:aws:s3:::b/*'))).toBe(true);
    expect(
      grantCovers(g('s3:GetObject arn:aws:s3:::b/* if aws:SourceVpc'), g('s3:GetObject arn:aws:s3:::b/*')),
    ).toBe(false);
    expect(
      grantCovers(g('s3:GetObject arn:aws:s3:::b/*'), g('s3:GetObject arn:aws:s3:::b/* if aws:SourceVpc')),
    ).toBe(true);
    expect(
      grantCovers(g('s3:GetObject * to Service:cloudfront.amazonaws.com'), g('s3:GetObject * to *')),
    ).toBe(false);
    expect(
      grantCovers(g('s3:GetObject * to *'), g('s3:GetObject * to Service:cloudfront.amazonaws.com')),
    ).toBe(true);
    expect(
      uncovered(
        [g('s3:GetObject arn:aws:s3:::shop-staging/*', 'staging')],
        [g('s3:GetObject arn:aws:s3:::shop-production/*')],
      ),
    ).toEqual([]);
  });

  it('is reflexive and never hangs on odd patterns', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', '*', '?', ':'), maxLength: 40 }),
        fc.string({ maxLength: 40 }),
        (a, b) => {
          expect(patternCovers(a, a)).toBe(true);
          expect(patternCovers('*', b)).toBe(true);
          patternCovers(a, b);
        },
      ),
      { numRuns: 200 },
    );
    // A pattern that backtracks exponentially in a naive matcher must still answer (the test's
    // timeout catches a hang; no timing is asserted on these noisy machines).
    expect(patternCovers(`${'*a'.repeat(200)}b`, 'a'.repeat(500))).toBe(false);
  });
});
