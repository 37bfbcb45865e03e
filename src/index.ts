import path from 'node:path';
import { registryCatalogue } from './config/catalogue.js';
import { loadPolicy } from './config/load.js';
import type { Policy } from './config/policy.js';

export type { Policy } from './config/policy.js';
export { ConfigError, ParityError, UsageError } from './errors.js';
export * from './model/index.js';
export { type AuditOptions, audit, auditSnapshots, snapshot } from './pipeline/audit.js';
export { type CompareSettings, compareSnapshots } from './pipeline/compare.js';
export { renderAudit } from './report/index.js';
export type { Rule } from './rule-kit/types.js';
export { findRule, rules } from './rules/index.js';

/** Reads and validates a parity.yaml (paths in it resolve against its folder). */
export function loadPolicyFile(file: string, env: NodeJS.ProcessEnv = process.env): Promise<Policy> {
  return loadPolicy(path.resolve(file), registryCatalogue, env);
}
