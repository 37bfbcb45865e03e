/**
 * What a setting's name says about its value, read word by word: `DB_PASSWORD`, `smtp.pw` and
 * `RAILS_MASTER_KEY` hold credentials; `tls.secretName`, `existingSecret`, `secretKeyRef` and
 * `TOKEN_EXPIRY_SECONDS` hold configuration about one.
 */
export type NameKind =
  /** The value is a credential whatever it looks like (`DB_PASSWORD`, `API_TOKEN`, `smtp.pw`). */
  | 'credential'
  /** The value is a credential when it looks like one (`STRIPE_KEY`, `passwordKey: password` is not). */
  | 'key'
  /** Names a secret, a key inside one, or a property of one (`secretName`, `TOKEN_TTL`). */
  | 'reference'
  | 'plain';

/** Last words that make a name a credential's. */
const CREDENTIAL_LAST = new Set([
  'password',
  'passwd',
  'passphrase',
  'pwd',
  'pw',
  'pass',
  'secret',
  'secrets',
  'token',
  'tokens',
  'apikey',
  'credential',
  'credentials',
  'creds',
  'dsn',
  'salt',
  'pepper',
  'sig',
  'signature',
  'cookie',
  'jwt',
  'auth',
  'authorization',
  'privatekey',
  'secretkey',
  'accesskey',
  'masterkey',
  'signingkey',
  'authkey',
]);

/** Words before `key` that make it a credential (`SECRET_KEY`, `APP_KEY`, `RAILS_MASTER_KEY`). */
const CREDENTIAL_KEY_PREFIX = new Set([
  'private',
  'secret',
  'access',
  'signing',
  'encryption',
  'master',
  'auth',
  'session',
  'api',
  'hmac',
  'webhook',
  'app',
  'jwt',
  'cipher',
  'aes',
  'shared',
  'account',
  'storage',
  'subscription',
  'admin',
  'root',
  'license',
  'client',
  'service',
  'deploy',
  'ssh',
]);

/** Words before `key` that make it public or an identifier (`PUBLIC_KEY`, `CACHE_KEY`). */
const PLAIN_KEY_PREFIX = new Set([
  'public',
  'publishable',
  'site',
  'cache',
  'partition',
  'sort',
  'primary',
  'foreign',
  'idempotency',
  'routing',
  'lookup',
  'object',
  'hash',
  'group',
  'shard',
  'dedup',
  'kms',
]);

/** Last words of names that hold configuration about a secret, never the secret. */
const NOT_CREDENTIAL_LAST = new Set([
  'name',
  'names',
  'ref',
  'refs',
  'keyref',
  'arn',
  'id',
  'ids',
  'mount',
  'mounts',
  'volume',
  'volumes',
  'store',
  'provider',
  'class',
  'file',
  'files',
  'path',
  'dir',
  'url',
  'uri',
  'endpoint',
  'host',
  'ttl',
  'timeout',
  'seconds',
  'secs',
  'sec',
  'ms',
  'millis',
  'minutes',
  'mins',
  'hours',
  'days',
  'expiry',
  'expires',
  'expiration',
  'lifetime',
  'age',
  'length',
  'len',
  'size',
  'bytes',
  'bits',
  'count',
  'limit',
  'max',
  'min',
  'enabled',
  'enable',
  'disabled',
  'required',
  'version',
  'mode',
  'type',
  'kind',
  'format',
  'algorithm',
  'alg',
  'scheme',
  'policy',
  'rotation',
  'interval',
  'prefix',
  'suffix',
  'field',
  'location',
  'source',
  'issuer',
  'audience',
  'scope',
  'scopes',
  'strategy',
  'header',
  'headers',
  'env',
  'template',
  'annotations',
  'labels',
  'strength',
  'complexity',
  'hint',
  'reset',
  'user',
  'username',
  'login',
]);

