import { isSecretName, looksLikeSecret, redactUrlCredentials } from '../secrets.js';
import type { Healthcheck } from './model.js';

// Docker's defaults, written out so that a file stating them and a file omitting them compare equal.
const DEFAULT_INTERVAL = '30s';
const DEFAULT_TIMEOUT = '30s';
const DEFAULT_RETRIES = '3';

/**
 * The normalised probe string of docs/facts.md: `exec <command> interval=30s timeout=10s retries=3`
 * (`start=` when a start period is set), or `disabled`. Secret-looking words are masked.
 */
export function formatHealthcheck(hc: Healthcheck): string {
  const test = hc.test?.value;
  if (hc.disable?.value === true || test?.[0] === 'NONE') return 'disabled';
  let command = '(image default)';
  if (test) command = test[0] === 'CMD' || test[0] === 'CMD-SHELL' ? test.slice(1).join(' ') : test.join(' ');
  const parts = [
    `exec ${maskSecrets(command)}`,
    `interval=${hc.interval?.value ?? DEFAULT_INTERVAL}`,
    `timeout=${hc.timeout?.value ?? DEFAULT_TIMEOUT}`,
    `retries=${hc.retries?.value ?? DEFAULT_RETRIES}`,
  ];
  if (hc.start_period) parts.push(`start=${hc.start_period.value}`);
  return parts.join(' ');
}

/**
 * Healthchecks sometimes carry a password (`PGPASSWORD=pw pg_isready`, `--password pw`, a URL with
 * credentials); mask what can be seen. `$VAR` references are kept: they are not the secret.
 */
function maskSecrets(command: string): string {
  const words = command.split(/(\s+)/);
  let maskNext = false;
  return words
    .map((word) => {
      if (word.trim() === '') return word;
      if (maskNext) {
        maskNext = false;
        if (!word.startsWith('$')) return '****';
      }
      const assignment = /^(-{0,2}[A-Za-z_][\w-]*)=(.+)$/.exec(word);
      if (
        assignment &&
        isSecretName(secretNamePart(assignment[1] ?? '')) &&
        !assignment[2]?.startsWith('$')
      ) {
        return `${assignment[1]}=****`;
      }
      if (/^--?[A-Za-z][\w-]*$/.test(word) && isSecretName(secretNamePart(word))) maskNext = true;
      const url = redactUrlCredentials(word);
      if (url) return url;
      return looksLikeSecret(word) ? '****' : word;
    })
    .join('');
}

function secretNamePart(flagOrName: string): string {
  return flagOrName.replace(/^-+/, '').replaceAll('-', '_');
}
