import type { FactPair, Rule, RuleContext } from '../../rule-kit/types.js';

const COMPONENT_FACT = /^infra\/(workload|autoscaling)\/([^/]+)\//;

/** Whether workload `w` is switched on (`enabled`) on one side and off on the other. */
function switched(ctx: RuleContext, workload: string): boolean {
  const key = `infra/workload/${workload}/enabled`;
  const b = ctx.baseline.get(key)?.value;
  const c = ctx.candidate.get(key)?.value;
  return typeof b === 'boolean' && typeof c === 'boolean' && b !== c;
}

/**
 * A whole component (a sub-chart, an application's workers) switched on in one environment and
 * off in the other, from Helm values' `<component>.enabled`. Its other facts are moot where it
 * does not run, so this rule owns them too and reports the component once.
 */
export const componentDisabled: Rule = {
  id: 'infra.component-disabled',
  dimension: 'infra',
  severity: 'high',
  title: 'A component is enabled in one environment and disabled in the other',
  risk: 'A worker, sub-chart or job that production runs and staging switches off is never deployed, started or exercised before it meets production; its replicas and resources are not compared either.',
  remedy: 'Enable it in staging too (scaled down), or record where it is tested instead.',
  appliesTo(pair: FactPair, ctx: RuleContext) {
    const match = COMPONENT_FACT.exec(pair.key);
    return match !== null && switched(ctx, match[2]!);
  },
  judge(pair, ctx) {
    if (!pair.key.endsWith('/enabled') || !pair.baseline || !pair.candidate) return null;
    const on = pair.baseline.value === true;
    const workload = pair.key.split('/')[2]!;
    return {
      kind: 'differs',
      severity: on ? 'high' : 'low',
      message: `${workload} is ${on ? 'enabled' : 'disabled'} in ${ctx.baselineName} and ${on ? 'disabled' : 'enabled'} in ${ctx.candidateName}`,
    };
  },
};
