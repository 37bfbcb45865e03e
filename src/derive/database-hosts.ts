import { type Fact, isSecret } from '../model/fact.js';
import { makeFact } from '../sources/facts.js';

const DB_SCHEMES =
  /^(postgres(ql)?|mysql|mariadb|mongodb(\+srv)?|redis(s)?|rediss|sqlserver|mssql|cockroachdb|amqps?|clickhouse):\/\//i;
const HOST_NAME = /(^|_)(DB|DATABASE|POSTGRES|PG|MYSQL|MONGO(DB)?|REDIS)_?HOST$/i;

/** The host:port part of a connection URL, never its credentials. */
export function urlHost(value: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/\s]*@)?([^/?#\s]+)/i.exec(value.trim());
  return m?.[1]?.toLowerCase();
}

/**
 * `infra/substrate/database-host`: every database host an environment's configuration points at,
 * so a staging that shares production's database is named as such.
 */
export function databaseHosts(facts: readonly Fact[]): Fact[] {
  const hosts = new Set<string>();
  let origin: Fact['origin'] | undefined;
  for (const fact of facts) {
    if (fact.dimension !== 'config') continue;
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
    if (host && !/^(localhost|127\.0\.0\.1|::1)(:\d+)?$/.test(host)) {
      hosts.add(host);
      origin ??= fact.origin;
    }
  }
  if (hosts.size === 0 || !origin) return [];
  return [
    makeFact({
      dimension: 'infra',
      path: ['substrate', 'database-host'],
      value: [...hosts].sort(),
      compare: 'set',
      origin,
    }),
  ];
}
