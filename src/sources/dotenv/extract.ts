import type { FactValue } from '../../model/fact.js';
import { envPath, makeFact } from '../../model/make-fact.js';
import {
  isSecretName,
  looksLikeSecret,
  protectValue,
  redactUrlCredentials,
  secretValue,
} from '../secrets.js';
import type { Fingerprinter, SourceResult } from '../types.js';
import { isUnresolvedReference } from './interpolate.js';
import { parseDotenv } from './parse.js';

export interface DotenvInput {
  source: string;
  file: string;
  fingerprint: Fingerprinter;
  /** Scopes the keys to a workload: `config/env/<workload>/<NAME>`. */
  workload?: string;
}

/** `.env` text in, `config/env/...` facts out; lines that are not assignments become skips. Pure. */
export function extractDotenv(text: string, input: DotenvInput): SourceResult {
  const { entries, problems } = parseDotenv(text);
  return {
    facts: entries.map((entry) =>
      makeFact({
        dimension: 'config',
        path: envPath(entry.name, input.workload),
        value: protectEnvValue(entry.name, entry.value, input.fingerprint, entry.embeddedSecrets),
        origin: { source: input.source, file: input.file, line: entry.line },
      }),
    ),
    skips: problems.map((p) => ({ source: input.source, file: input.file, line: p.line, reason: p.reason })),
  };
}

/**
 * protectValue, plus two cases it cannot see. A value that took a secret in by interpolation is a
 * secret whatever its name (its redacted URL form is kept only if the secret is masked in it). A
 * value that is only an unresolved reference (`${DB_PASSWORD}`), or a URL whose password is one,
 * holds no secret, and fingerprinting it would make every environment "share" the same secret.
 */
export function protectEnvValue(
  name: string,
  value: string,
  fingerprint: Fingerprinter,
  embeddedSecrets: readonly string[] = [],
): FactValue {
  if (embeddedSecrets.length > 0) {
    const redacted = redactUrlCredentials(value);
    const masked = redacted !== undefined && embeddedSecrets.every((s) => !redacted.includes(s));
    return secretValue(value, fingerprint, masked ? redacted : undefined);
  }
  if (isUnresolvedReference(value) || hasReferenceAsPassword(name, value)) return value;
  return protectValue(name, value, fingerprint);
}

/** `postgres://shop:${DB_PASSWORD}@db/shop` names its password without holding it. */
function hasReferenceAsPassword(name: string, value: string): boolean {
  const password = /^[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:([^@\s]*)@/i.exec(value.trim())?.[1];
  return (
    password !== undefined &&
    isUnresolvedReference(password) &&
    !isSecretName(name) &&
    !looksLikeSecret(value)
  );
}
