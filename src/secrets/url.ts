import { containsCredential, redactText } from './redact.js';

/**
 * A URL with credentials in it (a password, a token as its user, `?token=` in its query): the
 * redacted form, which keeps what is not secret: `postgres://app:****@db:5432/shop`.
 */
export function redactUrlCredentials(value: string): string | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim()) || !containsCredential(value)) return undefined;
  return redactText(value);
}
