import type { Fact } from '../model/fact.js';
import type { Coverage } from '../model/snapshot.js';
import { databaseHosts } from './database-hosts.js';
import { variableScopes } from './scopes.js';

/**
 * Facts that no single source can state but the whole environment implies (a variable's scope
 * across Dockerfile and runtime, the database hosts behind connection URLs). Pure.
 */
export function derive(facts: readonly Fact[]): { facts: Fact[]; coverage: Coverage[] } {
  return { facts: [...variableScopes(facts), ...databaseHosts(facts)], coverage: [] };
}
