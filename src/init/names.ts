import { environmentKey } from './environments.js';

/** Environments in the order a person would list them: production first. */
export function byImportance(a: string, b: string): number {
  const order = [
    'production',
    'preprod',
    'staging',
    'uat',
    'qa',
    'integration',
    'test',
    'development',
    'sandbox',
    'scratch',
    'demo',
  ];
  const rank = (n: string) => {
    const i = order.indexOf(environmentKey(n));
    return i === -1 ? 99 : i;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
}
