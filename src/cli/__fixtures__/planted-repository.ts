import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A repository with a secret of every class issue 10 lists planted in every source kind, different
 * in production and staging (so divergence messages and decide drafts would quote both) and some
 * shared. `planted` lists every value an output must never contain.
 */
export interface PlantedRepository {
  root: string;
  planted: string[];
  /** Environment for the CLI: URLs with passwords stay out of parity.yaml, as users write them. */
  env: Record<string, string>;
}

const b64 = (text: string) => Buffer.from(text).toString('base64');

/** Values of one environment; `e` is 'P' or 'S' and makes each value differ between them. */
function values(e: string) {
  return {
    bearer: `Pl4ntedBearer${e}0001xyzQ`,
    jsonKey: `Pl4ntedJsonKey${e}0002`,
    urlUser: `Pl4ntedUrlUser${e}0003abcdef`,
    promToken: `Pl4ntedPromMatcher${e}0004`,
    spacePw: `Pl4nted spaced${e}0005`,
    atPw: `Pl4nted@at${e}0006`,
    listPw1: `Pl4ntedListA${e}0007`,
    listPw2: `Pl4ntedListB${e}0007`,
    jdbcPw: `Pl4ntedJdbc${e}0008`,
    libpqPw: `Pl4ntedLibpq${e}0009`,
    dotnetPw: `Pl4nted Dotnet${e}0010`,
    jvmPw: `Pl4ntedJvm${e}0011`,
    queryToken: `Pl4ntedQuery${e}0012`,
    probeKey: `Pl4ntedProbe${e}0013`,
    healthSig: `Pl4ntedSig${e}0014`,
    composeDefault: `Pl4ntedDefault${e}0015`,
    curlPw: `Pl4ntedCurl${e}0016`,
    redisPw: `Pl4ntedRedis${e}0017`,
    mysqlPw: `Pl4ntedMysql${e}0018`,
    propsPw: `Pl4ntedProps${e}0019`,
    cmDotenv: `Pl4ntedCmDotenv${e}0020`,
    pw: `Pl4ntedPw${e}0021`,
    pwd: `Pl4ntedPwd${e}0022`,
    keyNoDigits: `PlantedKeyNoDigits${e}AbCdEfGhIj`,
    appKey: `base64:${b64(`Pl4ntedAppKey${e}0024-32-bytes-long!!`)}`,
    authHeader: `Pl4ntedAuthHeader${e}0025`,
    smtpPw: `Pl4ntedSmtp${e}0026`,
    githubPat: `github_pat_11PLANTED${e}0_abcdefghijklmnopqrstuvwxyz0123456789`,
    glpat: `glpat-Pl4nted${e}abcdefghij1234`,
    asia: `ASIAPL4NTED${e}01234567`,
    xoxe: `xoxe.xoxp-1-Pl4nted${e}abcdefghijklmnop`,
    skProj: `sk-proj-Pl4nted${e}abcdefghijklmnopqrstuvwxyz`,
    npm: `npm_Pl4nted${e}abcdefghijklmnopqrstuvwxyz0123`,
    aiza: `AIzaPl4nted${e}abcdefghijklmnopqrstuvwxyz0123`,
    pgpBody: `lQOYBGPl4ntedPgpBody${e}0034AQgAabcdefghijklmnop`,
    secretData: `Pl4ntedSecretData${e}0040`,
    dockerfileArg: `Pl4ntedDockerArg${e}0041`,
    ciToken: `Pl4ntedCiToken${e}0042abcdef`,
    alertBasicPw: `Pl4ntedAlertBasic${e}0043`,
    alertRoutingKey: `Pl4ntedRoutingKey${e}0044abcdef`,
    otelHeader: `Pl4ntedOtelHeader${e}0045abcdef`,
    gitlabVar: `Pl4ntedGitlabVar${e}0046`,
    tfOutput: `Pl4ntedTfOutput${e}0047`,
    tfDbPassword: `Pl4ntedTfDbPassword${e}0048`,
    flagKey: `Pl4ntedFlagTargeting${e}0049`,
    pulumiSecure: `AAABAPl4ntedPulumiCiphertext${e}0053abcdefghij`,
    pulumiPlain: `Pl4ntedPulumiPlain${e}0054`,
    tfvarsSensitive: `Pl4nted tfvars sensitive ${e}0055`,
    tfvarsToken: `ghp_Pl4ntedTfvars${e}0056abcdefghijklmnopqrstu`,
    helmfileStatePw: `Pl4ntedHelmfileState${e}0057`,
  };
}

