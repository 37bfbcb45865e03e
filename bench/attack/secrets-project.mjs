// Writes a repository with planted secrets in every source kind, for production and staging.
import path from 'node:path';
import { plant, q, WRAPS } from './corpus-secrets.mjs';
import { write } from './lib.mjs';

const W = WRAPS;

function dotenv(env) {
  return [
    `DB_PASSWORD=${plant(`${env} dotenv DB_PASSWORD`)}`,
    `SMTP_PW=${plant(`${env} dotenv SMTP_PW`)}`,
    `DB_PWD=${plant(`${env} dotenv DB_PWD`)}`,
    `STRIPE_KEY=${plant(`${env} dotenv STRIPE_KEY no digits shape`, 'stripe')}`,
    `APP_KEY=${plant(`${env} dotenv APP_KEY base64:`, 'appkey')}`,
    `UPSTREAM_AUTH_HEADER=${q(plant(`${env} dotenv *_AUTH_HEADER`, 'generic', W.bearer))}`,
    `PAYMENTS=${plant(`${env} dotenv innocuous name stripe shape`, 'stripe')}`,
    `GH=${plant(`${env} dotenv github_pat_`, 'ghpat')}`,
    `GL=${plant(`${env} dotenv glpat-`, 'glpat')}`,
    `AWS_ID=${plant(`${env} dotenv ASIA`, 'asia')}`,
    `SLACK=${plant(`${env} dotenv xoxe.`, 'xoxe')}`,
    `OPENAI=${plant(`${env} dotenv sk-proj-`, 'skproj')}`,
    `NPM_CONFIG=${plant(`${env} dotenv npm_`, 'npm')}`,
    `MAPS=${plant(`${env} dotenv AIza`, 'aiza')}`,
    `DATABASE_URL=${q(plant(`${env} dotenv url password with @ and space`, 'spacey', W.urlPasswordAt))}`,
    `REDIS_URLS=${plant(`${env} dotenv list of urls`, 'generic', W.urlList)}`,
    `JDBC_URL=${q(plant(`${env} dotenv jdbc ?password=`, 'generic', W.jdbc))}`,
    `PG_CONN=${q(plant(`${env} dotenv libpq key=value`, 'generic', W.libpq))}`,
    `MSSQL=${q(plant(`${env} dotenv .NET Password=`, 'generic', W.dotnet))}`,
    `JAVA_OPTS=${q(plant(`${env} dotenv -D...Password=`, 'generic', W.jvm))}`,
    `WEBHOOK=${plant(`${env} dotenv ?token=`, 'generic', W.queryToken)}`,
    `SIGNED=${q(plant(`${env} dotenv sig=`, 'generic', W.querySig))}`,
    `CONFIG_JSON=${q(plant(`${env} dotenv key inside JSON`, 'generic', W.json))}`,
    `UPSTREAM=${plant(`${env} dotenv token as URL user no colon`, 'hex', W.urlUserNoColon)}`,
    `DB_URL_ENC=${plant(`${env} dotenv percent-encoded password`, 'generic', W.urlPasswordEncoded)}`,
    `TLS_KEY="${plant(`${env} dotenv multi-line PEM`, 'pem')}"`,
    `SIGNING="${plant(`${env} dotenv multi-line PGP`, 'pgp')}"`,
    `HELM_ARGS=${q(plant(`${env} dotenv helm --set string`, 'generic', W.helmSet))}`,
    `PING_CMD=${q(plant(`${env} dotenv redis-cli -a`, 'generic', W.redisCli))}`,
    `BACKUP_CMD=${q(plant(`${env} dotenv mysql -p`, 'generic', W.mysqlP))}`,
    `HOOK_CMD=${q(plant(`${env} dotenv curl -u`, 'generic', W.curlU))}`,
    `BASIC=${q(plant(`${env} dotenv Basic header`, 'generic', W.authHeader))}`,
    `MULTI="first line\n${plant(`${env} dotenv multi-line plain value under secret name?`, 'generic', W.yamlInString)}\nlast"`,
    `ESCAPED_AUTH=${plant(`${env} dotenv percent-encoded Bearer ghp_`, 'ghp', W.percentBearer)}`,
    `EXPORTED_SECRET=${plant(`${env} dotenv export prefix`)}`.replace(/^/, 'export '),
    `SENDGRID=${plant(`${env} dotenv SG.`, 'sendgrid')}`,
    `JWT_FOR_TESTS=${plant(`${env} dotenv JWT`, 'jwt')}`,
    '',
  ].join('\n');
}

