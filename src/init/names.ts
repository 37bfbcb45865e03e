import { table } from '../lookup.js';

/** Common spellings of environment names, folded to one canonical name each. */
const ALIASES = table<string>({
  prod: 'production',
  prd: 'production',
  production: 'production',
  live: 'production',
  stg: 'staging',
  stage: 'staging',
  staging: 'staging',
  preprod: 'preprod',
  'pre-prod': 'preprod',
  'pre-production': 'preprod',
  uat: 'uat',
  qa: 'qa',
  test: 'test',
  testing: 'test',
  dev: 'development',
  develop: 'development',
  development: 'development',
  sandbox: 'sandbox',
  demo: 'demo',
});

/** The canonical environment a word names (`prd` -> `production`), or undefined. */
export function environmentName(word: string): string | undefined {
  return ALIASES[word.toLowerCase()];
}

/** Environments in the order a person would list them: production first. */
export function byImportance(a: string, b: string): number {
  const order = ['production', 'preprod', 'staging', 'uat', 'qa', 'test', 'development', 'sandbox', 'demo'];
  const ia = order.indexOf(a);
  const ib = order.indexOf(b);
  return (ia === -1 ? 99 : ia) - (ib === -1 ? 99 : ib) || a.localeCompare(b);
}

/** Words of a file or directory name that may name an environment: `values-prod.yaml` -> [values, prod]. */
export function nameWords(name: string): string[] {
  return name
    .replace(/\.(ya?ml|json|env|tfvars|hcl)$/i, '')
    .split(/[._-]+/)
    .filter(Boolean);
}
