#!/usr/bin/env node
// Generates a large estate for the audit benchmark: 2 environments x 2,000 Deployments with 25 env
// vars each (50,000 env entries per environment), 500 CronJobs each, plus a parity.yaml.
// Usage: node bench/estate-generate.mjs [outDir] [workloads] [cronjobs]
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const out = path.resolve(process.argv[2] ?? 'bench/out/estate');
const workloads = Number(process.argv[3] ?? 2000);
const cronjobs = Number(process.argv[4] ?? 500);
const perFile = 100;

// A small deterministic PRNG so every run generates the same estate.
let seed = 42;
const rand = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};

function deployment(env, i) {
  const staging = env === 'staging';
  const name = `svc-${String(i).padStart(4, '0')}${staging ? '-stg' : ''}`;
  const replicas = staging ? (rand() < 0.3 ? 1 : 2) : 2 + Math.floor(rand() * 8);
  const envVars = [];
  for (let k = 0; k < 25; k++) {
    // A few variables differ or are missing in staging, as in real estates.
    if (staging && k === 24 && rand() < 0.2) continue;
    let value = `value-${i}-${k}`;
    if (k === 3) value = staging ? '30000' : '5000';
    if (staging && k === 7 && rand() < 0.1) value = `staging-${i}`;
    const varName = k === 3 ? 'UPSTREAM_TIMEOUT_MS' : `SETTING_${k}`;
    envVars.push(`            - name: ${varName}\n              value: "${value}"`);
  }
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop-${env}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      containers:
        - name: app
          image: registry.example.com/team/${name.replace(/-stg$/, '')}:1.${i % 50}.${staging ? 1 : 0}
          env:
${envVars.join('\n')}
          resources:
            requests: { cpu: ${staging ? '100m' : '250m'}, memory: 256Mi }
            limits: { cpu: "1", memory: 512Mi }
          readinessProbe:
            httpGet: { path: /healthz, port: 8080 }
            periodSeconds: 10
`;
}

function cronjob(env, i) {
  const staging = env === 'staging';
  return `apiVersion: batch/v1
kind: CronJob
metadata:
  name: job-${String(i).padStart(3, '0')}${staging ? '-stg' : ''}
  namespace: shop-${env}
spec:
  schedule: "${staging && i % 7 === 0 ? '0 * * * *' : `${i % 60} ${i % 24} * * *`}"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: job
              image: registry.example.com/team/jobs:1.0.0
`;
}

for (const env of ['production', 'staging']) {
  const dir = path.join(out, env);
  mkdirSync(dir, { recursive: true });
  for (let f = 0; f < workloads / perFile; f++) {
    const docs = [];
    for (let i = f * perFile; i < Math.min((f + 1) * perFile, workloads); i++) docs.push(deployment(env, i));
    writeFileSync(path.join(dir, `deployments-${String(f).padStart(2, '0')}.yaml`), docs.join('---\n'));
  }
  const jobs = [];
  for (let i = 0; i < cronjobs; i++) jobs.push(cronjob(env, i));
  writeFileSync(path.join(dir, 'cronjobs.yaml'), jobs.join('---\n'));
}
writeFileSync(
  path.join(out, 'parity.yaml'),
  `version: 1
baseline: production
environments:
  production:
    sources:
      - kind: kubernetes
        path: production/
  staging:
    sources:
      - kind: kubernetes
        path: staging/
scale:
  replicas: 0.3
rename:
  - match: "-stg$"
    replace: ""
`,
);
console.log(
  `estate written to ${out}: 2 x ${workloads} Deployments (25 env vars each), 2 x ${cronjobs} CronJobs`,
);
