import { describe, expect, it } from 'vitest';
import { nameKind } from './names.js';
import { containsCredential, redactDeep, redactOutput, redactText } from './redact.js';

/** [class, text, the secret inside it, what must stay readable]. */
const CASES: [string, string, string, string][] = [
  [
    'Bearer header',
    'Authorization: Bearer PLANTEDbearer0001abc',
    'PLANTEDbearer0001abc',
    'Authorization: Bearer ****',
  ],
  ['key inside JSON', '{"api_key":"PLANTEDjson0002","region":"eu"}', 'PLANTEDjson0002', '"region":"eu"'],
  [
    'token as URL user',
    'https://PLANTEDuser0003abcdef@github.com/acme/x.git',
    'PLANTEDuser0003abcdef',
    '@github.com/acme/x.git',
  ],
  ['PromQL matcher', 'sum(up{job="api",token="PLANTEDprom0004"})', 'PLANTEDprom0004', 'job="api"'],
  [
    'password with a space',
    'postgres://app:PLANTED spaced0005@db:5432/shop',
    'spaced0005',
    'postgres://app:****@db:5432/shop',
  ],
  [
    'password with @',
    'postgres://app:PLANTED@at0006@db:5432/shop',
    'at0006',
    'postgres://app:****@db:5432/shop',
  ],
  [
    // Found by the attack run: the first `@` followed by a word and a space passed for the host.
    'password with @ and a space after it',
    'postgres://app:p@ssp@ss PLANTEDat0041 w:rd@db:5432/shop',
    'PLANTEDat0041',
    'postgres://app:****@db:5432/shop',
  ],
  [
    // What sources/secrets.ts kept of it (split at the first `@`): the output gate hides the rest.
    'a half-redacted URL',
    'postgres://app:****@ss PLANTEDat0042 w:rd@db:5432/shop',
    'PLANTEDat0042',
    'postgres://app:****@db:5432/shop',
  ],
  [
    'list of URLs',
    'redis://:PLANTEDa0007@r1:6379,redis://:PLANTEDb0007@r2:6379',
    'PLANTEDb0007',
    'redis://:****@r2:6379',
  ],
  [
    'jdbc',
    'jdbc:postgresql://db/shop?user=app&password=PLANTEDjdbc0008&ssl=true',
    'PLANTEDjdbc0008',
    'ssl=true',
  ],
  ['libpq', 'host=db user=app password=PLANTEDlibpq0009 dbname=shop', 'PLANTEDlibpq0009', 'dbname=shop'],
  ['.NET', 'Server=db;User Id=app;Password=PLANTED dotnet0010;Database=shop', 'dotnet0010', 'Database=shop'],
  ['JVM flag', '-Xmx1g -Ddb.Password=PLANTEDjvm0011', 'PLANTEDjvm0011', '-Xmx1g -Ddb.Password=****'],
  ['query token', '/healthz?api_key=PLANTEDprobe0013&x=1', 'PLANTEDprobe0013', '&x=1'],
  ['query sig', 'https://cdn.example.com/a.png?sig=PLANTEDsig0014', 'PLANTEDsig0014', 'a.png?sig=****'],
  [
    'curl -u',
    'curl -f -u admin:PLANTEDcurl0016 http://localhost/',
    'PLANTEDcurl0016',
    'curl -f -u admin:****',
  ],
  ['redis-cli -a', 'redis-cli -h cache -a PLANTEDredis0017 ping', 'PLANTEDredis0017', 'ping'],
  ['mysql -p', "mysql -uroot -pPLANTEDmysql0018 -e 'select 1'", 'PLANTEDmysql0018', "-e 'select 1'"],
  [
    'properties file',
    'db.url=jdbc:postgresql://db/shop\ndb.password=PLANTEDprops0019\n',
    'PLANTEDprops0019',
    'db.url=',
  ],
  ['env-shaped file', 'SECRET_TOKEN=PLANTEDcm0020\nLOG_LEVEL=info', 'PLANTEDcm0020', 'LOG_LEVEL=info'],
  ['*_PW', 'MAIL_PW=PLANTEDpw0021', 'PLANTEDpw0021', 'MAIL_PW=****'],
  ['*_PWD', 'DB_PWD=PLANTEDpwd0022', 'PLANTEDpwd0022', 'DB_PWD=****'],
  [
    '*_KEY without digits',
    'SERVICE_KEY=PLANTEDkeyNoDigitsAbCd',
    'PLANTEDkeyNoDigitsAbCd',
    'SERVICE_KEY=****',
  ],
  [
    'APP_KEY base64',
    'APP_KEY=base64:UExBTlRFRC1hcHAta2V5LTAwMjQtMzItYnl0ZXM=',
    'UExBTlRFRC1hcHAta2V5',
    'APP_KEY=',
  ],
  ['*_AUTH_HEADER', 'PAYMENTS_AUTH_HEADER=PLANTEDhdr0025', 'PLANTEDhdr0025', 'PAYMENTS_AUTH_HEADER=****'],
  ['nested key smtp.pw', 'smtp:\n  pw: PLANTEDsmtp0026\n  host: mail', 'PLANTEDsmtp0026', 'host: mail'],
  [
    'github_pat_',
    'x github_pat_11PLANTED0_abcdefghijklmnopqrstuvwxyz y',
    'github_pat_11PLANTED0',
    'x **** y',
  ],
  ['glpat-', 'token glpat-PLANTEDabcdefghij1234 end', 'glpat-PLANTED', ' end'],
  ['ASIA', 'AWS ASIAPL4NTED012345678 end', 'ASIAPL4NTED012345678', 'AWS **** end'],
  ['xoxe.', 'xoxe.xoxp-1-PLANTEDabcdefghijklmnop', 'PLANTEDabcdefghijklmnop', '****'],
  [
    'sk-proj-',
    'OPENAI sk-proj-PLANTEDabcdefghijklmnopqrstuvwxyz',
    'PLANTEDabcdefghijklmnopqrst',
    'OPENAI ****',
  ],
  ['npm_', 'npm_PLANTEDabcdefghijklmnopqrstuvwxyz0123', 'PLANTEDabcdefghijklmnopqrstuvwxyz0123', '****'],
  ['AIza', 'key AIzaPLANTEDabcdefghijklmnopqrstuvwxyz0123', 'PLANTEDabcdefghijklmnopqrstuvwxyz', 'key ****'],
  [
    'PGP block',
    '-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBGPLANTEDpgp0034\n-----END PGP PRIVATE KEY BLOCK-----',
    'PLANTEDpgp0034',
    'PGP PRIVATE KEY BLOCK',
  ],
  [
    'error quoting a URL',
    'cannot reach http://prom:PLANTEDprom0035@127.0.0.1:9/api: refused',
    'PLANTEDprom0035',
    'http://prom:****@127.0.0.1:9/api: refused',
  ],
  [
    'CHECK constraint',
    "CHECK ((api_key <> 'PLANTEDcheck0037'::text))",
    'PLANTEDcheck0037',
    "CHECK ((api_key <> '****'::text))",
  ],
  [
    'Basic in base64',
    'Authorization: Basic YWRtaW46UExBTlRFRGJhc2ljMDAzOA==',
    'YWRtaW46UExBTlRFRGJhc2ljMDAzOA',
    'Authorization: Basic ****',
  ],
];

