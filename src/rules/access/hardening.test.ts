import { describe, it } from 'vitest';
import { fact } from '../../test-support/facts.js';
import { expectFires, expectSilent } from '../../test-support/rule-cases.js';

const readOnly = (value: boolean) => fact('access/workload/api/container/api/read-only-root-fs', value);
const dropped = (caps: string[]) =>
  fact('access/workload/api/container/api/capabilities-dropped', caps, { compare: 'set' });

describe('access.hardening-differs', () => {
  it('fires on a container confined on one side only, and stays silent when both match', () => {
    expectFires('access.hardening-differs', [readOnly(true)], [readOnly(false)]);
    expectFires('access.hardening-differs', [dropped(['ALL'])], []);
    expectSilent(
      'access.hardening-differs',
      [readOnly(true), dropped(['ALL'])],
      [readOnly(true), dropped(['ALL'])],
    );
  });
});
