/** Database and broker URLs are the substrate (infra/substrate/database-host), not third-party integrations. */
const DB_SCHEMES =
  /^(postgres(ql)?|mysql|mariadb|mongodb(\+srv)?|redis|rediss|sqlserver|mssql|cockroachdb|amqps?|clickhouse|jdbc:[a-z]+|file|unix)$/i;
const DEFAULT_PORTS: Record<string, string> = {
  http: '80',
  ws: '80',
  https: '443',
  wss: '443',
  grpcs: '443',
};
/** Names whose bare `host[:port]` value is an endpoint (`S3_ENDPOINT=localhost:4566`, `MAILGUN_DOMAIN=...`). */
const HOST_NAME = /(_ENDPOINT|_ENDPOINT_URL|_URL|_URI|_HOST|_HOSTNAME|_DOMAIN|_API_BASE|_BASE)$/i;
const DB_NAME =
  /(^|_)(DB|DATABASE|POSTGRES|PG|MYSQL|MONGO(DB)?|REDIS|MEMCACHED?|KAFKA|RABBIT(MQ)?|AMQP|NATS)(_|$)/i;
const HOSTNAME = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.?$/;
const IPV6 = /^\[[0-9a-f:.]+\]$/;

/**
 * The host (with a non-default port) a configuration value points at: the authority of a URL, or
 * a bare `host[:port]` in a variable named like an endpoint. Never credentials or paths: only the
 * host leaves this function. Undefined for database URLs and anything unparsable.
 */
export function endpointHost(name: string, value: string): string | undefined {
  const text = value.trim();
  const url =
    /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/\s?#]*@)?(\[[^\]/\s]*\]|[^/:?#\s]*)(?::(\d{1,5}))?(?:[/?#]|$)/i.exec(
      text,
    );
  if (url) {
    const scheme = (url[1] ?? '').toLowerCase();
    if (DB_SCHEMES.test(scheme)) return undefined;
    return withPort(url[2] ?? '', url[3], DEFAULT_PORTS[scheme]);
  }
  if (!HOST_NAME.test(name) || DB_NAME.test(name)) return undefined;
  const bare = /^([a-z0-9.-]+)(?::(\d{1,5}))?$/i.exec(text);
  if (!bare || !(bare[1]!.includes('.') || /^localhost$/i.test(bare[1]!))) return undefined;
  return withPort(bare[1]!, bare[2], undefined);
}

function withPort(
  rawHost: string,
  port: string | undefined,
  defaultPort: string | undefined,
): string | undefined {
  const host = rawHost.toLowerCase().replace(/\.$/, '');
  if (host === '' || !(HOSTNAME.test(host) || IPV6.test(host))) return undefined;
  return port && port !== defaultPort ? `${host}:${port}` : host;
}

function bareHost(host: string): string {
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
}

/** Loopback and the Docker host alias: whatever answers there runs beside the application. */
export function isLocalHost(host: string): boolean {
  const h = bareHost(host);
  return (
    /^(localhost|127(\.\d+){3}|0\.0\.0\.0|\[::1?\]|host\.docker\.internal)$/.test(h) ||
    h.endsWith('.localhost')
  );
}

/**
 * Hosts only reachable inside the environment's own network: cluster services, private zones,
 * private addresses and single-label names (compose services, `stripe-mock`).
 */
export function isInternalHost(host: string): boolean {
  const h = bareHost(host);
  if (isLocalHost(h)) return true;
  if (!h.includes('.')) return true;
  if (/\.(svc|internal|local|lan|home\.arpa|cluster\.local)$/.test(h) || /\.svc\./.test(h)) return true;
  return /^(10\.\d+|192\.168|172\.(1[6-9]|2\d|3[01]))\.\d+\.\d+$/.test(h);
}

export type HostMarker = 'local-emulator' | 'sandbox' | 'test';

/**
 * What a host's name says about the thing behind it: a local emulator or mock, a sandbox, a test
 * system. Undefined when the name says nothing (most live hosts).
 */
export function hostMarker(host: string): HostMarker | undefined {
  const h = bareHost(host);
  const labels = h.split('.');
  if (
    isLocalHost(h) ||
    /localstack|(^|[.-])(mock|mocks|fake|stub|emulator|wiremock|mockserver)([.-]|$)/.test(h)
  ) {
    return 'local-emulator';
  }
  if (labels.some((l) => l === 'sandbox' || /^sandbox[0-9a-f-]*$/.test(l) || l.endsWith('-sandbox')))
    return 'sandbox';
  if (labels.some((l) => l === 'test' || l.startsWith('test-') || l.endsWith('-test'))) return 'test';
  return undefined;
}

/** Tunnels and request bins: a developer's laptop or a public inspection page, not a service. */
export function isTunnelHost(host: string): boolean {
  return /(^|\.)(ngrok\.io|ngrok-free\.app|ngrok\.app|ngrok\.dev|webhook\.site|requestbin\.com|requestbin\.net|pipedream\.net|m\.pipedream\.net|loca\.lt|trycloudflare\.com|serveo\.net|localhost\.run|beeceptor\.com|hookbin\.com)$/.test(
    bareHost(host),
  );
}
