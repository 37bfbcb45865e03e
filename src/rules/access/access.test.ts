import { describe, expect, it } from 'vitest';
import { fact } from '../../test-support/facts.js';
import { expectFires, expectSilent } from '../../test-support/rule-cases.js';

describe('access rules on secrets and image users (fires, and stays silent where staging matches)', () => {
  it('access.secret-missing: a secret production has and staging lacks; silent where staging was read in part', () => {
    const secret = fact('access/secret/checkout/stripe-key', 'present');
    const found = expectFires('access.secret-missing', [secret], []);
    expect(found.map((d) => d.severity)).toEqual(['high']);
    expectSilent('access.secret-missing', [secret], [secret]);
    expectSilent('access.secret-missing', [secret], [], {}, { candidate: 'partial' });
  });

  it('access.runs-as-root: another image user; silent when only one image was read', () => {
    const user = (value: string) => fact('access/image/user', value);
    expectFires('access.runs-as-root', [user('app')], [user('root')]);
    expectSilent('access.runs-as-root', [user('app')], [user('app')]);
    // One image read (the other environment's user unknown): nothing to compare, nothing said.
    expectSilent('access.runs-as-root', [user('root')], []);
  });

  it('access.setting-differs: an access setting no specific rule owns; silent where staging was read in part', () => {
    const setting = (value: string) => fact('access/network-policy/checkout/default-deny', value);
    expectFires('access.setting-differs', [setting('true')], [setting('false')]);
    expectSilent('access.setting-differs', [setting('true')], [], {}, { candidate: 'partial' });
  });
});
