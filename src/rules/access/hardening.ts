import { sidesMessage } from '../../compare/engine.js';
import { anyFact, pairKind, sidesOf } from '../../rule-kit/helpers.js';
import type { Rule } from '../../rule-kit/types.js';
import { formatValue, describeKey as label } from '../../rule-kit/values.js';

/** securityContext-equivalents of a container, as the compose source states them. */
const HARDENING =
  /^access\/workload\/[^/]+\/container\/[^/]+\/(read-only-root-fs|allow-privilege-escalation|privileged|capabilities-added|capabilities-dropped|user)$/;

export const hardeningDiffers: Rule = {
  id: 'access.hardening-differs',
  dimension: 'access',
  severity: 'medium',
  title: 'A container is confined differently (read-only root, privilege escalation, capabilities, user)',
  risk: 'A container hardened in production only fails there first: a write to a read-only root filesystem, a capability it no longer has, a file its user cannot open. Hardened in staging only, production runs with less protection than anyone tested.',
  remedy:
    'Confine staging’s containers the way production’s are (read_only, no-new-privileges, cap_drop, user).',
  appliesTo: (pair) => HARDENING.test(pair.key),
  judge(pair, ctx) {
    const kind = pairKind(pair);
    if (!kind) return null;
    if (kind === 'differs') return { kind, message: sidesMessage(label(pair.key), pair, ctx) };
    const fact = anyFact(pair);
    const { present: side, absent: other } = sidesOf(kind, ctx);
    return {
      kind,
      message: `${label(pair.key)}: ${formatValue(fact.value)} in ${side} only; ${other} sets none`,
    };
  },
};