/** Shared between the environments: a CRITICAL must fire, and still no value may be printed. */
const SHARED = { apiToken: 'Pl4ntedSharedApiToken0050xyz', checkPw: 'Pl4ntedCheck0051', defaultPw: 'Pl4ntedColumnDefault0052' };
export const DB_SECRETS = { check: SHARED.checkPw, default: SHARED.defaultPw };

function write(root: string, file: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}

function environmentFiles(root: string, env: 'production' | 'staging'): string[] {
  const v = values(env === 'production' ? 'P' : 'S');
  const dir = env;
  write(
    root,
    `${dir}/app.env`,
    [
      `AUTH_HEADER_VALUE="Bearer ${v.bearer}"`,
      `CONFIG_JSON='{"api_key":"${v.jsonKey}","region":"eu"}'`,
      `GIT_REMOTE=https://${v.urlUser}@github.com/acme/shop.git`,
      `DATABASE_URL="postgres://app:${v.spacePw}@db:5432/shop"`,
      `DATABASE_URL_AT=postgres://app:${v.atPw}@db:5432/shop`,
      `REDIS_URLS=redis://:${v.listPw1}@r1:6379,redis://:${v.listPw2}@r2:6379`,
      `JDBC_URL=jdbc:postgresql://db:5432/shop?user=app&password=${v.jdbcPw}&ssl=true`,
      `PG_CONN="host=db user=app password=${v.libpqPw} dbname=shop"`,
      `DOTNET_CONN="Server=db;User Id=app;Password=${v.dotnetPw};Database=shop"`,
      `JAVA_OPTS="-Xmx1g -Ddb.Password=${v.jvmPw}"`,
      `WEBHOOK=https://api.example.com/cb?token=${v.queryToken}&x=1`,
      `MAIL_PW=${v.pw}`,
      `DB_PWD=${v.pwd}`,
      `SERVICE_KEY=${v.keyNoDigits}`,
      `APP_KEY=${v.appKey}`,
      `PAYMENTS_AUTH_HEADER=${v.authHeader}`,
      `GH_PAT=${v.githubPat}`,
      `GITLAB=${v.glpat}`,
      `AWS_SESSION=${v.asia}`,
      `SLACK_CONFIG=${v.xoxe}`,
      `OPENAI=${v.skProj}`,
      `NPM=${v.npm}`,
      `MAPS=${v.aiza}`,
      `SHARED_API_TOKEN=${SHARED.apiToken}`,
      '',
    ].join('\n'),
  );
  write(
    root,
    `${dir}/k8s.yaml`,
    `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: web
          image: shop/web:1.0
          env:
            - { name: UPSTREAM_AUTH, value: "Bearer ${v.bearer}" }
            - { name: PROM_QUERY, value: 'sum(up{job="api",token="${v.promToken}"})' }
          readinessProbe:
            httpGet: { path: "/healthz?api_key=${v.probeKey}", port: 8080 }
          livenessProbe:
            exec: { command: ["sh", "-c", "mysql -uroot -p${v.mysqlPw} -e 'select 1'"] }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: web-config }
data:
  application.properties: |
    db.url=jdbc:postgresql://db/shop
    db.password=${v.propsPw}
  app.env: |
    SECRET_TOKEN=${v.cmDotenv}
    LOG_LEVEL=info
  signing.asc: |
    -----BEGIN PGP PRIVATE KEY BLOCK-----

    ${v.pgpBody}
    -----END PGP PRIVATE KEY BLOCK-----
---
apiVersion: v1
kind: Secret
metadata: { name: web-secret }
data:
  password: ${b64(v.secretData)}
`,
  );
  write(
    root,
    `${dir}/compose.yaml`,
    `services:
  api:
    image: shop/api:1.0
    environment:
      API_URL: \${API_URL:-https://x.example.com/?token=${v.composeDefault}}
    healthcheck:
      test: ["CMD-SHELL", "curl -f http://localhost/health?sig=${v.healthSig} && curl -u admin:${v.curlPw} http://localhost/"]
  cache:
    image: redis:7
    healthcheck:
      test: ["CMD", "redis-cli", "-a", "${v.redisPw}", "ping"]
`,
  );
  write(root, `${dir}/values.yaml`, `smtp:\n  host: mail\n  pw: ${v.smtpPw}\nauth:\n  existingSecret: shop-db\n`);
  write(
    root,
    `${dir}/Dockerfile`,
    `FROM node:20\nARG NPM_AUTH=${v.dockerfileArg}\nENV REGISTRY_URL=https://${v.urlUser}@registry.example.com/\nUSER node\n`,
  );
  write(
    root,
    `.github/workflows/deploy-${env}.yml`,
    `on: push\njobs:\n  deploy:\n    environment: ${env}\n    runs-on: ubuntu-latest\n    env:\n      DEPLOY_TOKEN: ${v.ciToken}\n      CURL_AUTH: "Authorization: Bearer ${v.bearer}"\n    steps:\n      - run: curl -u deploy:${v.curlPw} https://deploy.example.com/\n`,
  );
  write(
    root,
    `${dir}/alerts.yaml`,
    `groups:\n  - name: api\n    rules:\n      - alert: ApiDown\n        expr: up{job="api",token="${v.promToken}"} == 0\n        for: 5m\n        labels: { severity: critical }\n`,
  );
  write(
    root,
    `logs/${env}.log`,
    `10.0.0.1 - - [01/Dec/2026:10:00:00 +0000] "GET /reset/${v.ciToken}9f8e7d6c5b4a3928 HTTP/1.1" 200 12 "-" "curl"\n10.0.0.2 - - [01/Dec/2026:10:00:01 +0000] "GET /api/orders?token=${v.queryToken}&page=2 HTTP/1.1" 200 12 "-" "curl"\n`,
  );
  otherSources(root, env, v);
  newKinds(root, env, v);
  return Object.values(v).concat(
    [v.appKey.slice('base64:'.length)],
    Object.values(SHARED),
  );
}

