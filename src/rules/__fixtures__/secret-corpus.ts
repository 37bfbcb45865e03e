/**
 * Labelled values for access.secret-shared: each is read the same way in both environments with
 * the same value, so the rule must fire exactly for the credentials. `via` says which gate reads
 * it: an env variable (protectValue), a Helm values path (protectSetting), the data of a
 * Kubernetes Secret, or a CI variable. `sameLine` reads both sides from one shared base file.
 * Values are made up; shapes follow the providers' formats.
 */
export interface CorpusCase {
  via: 'env' | 'helm' | 'secret-data' | 'ci';
  /** Variable name, or a dotted Helm values path, or the Secret's key. */
  name: string;
  value: string;
  secret: boolean;
  sameLine?: boolean;
}

const PEM_BODY = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7PLANTEDkeybody';

export const SECRET_CORPUS: readonly CorpusCase[] = [
  // Credentials by name.
  { via: 'env', name: 'DB_PASSWORD', value: 'hunter2-planted', secret: true },
  { via: 'env', name: 'DB_PASSWORD', value: '123456', secret: true },
  { via: 'env', name: 'REDIS_PWD', value: 'r3dis-planted', secret: true },
  { via: 'env', name: 'ADMIN_PW', value: 'admin-planted', secret: true },
  { via: 'env', name: 'PGPASSWORD', value: 'pg-planted', secret: true },
  { via: 'env', name: 'SIGNING_KEY', value: 'short', secret: true },
  { via: 'env', name: 'ENCRYPTION_KEY', value: 'ABCDEFGHijklmnopQRSTuvwx', secret: true },
  { via: 'env', name: 'STRIPE_KEY', value: 'RandomLookingKeyNoDigitsAtAll', secret: true },
  { via: 'env', name: 'RAILS_MASTER_KEY', value: '9f1c3b7a2d4e6f8091a2b3c4d5e6f7a8', secret: true },
  { via: 'env', name: 'PAYMENTS_AUTH_HEADER', value: 'abc123PLANTEDrawheader', secret: true },
  { via: 'helm', name: 'smtp.pw', value: 'mail-planted', secret: true },
  { via: 'helm', name: 'postgresql.auth.password', value: 'pg-auth-planted', secret: true },
  { via: 'helm', name: 'auth.rootPassword', value: 'root-planted', secret: true },
  { via: 'helm', name: 'secrets.STRIPE', value: 'plain-looking-value', secret: true },
  { via: 'secret-data', name: 'password', value: 'hunter3-planted', secret: true },
  { via: 'secret-data', name: 'username', value: 'app', secret: true },
  { via: 'ci', name: 'DEPLOY_PASS', value: 'ci-planted', secret: true },
  // Credentials by content, whatever the name.
  { via: 'env', name: 'PAYMENT', value: 'sk_live_51PLANTEDabcdefghijklmn', secret: true },
  { via: 'env', name: 'LARAVEL', value: 'base64:PLANTEDc2VjcmV0LWFwcC1rZXktMTIzNDU2Nzg=', secret: true },
  { via: 'env', name: 'GH', value: 'ghp_PLANTED0123456789abcdefghijklmnopqrs', secret: true },
  { via: 'env', name: 'GH_FINE', value: 'github_pat_11PLANTED0_abcdefghijklmnopqrstuvwxyz', secret: true },
  { via: 'env', name: 'GITLAB', value: 'glpat-PLANTEDabcdefghij1234', secret: true },
  { via: 'env', name: 'AWS_ACCESS_KEY_ID', value: 'ASIAPLANTED012345678', secret: true },
  { via: 'env', name: 'SLACK_CONFIG', value: 'xoxe.xoxp-1-PLANTEDabcdefghij', secret: true },
  { via: 'env', name: 'OPENAI', value: 'sk-proj-PLANTEDabcdefghijklmnopqrstuv', secret: true },
  { via: 'env', name: 'NPM', value: 'npm_PLANTEDabcdefghijklmnopqrstuvwxyz0123', secret: true },
  { via: 'env', name: 'MAPS', value: 'AIzaPLANTEDabcdefghijklmnopqrstuvwxyz0123', secret: true },
  { via: 'env', name: 'ALERTS', value: 'https://hooks.slack.com/services/T0PLANT/B0PLANT/PLANTEDxyz123', secret: true },
  { via: 'env', name: 'UPSTREAM_AUTH', value: 'Bearer PLANTEDbearer0123456789', secret: true },
  { via: 'env', name: 'DATABASE_URL', value: 'postgres://app:planted-pw@db:5432/shop', secret: true },
  { via: 'env', name: 'DATABASE_URL', value: 'postgres://app:my planted@pw@db:5432/shop', secret: true },
  { via: 'env', name: 'JDBC', value: 'jdbc:postgresql://db:5432/shop?user=app&password=planted-jdbc', secret: true },
  { via: 'env', name: 'PG_CONN', value: 'host=db user=app password=planted-libpq dbname=shop', secret: true },
  {
    via: 'env',
    name: 'ConnectionStrings__Shop',
    value: 'Server=db;Database=shop;User Id=app;Password=planted dotnet;',
    secret: true,
  },
  { via: 'env', name: 'JAVA_OPTS', value: '-Xmx1g -Dspring.datasource.password=planted-jvm', secret: true },
  { via: 'env', name: 'CALLBACK', value: 'https://api.example.com/hook?token=PLANTEDquerytoken', secret: true },
  { via: 'env', name: 'HEALTH', value: '/healthz?api_key=PLANTEDprobe', secret: true },
  { via: 'env', name: 'PROBE', value: 'curl -u admin:planted-curl https://x/health', secret: true },
  { via: 'env', name: 'CHECK', value: 'redis-cli -a planted-redis ping', secret: true },
  { via: 'env', name: 'DUMP', value: 'mysqldump -uroot -pplanted-mysql shop', secret: true },
  { via: 'secret-data', name: 'tls.key', value: `-----BEGIN PRIVATE KEY-----\n${PEM_BODY}\n-----END PRIVATE KEY-----`, secret: true },
  { via: 'env', name: 'SIGNER', value: `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n${PEM_BODY}\n-----END PGP PRIVATE KEY BLOCK-----`, secret: true },

  // References: where a secret lives, compared as configuration.
  { via: 'helm', name: 'auth.existingSecret', value: 'shop-db', secret: false },
  { via: 'helm', name: 'postgresql.auth.existingSecret', value: 'shop-postgres', secret: false },
  { via: 'helm', name: 'ingress.tls.secretName', value: 'shop-tls', secret: false },
  { via: 'helm', name: 'tls.secretName', value: 'shop-tls', secret: false },
  { via: 'helm', name: 'env.DB_PASSWORD.valueFrom.secretKeyRef.name', value: 'db-credentials', secret: false },
  { via: 'helm', name: 'env.DB_PASSWORD.valueFrom.secretKeyRef.key', value: 'password', secret: false },
  { via: 'helm', name: 'auth.passwordKey', value: 'password', secret: false },
  { via: 'helm', name: 'auth.existingSecretPasswordKey', value: 'postgres-password', secret: false },
  {
    via: 'helm',
    name: 'extraSecretMounts',
    value: '[{"name":"certs","secretName":"shop-certs","mountPath":"/etc/certs"}]',
    secret: false,
  },
  { via: 'env', name: 'DB_SECRET_ARN', value: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf', secret: false },
  { via: 'env', name: 'DB_PASSWORD', value: 'arn:aws:ssm:eu-west-1:123456789012:parameter/prod/db/password', secret: false },
  { via: 'env', name: 'API_TOKEN', value: 'vault:secret/data/shop#token', secret: false },
  { via: 'env', name: 'DB_PASSWORD_SECRET', value: 'projects/shop/secrets/db-password/versions/latest', secret: false },
  { via: 'env', name: 'AWS_SECRETS_MANAGER_SECRET_ID', value: 'prod/shop/db', secret: false },
  { via: 'env', name: 'SECRET_NAME', value: 'shop-secrets', secret: false },
  { via: 'env', name: 'DB_PASSWORD', value: '${DB_PASSWORD}', secret: false },
  { via: 'helm', name: 'api.token', value: '{{ .Values.global.token }}', secret: false },
  { via: 'ci', name: 'DEPLOY_TOKEN', value: '${{ secrets.DEPLOY_TOKEN }}', secret: false },
  { via: 'env', name: 'DB_PASSWORD_FILE', value: '/run/secrets/db_password', secret: false },
  // Shaped like bitnami/charts' postgresql values.yaml.
  { via: 'helm', name: 'auth.secretKeys.adminPasswordKey', value: 'postgres-password', secret: false },
  { via: 'helm', name: 'auth.secretKeys.replicationPasswordKey', value: 'replication-password', secret: false },
  { via: 'helm', name: 'auth.replicationUsername', value: 'repl_user', secret: false },
  { via: 'helm', name: 'tls.certificatesSecret', value: 'shop-certs', secret: false },
  { via: 'helm', name: 'primary.initdb.scriptsSecret', value: 'shop-initdb', secret: false },
  { via: 'helm', name: 'auth.usePasswordFiles', value: 'false', secret: false },
  { via: 'helm', name: 'auth.replicationPassword', value: 'repl-planted', secret: true },
  { via: 'helm', name: 'ldap.bindpw', value: 'ldap-planted', secret: true },
  { via: 'helm', name: 'primary.initdb.password', value: 'initdb-planted', secret: true },
  // Numbers and settings about secrets.
  { via: 'env', name: 'JWT_EXPIRY_SECONDS', value: '3600', secret: false },
  { via: 'env', name: 'ACCESS_TOKEN_EXPIRY_SECONDS', value: '900', secret: false },
  { via: 'env', name: 'TOKEN_TTL', value: '900', secret: false },
  { via: 'env', name: 'SECRET_ROTATION_DAYS', value: '30', secret: false },
  { via: 'env', name: 'PASSWORD_MIN_LENGTH', value: '12', secret: false },
  { via: 'env', name: 'AUTH_ENABLED', value: 'true', secret: false },
  { via: 'env', name: 'PASSWORD_HASH_ALGORITHM', value: 'bcrypt', secret: false },
  { via: 'env', name: 'AUTH_TOKEN_HEADER_NAME', value: 'X-Auth-Token', secret: false },
  { via: 'env', name: 'OAUTH_TOKEN_URL', value: 'https://auth.example.com/oauth/token', secret: false },
  { via: 'env', name: 'CACHE_KEY', value: 'v2', secret: false },
  { via: 'helm', name: 'postgresql.auth.username', value: 'shop', secret: false },
  { via: 'helm', name: 'postgresql.auth.database', value: 'shop', secret: false },
  // Public material.
  { via: 'env', name: 'JWT_PUBLIC_KEY', value: `-----BEGIN PUBLIC KEY-----\n${PEM_BODY}\n-----END PUBLIC KEY-----`, secret: false },
  { via: 'env', name: 'DEPLOY_KEY', value: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPLANTEDpublic deploy@shop', secret: false },
  { via: 'env', name: 'DEPLOY_KEY_PATH', value: 'keys/deploy.pub', secret: false },
  { via: 'env', name: 'SSH_KEY', value: 'keys/deploy.pub', secret: false },
  { via: 'env', name: 'STRIPE_PUBLISHABLE_KEY', value: 'pk_live_51PLANTEDpublishable', secret: false },
  { via: 'secret-data', name: 'ca.crt', value: `-----BEGIN CERTIFICATE-----\n${PEM_BODY}\n-----END CERTIFICATE-----`, secret: false },
  { via: 'secret-data', name: 'tls.crt', value: `-----BEGIN CERTIFICATE-----\n${PEM_BODY}\n-----END CERTIFICATE-----`, secret: false },
  // One shared base file read by both environments: the same line, not two environments sharing.
  { via: 'env', name: 'DB_PASSWORD', value: 'base-file-planted', secret: false, sameLine: true },
  { via: 'helm', name: 'auth.rootPassword', value: 'base-values-planted', secret: false, sameLine: true },
  { via: 'secret-data', name: 'password', value: 'base-secret-planted', secret: false, sameLine: true },
];
