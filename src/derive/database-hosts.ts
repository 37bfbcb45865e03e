import { type Fact, isSecret } from '../model/fact.js';
import { makeFact } from '../model/make-fact.js';

const DB_SCHEMES =
  /^(postgres(ql)?|mysql|mariadb|mongodb(\+srv)?|redis|rediss|sqlserver|mssql|cockroachdb|amqps?|clickhouse):\/\//i;
const HOST_NAME = /(^|_)(DB|DATABASE|POSTGRES|PG|MYSQL|MONGO(DB)?|REDIS)_?HOST$/i;
/** Facts that hold configuration values (not code references or derived facts). */
const CONFIG_VALUE = /^config\/(env|configmap|helm|ci-env)\//;

/** The host:port part of a connection URL, never its credentials. */
export function urlHost(value: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/\s]*@)?([^/?#\s]+)/i.exec(value.trim());
  return m?.[1]?.toLowerCase();
}

/**
 * `infra/substrate/database-host/<host>`: each database host an environment's configuration
 * points at, with the setting that names it, so a staging that shares production's database is
 * named as such, with both file:lines.
 */
export function databaseHosts(facts: readonly Fact[]): Fact[] {
  const hosts = new Map<string, Fact>();
  for (const fact of facts) {
    if (!CONFIG_VALUE.test(fact.key)) continue;
    const text = isSecret(fact.value)
      ? fact.value.redacted
      : typeof fact.value === 'string'
        ? fact.value
        : undefined;
    if (!text) continue;
    let host: string | undefined;
    if (DB_SCHEMES.test(text.trim())) host = urlHost(text);
    else if (HOST_NAME.test(fact.attribute) && /^[A-Za-z0-9.-]+(:\d+)?$/.test(text.trim()))
      host = text.trim().toLowerCase();
    if (host && !/^(localhost|127\.0\.0\.1|::1)(:\d+)?$/.test(host) && !hosts.has(host))
      hosts.set(host, fact);
  }
  return [...hosts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([host, from]) =>
      makeFact({
        dimension: 'infra',
        path: ['substrate', 'database-host', host],
        subject: 'database-host',
        value: from.attribute,
        compare: 'presence',
        origin: from.origin,
      }),
    );
}