function k8s(env) {
  const sec = (w, s = 'generic', wrap = W.whole) => q(plant(`${env} k8s ${w}`, s, wrap));
  const lastApplied = JSON.stringify({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'app-secrets' },
    stringData: { password: plant(`${env} k8s last-applied-configuration annotation of a Secret`) },
  });
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    deploy.example.com/notify: ${sec('annotation webhook ?token=', 'generic', W.queryToken)}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.0
          args: [${sec('args curl -H Bearer', 'ghp', W.curlHeader)}, "--password", ${sec('args value after --password')}]
          command: ["sh", "-c", ${sec('command redis-cli -a', 'generic', W.redisCli)}]
          env:
            - {name: DB_PASSWORD, value: ${sec('env DB_PASSWORD')}}
            - {name: AUTHZ, value: ${sec('env Bearer', 'generic', W.bearer)}}
            - {name: SMTP_PW, value: ${sec('env SMTP_PW')}}
            - {name: SETTINGS, value: ${sec('env JSON with key', 'generic', W.json)}}
            - {name: DSN, value: ${sec('env libpq', 'generic', W.libpq)}}
            - {name: GCP, value: ${sec('env AIza', 'aiza')}}
            - name: CERT_BLOCK
              value: |
                ${plant(`${env} k8s env YAML block scalar |`, 'pem').replace(/\n/g, '\n                ')}
            - name: FOLDED
              value: >
                some text ${plant(`${env} k8s env YAML folded scalar > with password=`, 'generic', W.yamlInString)}
                more text
          readinessProbe:
            httpGet:
              path: ${sec('probe path ?api_key=', 'generic', W.queryApiKey)}
              port: 8080
              httpHeaders:
                - {name: Authorization, value: ${sec('probe header Bearer', 'generic', W.bearer)}}
          livenessProbe:
            exec:
              command: ["sh", "-c", ${sec('liveness curl -u', 'generic', W.curlU)}]
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
data:
  application.properties: |
    server.port=8080
    spring.datasource.password=${plant(`${env} k8s ConfigMap .properties password=`)}
    smtp.pw=${plant(`${env} k8s ConfigMap .properties smtp.pw`)}
  app.env: |
    LOG_LEVEL=info
    API_KEY=${plant(`${env} k8s ConfigMap .env-shaped API_KEY`)}
  config.json: ${q(JSON.stringify({ db: { password: plant(`${env} k8s ConfigMap JSON file nested password`) } }))}
  settings.yaml: |
    smtp:
      pw: ${plant(`${env} k8s ConfigMap YAML file nested smtp.pw`)}
  PROMQL: ${sec('ConfigMap PromQL matcher', 'generic', W.promql)}
  JAVA_TOOL_OPTIONS: ${sec('ConfigMap JVM -D', 'generic', W.jvm)}
  DB_CONN: ${sec('ConfigMap .NET', 'generic', W.dotnet)}
---
apiVersion: v1
kind: Secret
metadata:
  name: app-secrets
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: ${q(lastApplied)}
type: Opaque
data:
  password: ${Buffer.from(plant(`${env} k8s Secret data (base64)`)).toString('base64')}
stringData:
  token: ${sec('Secret stringData')}
  config.yaml: |
    password: ${plant(`${env} k8s Secret stringData file`)}
