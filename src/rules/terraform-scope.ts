import type { Fact } from '../model/fact.js';
import type { FactPair, RuleContext } from '../rule-kit/types.js';

/** Keys only the terraform source produces. */
export const TERRAFORM_KEY = /^(infra\/terraform|infra\/dns|infra\/tls|access\/iam)\//;

const prefixes = new WeakMap<ReadonlyMap<string, Fact>, Set<string>>();

/** The `infra/terraform/<type>/<name>/` prefixes present on one side, worked out once per side. */
export function resourcePrefixes(side: ReadonlyMap<string, Fact>): Set<string> {
  let set = prefixes.get(side);
  if (!set) {
    set = new Set();
    for (const key of side.keys()) {
      const m = /^(infra\/terraform\/[^/]+\/[^/]+\/)/.exec(key);
      if (m) set.add(m[1]!);
      else if (TERRAFORM_KEY.test(key)) set.add('terraform');
    }
    if (set.size > 0) set.add('terraform');
    prefixes.set(side, set);
  }
  return set;
}

/** True when Terraform evidence exists on one side only: its facts are then not compared one by one. */
export function terraformOnOneSide(ctx: RuleContext): 'baseline' | 'candidate' | undefined {
  const b = resourcePrefixes(ctx.baseline).has('terraform');
  const c = resourcePrefixes(ctx.candidate).has('terraform');
  if (b === c) return undefined;
  return b ? 'baseline' : 'candidate';
}

/** A one-sided pair whose other side read no Terraform at all. */
export function oneSidedTerraform(pair: FactPair, ctx: RuleContext): boolean {
  return (!pair.baseline || !pair.candidate) && terraformOnOneSide(ctx) !== undefined;
}
