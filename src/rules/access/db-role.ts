import type { Rule, RuleContext } from '../../rule-kit/types.js';
import { formatValue, sameValue, setDelta } from '../../rule-kit/values.js';

const seg = (key: string) => key.split('/');

/** Which side connects as a superuser when only one does. */
function superuserOnlyIn(ctx: RuleContext): 'baseline' | 'candidate' | undefined {
  const b = ctx.baseline.get('access/db-role/superuser')?.value === true;
  const c = ctx.candidate.get('access/db-role/superuser')?.value === true;
  return b === c ? undefined : c ? 'candidate' : 'baseline';
}

/** The database role's privileges (facts the postgres source writes under access/db-role/). */
export const dbRoleBroader: Rule = {
  id: 'access.db-role-broader',
  dimension: 'access',
  severity: 'high',
  title: 'Database role privileges differ',
  risk: 'The application connects with broader rights in staging (superuser, owner, CREATE): a migration or query that needs a privilege production lacks passes staging and fails on deploy.',
  remedy: 'Connect staging with a role that has production\u2019s privileges, no more.',
  appliesTo: (pair) => seg(pair.key)[0] === 'access' && seg(pair.key)[1] === 'db-role',
  judge(pair, ctx) {
    const { baseline: b, candidate: c } = pair;
    if (!b || !c || sameValue(b, c)) return null;
    const attr = seg(pair.key)[2];
    // A superuser on one side only is one finding: every other privilege follows from it.
    const superSide = superuserOnlyIn(ctx);
    if (superSide && attr !== 'superuser') return null;
    if (superSide) {
      const also = [...ctx.candidate.keys()]
        .filter((k) => k.startsWith('access/db-role/') && k !== pair.key)
        .filter((k) => {
          const other = ctx.baseline.get(k);
          return other !== undefined && !sameValue(other, ctx.candidate.get(k)!);
        })
        .map((k) => seg(k)[2]);
      const who = superSide === 'candidate' ? ctx.candidateName : ctx.baselineName;
      const other = superSide === 'candidate' ? ctx.baselineName : ctx.candidateName;
      return {
        kind: 'differs',
        severity: superSide === 'candidate' ? 'critical' : 'medium',
        message: `database role is superuser in ${who}, not in ${other}${also.length ? ` (so ${also.join(', ')} differ too)` : ''}`,
      };
    }
    if (Array.isArray(b.value) || Array.isArray(c.value)) {
      const { onlyA, onlyB } = setDelta(b.value, c.value);
      const msg = [
        onlyB.length ? `only ${ctx.candidateName}: ${onlyB.join(', ')}` : '',
        onlyA.length ? `only ${ctx.baselineName}: ${onlyA.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; ');
      return {
        kind: 'differs',
        severity: onlyB.length ? 'high' : 'medium',
        message: `database role ${attr}: ${msg}`,
      };
    }
    const broader = c.value === true && b.value === false;
    return {
      kind: 'differs',
      severity: broader ? (attr === 'superuser' ? 'critical' : 'high') : 'medium',
      message: `database role ${attr}: ${ctx.baselineName} ${formatValue(b.value)}, ${ctx.candidateName} ${formatValue(c.value)}${broader ? ` (broader in ${ctx.candidateName})` : ''}`,
    };
  },
};
