import { describe, expect, it } from 'vitest';
import type { Fact } from '../../model/fact.js';
import { makeFact } from '../../model/make-fact.js';
import { briefWithMessage } from '../../test-support/compare.js';
import { expectFires, expectSilent } from '../../test-support/rule-cases.js';

const role = (attribute: string, value: Fact['value']) =>
  makeFact({ dimension: 'access', path: ['db-role', attribute], value, origin: { source: 'postgres' } });

describe('access.db-role-broader', () => {
  it('flags a superuser staging role as critical', () => {
    const found = expectFires(
      'access.db-role-broader',
      [role('superuser', false)],
      [role('superuser', true)],
    );
    expect(briefWithMessage(found)).toEqual([
      [
        'access.db-role-broader',
        'access/db-role/superuser',
        'differs',
        'critical',
        'database role is superuser in staging, not in production',
      ],
    ]);
  });

  it('reports a superuser once, naming the privileges that follow from it', () => {
    const found = expectFires(
      'access.db-role-broader',
      [role('superuser', false), role('createdb', false), role('replication', false)],
      [role('superuser', true), role('createdb', true), role('replication', true)],
    );
    expect(found.map((d) => [d.key, d.message])).toEqual([
      [
        'access/db-role/superuser',
        'database role is superuser in staging, not in production (so createdb, replication differ too)',
      ],
    ]);
  });

  it('stays silent when both roles have the same privileges', () => {
    expectSilent(
      'access.db-role-broader',
      [role('superuser', false), role('createdb', true)],
      [role('superuser', false), role('createdb', true)],
    );
  });
});