`;
}

function compose(env) {
  const s = (w, sh = 'generic', wrap = W.whole) => plant(`${env} compose ${w}`, sh, wrap);
  return `services:
  api:
    image: example/api:1
    environment:
      - DATABASE_URL=${s('env list url password', 'generic', (t) => `postgres://app:${t}@db:5432/shop`)}
      - SESSION_KEY=\${SESSION_KEY:-${s('default ${VAR:-secret}')}}
      - HOOK=${s('env ?token=', 'generic', W.queryToken)}
    command: ["redis-server", "--requirepass", ${q(s('command --requirepass'))}]
    healthcheck:
      test: ["CMD", "curl", "-f", ${q(s('healthcheck ?key=', 'generic', (t) => `http://localhost:8080/health?key=${t}`))}]
  worker:
    image: example/worker:1
    environment:
      MYSQL_CMD: ${q(s('map mysql -p', 'generic', W.mysqlP))}
      TOKEN: ${q(s('map TOKEN'))}
      API_KEY_FILE_CONTENT: ${q(s('map key=value text', 'generic', W.yamlInString))}
`;
}

function dockerfile(env) {
  const s = (w, sh = 'generic', wrap = W.whole) => plant(`${env} dockerfile ${w}`, sh, wrap);
  return `FROM node:20-slim
ARG NPM_TOKEN=${s('ARG default NPM_TOKEN', 'npm')}
ARG GH_PW=${s('ARG default GH_PW')}
ARG BUILD_URL=${s('ARG default url with password', 'generic', (t) => `https://ci:${t}@ci.example.com/x`)}
ENV STRIPE=${s('ENV stripe shape', 'stripe')}
ENV APP_OPTS="${s('ENV JVM -D', 'generic', W.jvm)}"
RUN ${s('RUN curl -H Bearer', 'generic', W.curlHeader)}
HEALTHCHECK CMD ${s('HEALTHCHECK curl ?token=', 'generic', (t) => `curl -f http://localhost/health?token=${t}`)}
EXPOSE 8080
`;
}

function helm(env) {
  const s = (w, sh = 'generic', wrap = W.whole) => q(plant(`${env} helm ${w}`, sh, wrap));
  return `replicaCount: 2
image: {repository: example/web, tag: "1.0"}
smtp:
  pw: ${s('nested smtp.pw')}
  host: smtp.example.com
auth:
  upstreamAuthHeader: ${s('camelCase *AuthHeader', 'generic', W.bearer)}
  clientSecret: ${s('clientSecret')}
extraArgs: ${s('--set style string', 'generic', W.helmSet)}
database:
  url: ${s('database url', 'generic', W.urlPasswordAt)}
  conn: ${s('libpq', 'generic', W.libpq)}
env:
  - {name: DB_PASSWORD, value: ${s('env list DB_PASSWORD')}}
  - {name: TOKENS, value: ${s('env list token list', 'glpat', (t) => `a,${t},b`)}}
certificate: |
  ${plant(`${env} helm block scalar PEM`, 'pem').replace(/\n/g, '\n  ')}
`;
}

function terraform(env) {
  const s = (w, sh = 'generic') => plant(`${env} terraform ${w}`, sh);
  return JSON.stringify(
    {
      format_version: '1.0',
      terraform_version: '1.6.0',
      values: {
        outputs: {
          db_password: { sensitive: true, value: s('sensitive output') },
          api_endpoint: { sensitive: false, value: `https://api.example.com/?token=${s('output ?token=')}` },
        },
        root_module: {
          resources: [
            {
              address: 'aws_db_instance.main',
              mode: 'managed',
              type: 'aws_db_instance',
              name: 'main',
              values: {
                instance_class: 'db.r6g.large',
                engine: 'postgres',
                engine_version: '15.4',
                password: s('aws_db_instance password'),
                username: 'app',
                custom_opaque_attr: s('attribute marked in sensitive_values'),
                tags: { Deployer: s('tag value Bearer', 'ghp') },
              },
              sensitive_values: { password: true, custom_opaque_attr: true },
            },
            {
              address: 'aws_ssm_parameter.api',
              mode: 'managed',
              type: 'aws_ssm_parameter',
              name: 'api',
              values: {
                name: '/app/api',
                type: 'SecureString',
                value: s('ssm SecureString value'),
                insecure_value: null,
              },
              sensitive_values: { value: true },
            },
            {
              address: 'aws_iam_access_key.ci',
              mode: 'managed',
              type: 'aws_iam_access_key',
              name: 'ci',
              values: {
                id: s('iam access key id', 'akia'),
                secret: s('iam secret'),
                ses_smtp_password_v4: s('ses smtp pw'),
              },
              sensitive_values: { secret: true, ses_smtp_password_v4: true },
            },
            {
              address: 'kubernetes_secret.x',
              mode: 'managed',
              type: 'kubernetes_secret',
              name: 'x',
              values: { data: { 'app.conf': `password=${s('kubernetes_secret data file')}` } },
              sensitive_values: { data: true },
            },
          ],
        },
      },
    },
    null,
    2,
  );
}