/** Words that make a name a credential's wherever they stand, also glued (`PGPASSWORD`, `apitoken`). */
/** Words before `Secret` that make it the name of a Kubernetes Secret (`tls.certificatesSecret`). */
const SECRET_OBJECT_PREFIX = new Set([
  'certificates',
  'certificate',
  'certs',
  'cert',
  'tls',
  'ssl',
  'scripts',
  'config',
  'configuration',
  'registry',
  'pull',
  'image',
  'env',
  'extra',
  'custom',
  'init',
  'keystore',
  'truststore',
  'license',
]);

const ANYWHERE = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'credential',
  'privatekey',
  'apikey',
];

function credentialWord(word: string): boolean {
  // Glued short forms as LDAP and database configs spell them: `bindpw`, `rootpwd`.
  return CREDENTIAL_LAST.has(word) || ANYWHERE.some((w) => word.endsWith(w)) || /.pwd?$/.test(word);
}

function mentionsCredential(words: readonly string[]): boolean {
  return words.some((word) => ANYWHERE.some((w) => word.endsWith(w)));
}
const AUTH_WORDS = new Set(['auth', 'authorization', 'token', 'apikey', 'bearer']);

/** `DB_PASSWORD` → db, password; `existingSecretName` → existing, secret, name; `smtp.pw` → smtp, pw. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

const memo = new Map<string, NameKind>();

/** What a name says about its value; see NameKind. */
export function nameKind(name: string): NameKind {
  if (!MAYBE.test(name)) return 'plain';
  let kind = memo.get(name);
  if (kind === undefined) {
    if (memo.size >= 10_000) memo.clear();
    kind = kindOf(name);
    memo.set(name, kind);
  }
  return kind;
}

/** Names with none of these inside are plain: most names, decided without splitting them. */
const MAYBE =
  /pass|pw|secret|token|key|auth|cred|dsn|salt|pepper|sig|cookie|jwt|existing|header|private|bearer/i;

function kindOf(name: string): NameKind {
  const words = nameWords(name);
  const last = words.at(-1);
  if (last === undefined) return 'plain';
  const prev = words.at(-2);
  if (words[0] === 'existing') return 'reference';
  // `*_AUTH_HEADER` holds the header's value; `TOKEN_HEADER_NAME` does not.
  if ((last === 'header' || last === 'headers') && prev !== undefined && AUTH_WORDS.has(prev))
    return 'credential';
  if (NOT_CREDENTIAL_LAST.has(last)) {
    return mentionsCredential(words) || words.some((w) => CREDENTIAL_LAST.has(w)) ? 'reference' : 'plain';
  }
  if ((last === 'secret' || last === 'secrets') && prev !== undefined && SECRET_OBJECT_PREFIX.has(prev))
    return 'reference';
  if (credentialWord(last)) return 'credential';
  if (last === 'key' || last === 'keys') {
    if (prev !== undefined && PLAIN_KEY_PREFIX.has(prev)) return 'plain';
    if (prev !== undefined && CREDENTIAL_KEY_PREFIX.has(prev)) return 'credential';
    return 'key';
  }
  if (mentionsCredential(words)) return 'credential';
  return 'plain';
}

/** Names whose value the output redactor hides, more widely than nameKind: query parameters too. */
const LOOSE_LAST = new Set(['key', 'keys', 'code', 'session', 'sessionid', 'sid', 'signature', 'sig']);

/** True when a `name=value` pair in any output should lose its value (aggressive by design). */
export function hidesValue(name: string): boolean {
  const words = nameWords(name);
  // A bare `key` is a map's key (`"key": "config/env/X"` in Parity's own JSON); `?key=` values are
  // caught by their shapes.
  if (words.length === 1 && (words[0] === 'key' || words[0] === 'keys')) return false;
  const kind = nameKind(name);
  if (kind === 'credential' || kind === 'key') return true;
  if (kind === 'reference') return false;
  const last = words.at(-1);
  return last !== undefined && LOOSE_LAST.has(last) && !PLAIN_KEY_PREFIX.has(words.at(-2) ?? '');
}

/** True when a name's last word says it holds configuration (`username`, `database_ttl`, `enabled`). */
export function isConfigName(name: string): boolean {
  const last = nameWords(name).at(-1);
  return last !== undefined && NOT_CREDENTIAL_LAST.has(last);
}
