import { makeFact } from '../../model/make-fact.js';
import { asString, type Obj } from '../shape.js';
import { type Emitter, emit, lookup, originIn } from './context.js';

/**
 * `access/workload/<w>/service-account` and `automount-token`: the account a workload's pods run
 * as (`default` when unset) and whether its token is mounted (the pod's setting, else the
 * ServiceAccount's, else Kubernetes' default, true).
 */
export function serviceAccountFacts(e: Emitter, workload: string, podSpec: Obj): void {
  const field = 'serviceAccountName' in podSpec ? 'serviceAccountName' : 'serviceAccount';
  const named = asString(podSpec[field]);
  const account = named && named !== '' ? named : 'default';
  const path = ['workload', workload];
  emit(
    e,
    { dimension: 'access', path: [...path, 'service-account'], value: account },
    podSpec,
    named ? field : undefined,
  );
  const own = podSpec.automountServiceAccountToken;
  if (typeof own === 'boolean') {
    emit(
      e,
      { dimension: 'access', path: [...path, 'automount-token'], value: own },
      podSpec,
      'automountServiceAccountToken',
    );
    return;
  }
  const sa = lookup(e.ctx.index.serviceAccounts, account, e.o.namespace);
  const fromAccount = sa?.obj.automountServiceAccountToken;
  if (sa && typeof fromAccount === 'boolean') {
    const origin = originIn(e.ctx.source, sa, sa.obj, 'automountServiceAccountToken');
    e.facts.push(
      makeFact({ dimension: 'access', path: [...path, 'automount-token'], value: fromAccount, origin }),
    );
    return;
  }
  emit(
    e,
    { dimension: 'access', path: [...path, 'automount-token'], value: true },
    podSpec,
    named ? field : undefined,
  );
}