/** Alertmanager, OpenTelemetry Collector, GitLab CI, Terraform state, feature flags, access logs. */
function otherSources(root: string, env: string, v: ReturnType<typeof values>): void {
  write(
    root,
    `${env}/alertmanager.yml`,
    `route: { receiver: oncall }
receivers:
  - name: oncall
    webhook_configs:
      - url: https://hooks.example.com/alert?token=${v.queryToken}
        http_config: { basic_auth: { username: am, password: ${v.alertBasicPw} } }
    pagerduty_configs:
      - routing_key: ${v.alertRoutingKey}
    slack_configs:
      - api_url: https://hooks.slack.com/services/T0PLANT/B0PLANT/${v.urlUser}
`,
  );
  write(
    root,
    `${env}/otel-collector.yaml`,
    `receivers: { otlp: { protocols: { grpc: {} } } }
exporters:
  otlphttp:
    endpoint: https://otel:${v.jdbcPw}@collector.example.com:4318
    headers: { Authorization: "Bearer ${v.otelHeader}", x-api-key: ${v.otelHeader} }
service:
  pipelines:
    traces: { receivers: [otlp], exporters: [otlphttp] }
`,
  );
  write(
    root,
    `${env}/.gitlab-ci.yml`,
    `deploy-${env}:
  stage: deploy
  environment: ${env}
  variables: { DEPLOY_PASSWORD: ${v.gitlabVar}, REGISTRY_AUTH: "Basic ${b64(`deploy:${v.gitlabVar}`)}" }
  script: ["redis-cli -a ${v.redisPw} flushall", "mysql -uroot -p${v.mysqlPw} -e 'select 1'"]
`,
  );
  write(
    root,
    `${env}/state.json`,
    JSON.stringify({
      format_version: '1.0',
      values: {
        outputs: { db_password: { sensitive: true, value: v.tfOutput, type: 'string' } },
        root_module: {
          resources: [
            {
              address: 'aws_db_instance.main',
              mode: 'managed',
              type: 'aws_db_instance',
              name: 'main',
              values: { instance_class: 'db.r6g.large', password: v.tfDbPassword, username: 'shop' },
              sensitive_values: { password: true },
            },
          ],
        },
      },
    }),
  );
  write(
    root,
    `${env}/flags.flagd.json`,
    JSON.stringify({
      flags: {
        gateway: {
          state: 'ENABLED',
          variants: { live: { apiKey: v.skProj, url: `https://gw:${v.atPw}@gateway.example` }, off: {} },
          defaultVariant: 'live',
          targeting: { if: [{ '==': [{ var: 'token' }, v.flagKey] }, 'off', 'live'] },
        },
      },
    }),
  );
}

