import type { Fact } from '../model/fact.js';
import type { Coverage } from '../model/snapshot.js';
import { databaseHosts } from './database-hosts.js';
import { integrationsCoverage, integrationsFromConfig } from './integrations.js';
import { observabilityFromConfig } from './observability.js';
import { variableScopes } from './scopes.js';

/** Fact-key prefixes the derived facts use (docs/facts.md): what derivation would have shown. */
export const DERIVED_PRODUCES = [
  'config/scope/',
  'infra/substrate/database-host/',
  'integrations/',
  'observability/error-reporting/',
  'observability/sampling/',
  'observability/logging/',
] as const;

/**
 * Facts that no single source can state but the whole environment implies (a variable's scope
 * across Dockerfile and runtime, the database hosts behind connection URLs, error reporting and
 * sampling set through variables, third-party integrations and their modes). Pure.
 */
export function derive(facts: readonly Fact[]): { facts: Fact[]; coverage: Coverage[] } {
  const observability = observabilityFromConfig(facts);
  const integrations = integrationsFromConfig(facts);
  return {
    facts: [...variableScopes(facts), ...databaseHosts(facts), ...observability, ...integrations],
    coverage: [
      ...configCoverage(facts, observability, 'observability'),
      ...integrationsCoverage(facts, integrations),
    ],
  };
}

/**
 * An environment whose configuration was read has been looked at for what configuration reveals
 * (error reporting, sampling, log level), even when it sets none of it: absence is then evidence.
 */
function configCoverage(
  facts: readonly Fact[],
  derived: readonly Fact[],
  dimension: 'observability',
): Coverage[] {
  if (!facts.some((f) => f.key.startsWith('config/env/'))) return [];
  const count = derived.filter((f) => f.dimension === dimension).length;
  return [{ source: `config (derived)`, kind: 'derived', dimensions: [dimension], facts: count }];
}
