/** Environment names that label a host: `api.staging.example.com`, `shop-stg.example.com`. */
const ENVIRONMENT_WORDS = [
  'production',
  'prod',
  'prd',
  'staging',
  'stage',
  'stg',
  'preprod',
  'pre-prod',
  'uat',
  'qa',
  'dev',
  'development',
  'sandbox',
];

/**
 * A host name as both environments can share it: lower case, no trailing dot, and without the
 * environment's name as a label or a label's affix. `api.staging.example.com` and
 * `api.example.com` pair; whatever else differs is left to `rename:` in parity.yaml.
 */
export function normaliseHost(name: string, environment: string): string {
  const words = new Set([...ENVIRONMENT_WORDS, environment.toLowerCase()].filter((w) => w !== ''));
  const host = name.trim().toLowerCase().replace(/\.$/, '');
  const labels: string[] = [];
  for (const label of host.split('.')) {
    if (words.has(label)) continue;
    labels.push(stripAffix(label, words));
  }
  const out = labels.join('.');
  return (out === '' ? host : out).replace(/%/g, '%25').replace(/\//g, '%2F');
}

function stripAffix(label: string, words: ReadonlySet<string>): string {
  for (const word of words) {
    if (label.endsWith(`-${word}`) && label.length > word.length + 1) return label.slice(0, -word.length - 1);
    if (label.startsWith(`${word}-`) && label.length > word.length + 1) return label.slice(word.length + 1);
  }
  return label;
}
