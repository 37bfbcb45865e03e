import { DIMENSIONS } from '../model/constants.js';
import type { Rule } from '../rule-kit/types.js';

/** Rule id of a grouped environment-named finding: `<dimension>.names-differ-by-environment`. */
export const ENVIRONMENT_NAMES = 'names-differ-by-environment';

export const ENVIRONMENT_NAMES_TITLE = 'Values differ only by the environments’ own names';

export const ENVIRONMENT_NAMES_RISK =
  'Usually none: each environment names its own hosts, buckets, projects and secrets. The risk is a value that only looks environment-named; read the list once, then accept the group with a decision.';

/**
 * The rules consolidation writes itself (not in the rule catalogue: they judge no pair), one per
 * dimension, so `parity explain config.names-differ-by-environment` and the interactive `decide`
 * explain them like any rule. Same-pattern groups keep their members' rule id, already explainable.
 */
export const groupRules: readonly Rule[] = DIMENSIONS.map((dimension) => ({
  id: `${dimension}.${ENVIRONMENT_NAMES}`,
  dimension,
  severity: 'low',
  title: ENVIRONMENT_NAMES_TITLE,
  risk: ENVIRONMENT_NAMES_RISK,
  remedy:
    'Expand the group (JSON lists every member, with both values and origins) and check that each value is the environment’s own name (its host, account, project, tag); then accept the group with one decision on this rule id. When a word of an environment is missed, list it under that environment’s `tokens:` in parity.yaml (docs/grouping.md).',
}));