describe('redactText', () => {
  it.each(CASES)('%s', (_, text, secret, kept) => {
    const out = redactText(text);
    expect(out).not.toContain(secret);
    expect(out).toContain(kept);
  });

  it('keeps references, placeholders and plain settings', () => {
    for (const text of [
      'postgres://app:${DB_PASSWORD}@db:5432/shop',
      'DB_PASSWORD=${DB_PASSWORD}',
      'ssh://git@github.com/acme/shop.git',
      'PAYMENT_TIMEOUT_MS=5000',
      'existingSecret=shop-db',
      'workload settlement-reconcile automount-token = true in production',
      'web/SHARED_API_TOKEN: production and staging hold the same secret value',
      '{"key": "config/env/API_KEY", "value": {"secret": true, "fingerprint": "0a1b2c3d4e5f"}}',
    ])
      expect(redactText(text)).toBe(text);
  });

  it('finds a credential inside a base64 blob', () => {
    const blob = Buffer.from('password=PLANTEDinside0039').toString('base64');
    expect(redactText(`data: ${blob}`)).toBe('data: ****');
  });

  it('keeps a JSON document valid JSON', () => {
    const doc = JSON.stringify(
      { a: 'token="PLANTEDq"', b: 'curl -u admin:PLANTEDc "x"', c: '-----BEGIN PRIVATE KEY-----\nPLANTEDk' },
      null,
      2,
    );
    const out = redactOutput(doc);
    expect(() => JSON.parse(out)).not.toThrow();
    expect(out).not.toContain('PLANTED');
  });

  it('redacts every string of a value, and keeps a key named __proto__ as data', () => {
    const value = JSON.parse(
      '{"__proto__": {"x": "Bearer PLANTEDdeep0001"}, "list": ["MAIL_PW=PLANTEDdeep0002"]}',
    );
    const out = redactDeep(value);
    expect(JSON.stringify(out)).not.toContain('PLANTED');
    expect(Object.keys(out)).toEqual(['__proto__', 'list']);
  });

  it('redacts a string repeated through a document (each distinct string once) in every place, per mode', () => {
    const secret = 'Bearer PLANTEDrepeat0001';
    const value = { a: secret, b: [secret, { c: secret }], d: 'plain', e: 'plain' };
    const out = redactDeep(value);
    expect(out).toEqual({
      a: 'Bearer ****',
      b: ['Bearer ****', { c: 'Bearer ****' }],
      d: 'plain',
      e: 'plain',
    });
    // The classify mode is stricter: a cache shared across modes would leak the output mode's answer.
    expect(redactDeep({ a: 'WIDGET_KEY=v2' }, 'classify')).toEqual({ a: 'WIDGET_KEY=v2' });
    expect(redactDeep({ a: 'WIDGET_KEY=v2' })).toEqual({ a: 'WIDGET_KEY=****' });
  });
});

