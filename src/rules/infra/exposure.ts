import { anyFact, pairKind, textOf } from '../../rule-kit/helpers.js';
import type { FactPair, Rule, RuleContext } from '../../rule-kit/types.js';

const SERVICE_TYPE = /^infra\/service\/([^/]+)\/type$/;
const INGRESS_WAF = /^infra\/ingress\/([^/]+)\/waf$/;
const DIRECT = new Set(['LoadBalancer', 'NodePort']);

/** The environment's Ingresses, and those with a WAF or security policy in front. */
function ingresses(map: ReadonlyMap<string, unknown>): { any: boolean; waf: string[] } {
  let any = false;
  const waf: string[] = [];
  for (const key of map.keys()) {
    if (/^infra\/ingress\/[^/]+\/hosts$/.test(key)) any = true;
    const m = INGRESS_WAF.exec(key);
    if (m) waf.push(m[1]!);
  }
  return { any, waf };
}

function directInCandidateOnly(pair: FactPair): boolean {
  const c = textOf(pair.candidate);
  return c !== undefined && DIRECT.has(c) && !DIRECT.has(textOf(pair.baseline) ?? '');
}

/**
 * How traffic reaches the application: a Service exposed straight to the network (LoadBalancer,
 * NodePort) in staging where production sits behind an Ingress, and a WAF or security policy in
 * front of production's Ingress only.
 */
export const exposureRules: Rule[] = [
  {
    id: 'infra.exposure-differs',
    dimension: 'infra',
    severity: 'medium',
    title: 'Traffic reaches the application another way (load balancer, ingress, WAF)',
    risk: 'Staging is exposed directly while production sits behind an Ingress and its WAF: requests the WAF blocks or rewrites in production (body limits, rules, rate limits) pass in staging, and staging itself is reachable without the protection production has.',
    remedy:
      'Put staging behind the same Ingress and WAF policy (in count-only mode if blocking would hurt testing), or record where the WAF rules are tested.',
    appliesTo(pair, ctx) {
      if (SERVICE_TYPE.test(pair.key)) return directInCandidateOnly(pair) && ingresses(ctx.baseline).any;
      return INGRESS_WAF.test(pair.key) && pairKind(pair) !== null;
    },
    judge(pair, ctx) {
      const waf = INGRESS_WAF.exec(pair.key);
      if (waf) return wafFinding(pair, ctx, waf[1]!);
      const service = SERVICE_TYPE.exec(pair.key)![1]!;
      const protectedBy = ingresses(ctx.baseline).waf;
      const behind = protectedBy.length
        ? `an Ingress with a WAF or security policy (${protectedBy.map((i) => `${i}: ${textOf(ctx.baseline.get(`infra/ingress/${i}/waf`))}`).join('; ')})`
        : 'an Ingress';
      return {
        kind: pairKind(pair) ?? 'differs',
        severity: protectedBy.length ? 'high' : 'medium',
        message: `service ${service} is a ${textOf(pair.candidate)} in ${ctx.candidateName}, exposed directly; ${ctx.baselineName} serves through ${behind}${pair.baseline ? ` (its ${service} is ${textOf(pair.baseline)})` : ''}`,
      };
    },
  },
];

function wafFinding(pair: FactPair, ctx: RuleContext, ingress: string) {
  const kind = pairKind(pair)!;
  const fact = anyFact(pair);
  if (kind === 'differs')
    return {
      kind,
      message: `ingress ${ingress} WAF: ${ctx.baselineName} ${textOf(pair.baseline)}, ${ctx.candidateName} ${textOf(pair.candidate)}`,
    };
  const [present, absent] =
    kind === 'only-baseline' ? [ctx.baselineName, ctx.candidateName] : [ctx.candidateName, ctx.baselineName];
  return {
    kind,
    severity: kind === 'only-baseline' ? ('medium' as const) : ('low' as const),
    message: `ingress ${ingress}: ${textOf(fact)} in front of ${present} only; ${absent} has no WAF or security policy there`,
  };
}