/** Pulumi stack config, Terraform variables, a helmfile environment. */
function newKinds(root: string, env: string, v: ReturnType<typeof values>): void {
  write(
    root,
    `${env}/pulumi/Pulumi.${env}.yaml`,
    `encryptionsalt: v1:${b64(v.pulumiSecure)}\nconfig:\n  shop:api-cpu: "1024"\n  shop:db-password:\n    secure: ${v.pulumiSecure}\n  shop:smtp-password: ${v.pulumiPlain}\n`,
  );
  write(root, `${env}/tf/variables.tf`, 'variable "support_note" {\n  type      = string\n  sensitive = true\n}\n');
  write(
    root,
    `${env}/tf/terraform.tfvars`,
    `instance_type = "m5.large"\nsupport_note = "${v.tfvarsSensitive}"\ngithub_token = "${v.tfvarsToken}"\n`,
  );
  write(root, `${env}/helmfile/helmfile.yaml`, `environments:\n  ${env}:\n    values: [state.yaml]\n`);
  write(root, `${env}/helmfile/state.yaml`, `replicaCount: 2\ndbPassword: ${v.helmfileStatePw}\n`);
}

/** Writes the repository and its parity.yaml; postgresUrl is a database both environments read. */
export function plantRepository(root: string, postgresUrl: string): PlantedRepository {
  const planted = [...environmentFiles(root, 'production'), ...environmentFiles(root, 'staging')];
  const promPassword = 'Pl4ntedPromUrlPassword0060';
  planted.push(promPassword);
  const sources = (env: string) => `
    sources:
      - { kind: dotenv, path: ${env}/app.env, workload: web }
      - { kind: kubernetes, path: ${env}/k8s.yaml }
      - { kind: compose, path: ${env}/compose.yaml }
      - { kind: helm-values, path: ${env}/values.yaml, workload: web }
      - { kind: dockerfile, path: ${env}/Dockerfile, workload: web }
      - { kind: github-actions, path: .github/workflows/, environment: ${env} }
      - { kind: prometheus-rules, path: ${env}/alerts.yaml }
      - { kind: alertmanager, path: ${env}/alertmanager.yml }
      - { kind: otel-collector, path: ${env}/otel-collector.yaml }
      - { kind: gitlab-ci, path: ${env}/.gitlab-ci.yml, environment: ${env} }
      - { kind: terraform, path: ${env}/state.json }
      - { kind: feature-flags, path: ${env}/flags.flagd.json }
      - { kind: pulumi, path: ${env}/pulumi, stack: ${env} }
      - { kind: terraform-vars, path: ${env}/tf }
      - { kind: helmfile, path: ${env}/helmfile }
      - { kind: access-log, path: logs/${env}.log, format: nginx-combined }
      - { kind: postgres, url: '\${PARITY_LEAK_DB_URL}' }
      - { kind: prometheus, url: '\${PARITY_LEAK_PROM_URL}', timeoutMs: 2000, optional: true }`;
  write(
    root,
    'parity.yaml',
    `version: 1\nbaseline: production\nenvironments:\n  production:${sources('production')}\n  staging:${sources('staging')}\n`,
  );
  return {
    root,
    planted,
    env: {
      PARITY_LEAK_DB_URL: postgresUrl,
      PARITY_LEAK_PROM_URL: `http://prom:${promPassword}@127.0.0.1:9/`,
    },
  };
}