function githubActions(env) {
  const s = (w, sh = 'generic', wrap = W.whole) => q(plant(`${env} gha ${w}`, sh, wrap));
  return `name: deploy-${env}
on: {push: {branches: [main]}}
env:
  GLOBAL_TOKEN: ${s('workflow env TOKEN')}
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: ${env}
    env:
      DEPLOY_URL: ${s('job env url password', 'generic', W.urlPasswordAt)}
    steps:
      - uses: actions/checkout@v4
      - uses: example/deploy@v1
        with:
          api-key: ${s('with: api-key')}
          password: ${s('with: password')}
          token: ${s('with: token ghp', 'ghp')}
          args: ${s('with: args --set', 'generic', W.helmSet)}
          url: ${s('with: url ?token=', 'generic', W.queryToken)}
      - run: ${s('run curl -u', 'generic', W.curlU)}
      - run: |
          echo deploying
          ${plant(`${env} gha run block mysql -p`, 'generic', W.mysqlP)}
`;
}

function gitlab(env) {
  const s = (w, sh = 'generic', wrap = W.whole) => q(plant(`${env} gitlab ${w}`, sh, wrap));
  return `variables:
  DEPLOY_TOKEN: ${s('variables DEPLOY_TOKEN', 'glpat')}
  REGISTRY_PW: ${s('variables *_PW')}
deploy_${env}:
  stage: deploy
  environment: {name: ${env}}
  variables:
    HOOK: ${s('job variables ?token=', 'generic', W.queryToken)}
  script:
    - ${s('script curl header', 'glpat', (t) => `curl --header "PRIVATE-TOKEN: ${t}" https://gitlab.example.com/api`)}
  rules: [{if: '$CI_COMMIT_BRANCH == "main"'}]
`;
}

function flags(env) {
  return JSON.stringify({
    flags: {
      'new-checkout': { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on' },
      'partner-config': {
        state: 'ENABLED',
        variants: {
          a: {
            endpoint: `https://partner.example.com/?api_key=${plant(`${env} flags variant object ?api_key=`)}`,
            secret: plant(`${env} flags variant object secret`),
          },
          b: plant(`${env} flags string variant stripe`, 'stripe'),
        },
        defaultVariant: 'a',
      },
    },
  });
}

function promRules(env) {
  return `groups:
  - name: shop
    rules:
      - alert: HighErrors
        expr: ${q(`${plant(`${env} prometheus-rules PromQL matcher token`, 'generic', W.promql)} > 5`)}
        for: 5m
        labels: {severity: page}
        annotations:
          runbook: ${q(plant(`${env} prometheus-rules annotation ?token=`, 'generic', W.queryToken))}
`;
}

