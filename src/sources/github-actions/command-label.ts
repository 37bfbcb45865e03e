import { looksLikeSecret } from '../secrets.js';

const MAX_LABEL = 60;
/** Words a label may show: commands, flags, paths, hosts. Quotes, `=`, `@` and `$` end the label. */
const PLAIN_WORD = /^[A-Za-z0-9_./:,+-]+$/;
/** Long runs of mixed letters and digits are keys and tokens more often than words. */
const TOKEN_LIKE = /^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_+/-]{20,}$|^[A-Za-z0-9_+-]{24,}$/;
/** Flags whose value is a credential: `--token X`, `--api-key X`, `-p X`. */
const SECRET_FLAG = /^(-p|-u|--?[\w-]*(key|token|secret|pass|auth|cred)[\w-]*)$/i;

/**
 * A label for a step that has no name, from its script: the leading words of the first command,
 * cut before anything that could carry a credential (quoted text, assignments, `user:pw@host`,
 * values of secret-named flags, token-like words). Example: `npx prisma migrate deploy`.
 */
export function commandLabel(script: string): string | undefined {
  const first = script
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== '' && !l.startsWith('#'));
  if (!first) return undefined;
  const words: string[] = [];
  for (const word of first.slice(0, 400).split(/\s+/)) {
    if (!PLAIN_WORD.test(word) || TOKEN_LIKE.test(word) || looksLikeSecret(word)) break;
    if (SECRET_FLAG.test(words[words.length - 1] ?? '')) break;
    words.push(word);
    if (words.join(' ').length >= MAX_LABEL) break;
  }
  // Drop a dangling secret-named flag: `deploy --token` says nothing the label needs.
  while (words.length > 0 && SECRET_FLAG.test(words[words.length - 1] ?? '')) words.pop();
  const label = words.join(' ');
  if (label === '') return undefined;
  return label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 3)}...` : label;
}

/** A step or job name as written, shortened, with any credential-shaped word masked. */
export function nameLabel(name: string): string {
  const one = name.replace(/\s+/g, ' ').trim();
  const masked = one
    .split(' ')
    .map((w) => (looksLikeSecret(w) || MIXED_TOKEN.test(w) ? '****' : w))
    .join(' ');
  return masked.length > MAX_LABEL ? `${masked.slice(0, MAX_LABEL - 3)}...` : masked;
}

const MIXED_TOKEN = /^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_+/=-]{24,}$/;
