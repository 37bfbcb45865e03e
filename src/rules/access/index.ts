import type { Rule } from '../../rule-kit/types.js';
import { fallback } from '../fallback.js';
import { accessRules } from './access.js';
import { dbRoleBroader } from './db-role.js';
import { hardeningDiffers } from './hardening.js';
import { rbacRules } from './rbac.js';
import { iamRules } from './terraform-iam.js';

/**
 * The access dimension in precedence order: cloud IAM (which also silences IAM facts when only one
 * side read Terraform), secrets and pod identity, Kubernetes RBAC, container hardening, the database role, the fallback.
 * One pair, two directions: an IAM grant set wider in one way and narrower in another is owned by
 * access.iam-broader alone, while RBAC permissions are told by access.rbac-broader (the pair) and
 * access.rbac-narrower (a scan) both, on the same key (access-rules.test.ts pins both).
 */
export const accessDimension: readonly Rule[] = [
  ...iamRules,
  ...accessRules,
  ...rbacRules,
  hardeningDiffers,
  dbRoleBroader,
  fallback('access'),
];