function alertmanager(env) {
  return `global:
  slack_api_url: ${q(plant(`${env} alertmanager slack_api_url`, 'generic', (t) => `https://hooks.slack.com/services/T0/B0/${t}`))}
route: {receiver: pager}
receivers:
  - name: pager
    pagerduty_configs: [{routing_key: ${q(plant(`${env} alertmanager routing_key`, 'hex'))}}]
    webhook_configs:
      - url: ${q(plant(`${env} alertmanager webhook url user:pw`, 'generic', (t) => `https://am:${t}@hooks.example.com/am`))}
        http_config:
          authorization: {credentials: ${q(plant(`${env} alertmanager authorization credentials`))}}
          basic_auth: {username: am, password: ${q(plant(`${env} alertmanager basic_auth password`))}}
`;
}

function otel(env) {
  return `receivers: {otlp: {protocols: {grpc: {}}}}
processors: {batch: {}}
exporters:
  otlphttp:
    endpoint: ${q(plant(`${env} otel endpoint user:pw`, 'generic', (t) => `https://u:${t}@otel.example.com`))}
    headers:
      api-key: ${q(plant(`${env} otel headers api-key`))}
      x-honeycomb-team: ${q(plant(`${env} otel headers innocuous name hex`, 'hex'))}
service:
  pipelines:
    traces: {receivers: [otlp], processors: [batch], exporters: [otlphttp]}
`;
}

function code(env) {
  return `const key = process.env.API_KEY ?? ${q(plant(`${env} env-refs JS fallback`, 'stripe'))};
const pw = process.env.DB_PASSWORD || ${q(plant(`${env} env-refs JS || fallback`))};
module.exports = { key, pw };
`;
}

function python(env) {
  return `import os\nSECRET = os.getenv("SECRET_KEY", ${q(plant(`${env} env-refs python getenv default`))})\nURL = os.environ.get("DATABASE_URL", ${q(plant(`${env} env-refs python url default`, 'generic', W.urlPasswordAt))})\n`;
}

function kustomization(env) {
  return `resources: []
secretGenerator:
  - name: gen-secret
    literals:
      - password=${plant(`${env} kustomize secretGenerator literal`)}
configMapGenerator:
  - name: gen-config
    literals:
      - API_KEY=${plant(`${env} kustomize configMapGenerator API_KEY`)}
      - HOOK=${plant(`${env} kustomize configMapGenerator ?token=`, 'generic', W.queryToken)}
`;
}

function accessLog(env) {
  const lines = [];
  const t = (i) => `06/Dec/2026:10:${String(i % 60).padStart(2, '0')}:00 +0000`;
  const paths = [
    `/reset?token=${plant(`${env} access-log ?token=`)}`,
    `/v1/keys/${plant(`${env} access-log path segment stripe`, 'stripe')}`,
    `/oauth/callback?code=abc&access_token=${plant(`${env} access-log access_token=`)}`,
    `/api/orders?api_key=${plant(`${env} access-log api_key=`)}`,
    `/u/${plant(`${env} access-log path segment jwt`, 'jwt')}/profile`,
  ];
  for (let i = 0; i < 200; i++) {
    const p = paths[i % paths.length];
    lines.push(`10.0.0.${i % 9} - - [${t(i)}] "GET ${p} HTTP/1.1" 200 512 "-" "curl/8" 0.012 300`);
  }
  return `${lines.join('\n')}\n`;
}

/** The repository; `urls` come from the environment (parity.yaml holds no secret itself). */
export function writeSecretsProject(dir) {
  for (const env of ['production', 'staging']) {
    const d = (f) => path.join(dir, f.replace('ENV', env));
    write(d('deploy/ENV/worker.env'), dotenv(env));
    write(d('deploy/ENV/web.yaml'), k8s(env));
    write(d('compose/ENV/compose.yaml'), compose(env));
    write(d('services/ENV/Dockerfile'), dockerfile(env));
    write(d('chart/values-ENV.yaml'), helm(env));
    write(d('infra/ENV.tfstate.json'), terraform(env));
    write(d(`.github/workflows/deploy-ENV.yml`), githubActions(env));
    write(d('gitlab/ENV/.gitlab-ci.yml'), gitlab(env));
    write(d('flags/ENV.flagd.json'), flags(env));
    write(d('observability/ENV/alerts.yaml'), promRules(env));
    write(d('observability/ENV/alertmanager.yml'), alertmanager(env));
    write(d('observability/ENV/otel.yaml'), otel(env));
    write(d('code/ENV/app.js'), code(env));
    write(d('code/ENV/app.py'), python(env));
    write(d('kustomize/ENV/kustomization.yaml'), kustomization(env));
    write(d('logs/ENV/access.log'), accessLog(env));
  }
  write(
    path.join(dir, 'chart/values.yaml'),
    'replicaCount: 1\nimage: {repository: example/web, tag: "0.9"}\n',
  );
  write(path.join(dir, 'chart/Chart.yaml'), 'apiVersion: v2\nname: web\nversion: 0.1.0\n');
  const src = (env) => `    sources:
      - {kind: dotenv, path: deploy/${env}/worker.env, workload: worker}
      - {kind: kubernetes, path: deploy/${env}/}
      - {kind: compose, path: compose/${env}/compose.yaml}
      - {kind: dockerfile, path: services/${env}/Dockerfile, workload: web}
      - {kind: helm-values, path: [chart/values.yaml, chart/values-${env}.yaml]}
      - {kind: terraform, path: infra/${env}.tfstate.json}
      - {kind: github-actions, path: .github/workflows/deploy-${env}.yml, environment: ${env}}
      - {kind: gitlab-ci, path: gitlab/${env}/.gitlab-ci.yml, environment: ${env}}
      - {kind: feature-flags, path: flags/${env}.flagd.json}
      - {kind: prometheus-rules, path: observability/${env}/alerts.yaml}
      - {kind: alertmanager, path: observability/${env}/alertmanager.yml}
      - {kind: otel-collector, path: observability/${env}/otel.yaml}
      - {kind: env-refs, path: code/${env}/}
      - {kind: kustomize, path: kustomize/${env}/, renderer: builtin}
      - {kind: access-log, path: logs/${env}/access.log}
      - {kind: postgres, id: db, optional: true, url: "\${ATTACK_${env.toUpperCase()}_DB_URL}"}
      - {kind: postgres, id: unreachable, optional: true, url: "\${ATTACK_${env.toUpperCase()}_BAD_DB_URL}"}
      - {kind: prometheus, optional: true, url: "\${ATTACK_${env.toUpperCase()}_PROM_URL}"}
`;
  write(
    path.join(dir, 'parity.yaml'),
    `version: 1\nbaseline: production\nenvironments:\n  production:\n${src('production')}  staging:\n${src('staging')}`,
  );
}

/** Connection strings with planted passwords, given through the environment. */
export function secretEnv() {
  const env = {};
  for (const e of ['PRODUCTION', 'STAGING']) {
    env[`ATTACK_${e}_BAD_DB_URL`] =
      `postgres://app:${plant(`${e} postgres unreachable url password`)}@127.0.0.1:1/shop?connect_timeout=2`;
    env[`ATTACK_${e}_PROM_URL`] =
      `http://prom:${plant(`${e} prometheus unreachable url password`)}@127.0.0.1:1/`;
  }
  return env;
}

/** Catalogue secrets: CHECK constraints, defaults, views, comments, function bodies. */
export function catalogueSql(env) {
  return `
CREATE TABLE attack_accounts (
  id int PRIMARY KEY,
  api_key text DEFAULT '${plant(`${env} postgres column default`)}',
  pw text CHECK (pw <> '${plant(`${env} postgres CHECK constraint`)}')
);
CREATE VIEW attack_admin AS SELECT * FROM attack_accounts WHERE api_key = '${plant(`${env} postgres view definition`)}';
COMMENT ON TABLE attack_accounts IS 'rotate ${plant(`${env} postgres table comment`)}';
CREATE FUNCTION attack_token() RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT '${plant(`${env} postgres function body`)}'::text $$;
INSERT INTO attack_accounts SELECT g, 'k' || g, 'p' || g FROM generate_series(1, 50) g;
ANALYZE attack_accounts;
`;
}
