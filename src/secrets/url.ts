/** A value that only refers to another (`${DB_PASSWORD}`, `$TOKEN`): it holds no secret itself. */
export const ONLY_REFERENCE = /^(\$\{[A-Za-z_][A-Za-z0-9_]*(:?[-=?+][^}]*)?\}|\$[A-Za-z_][A-Za-z0-9_]*)$/;

/** A URL with a password in it: `postgres://app:pw@db:5432/shop`. Returns the redacted form. */
export function redactUrlCredentials(value: string): string | undefined {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^:/@\s]*):([^@\s]*)@(.+)$/i.exec(value.trim());
  if (!m || m[3] === '' || ONLY_REFERENCE.test(m[3] ?? '')) return undefined;
  return `${m[1]}${m[2]}:****@${m[4]}`;
}