describe('the classify mode, stricter than the output mode', () => {
  it('calls a value a credential only when it certainly holds one', () => {
    expect(containsCredential('WIDGET_KEY=v2')).toBe(false);
    expect(redactText('WIDGET_KEY=v2')).toBe('WIDGET_KEY=****');
    expect(redactText('CACHE_KEY=v2')).toBe('CACHE_KEY=v2');
    expect(containsCredential('db.password=x')).toBe(true);
  });

  it('reads names word by word', () => {
    expect(nameKind('smtp.pw')).toBe('credential');
    expect(nameKind('PGPASSWORD')).toBe('credential');
    expect(nameKind('RAILS_MASTER_KEY')).toBe('credential');
    expect(nameKind('STRIPE_KEY')).toBe('key');
    expect(nameKind('tls.secretName')).toBe('reference');
    expect(nameKind('existingSecret')).toBe('reference');
    expect(nameKind('secretKeyRef')).toBe('reference');
    expect(nameKind('JWT_EXPIRY_SECONDS')).toBe('reference');
    expect(nameKind('PUBLIC_KEY')).toBe('plain');
    expect(nameKind('PAYMENT_TIMEOUT_MS')).toBe('plain');
  });
});

// Found by the attack run (bench/attack) after the redaction merge.
describe('redactText: query keys and credentials inside free text', () => {
  it('hides a `?key=` query parameter (Google-style API key) in a healthcheck command', () => {
    const out = redactText('curl -f http://localhost:8080/health?key=PLANTEDkey0043 interval=30s');
    expect(out).not.toContain('PLANTEDkey0043');
    expect(out).toContain('interval=30s');
  });

  it('hides `password: value` inside one line of free text (a folded YAML scalar)', () => {
    expect(redactText('some text password: PLANTEDfold0044 more text\n')).toBe(
      'some text password: **** more text\n',
    );
  });

  it("keeps Parity's own messages about a credential readable", () => {
    const message = 'DB_PASSWORD: production sk_live_****, staging ****';
    expect(redactText(message)).toBe(message);
    expect(redactText('"key": "config/env/DB_PASSWORD"')).toBe('"key": "config/env/DB_PASSWORD"');
  });
});
