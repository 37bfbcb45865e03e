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
 */
export const accessDimension: readonly Rule[] = [
  ...iamRules,
  ...accessRules,
  ...rbacRules,
  hardeningDiffers,
  dbRoleBroader,
  fallback('access'),
];
