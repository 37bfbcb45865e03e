import { describe, expect, it } from 'vitest';
import { classifyText } from './checks.js';

describe('classifyText', () => {
  it.each([
    ['npx prisma migrate deploy', ['migrate']],
    ['bundle exec rails db:migrate', ['migrate']],
    ['alembic upgrade head', ['migrate']],
    ['flyway -url=$URL migrate', ['migrate']],
    ['liquibase update', ['migrate']],
    ['python manage.py migrate --noinput', ['migrate']],
    ['sqitch deploy db:pg://prod', ['migrate']],
    ['npm test', ['test']],
    ['pytest -q', ['test']],
    ['go test ./...', ['test']],
    ['./gradlew check', ['test']],
    ['npm run lint', ['lint']],
    ['golangci-lint run', ['lint']],
    ['docker build -t app .', ['build']],
    ['kustomize build overlays/prod | kubectl apply -f -', ['deploy']],
    ['Smoke test\ncurl -fsS https://x/healthz', ['smoke-test']],
    ['curl --retry 5 https://api.example.com/readyz', ['smoke-test']],
    ['kubectl argo rollouts promote api', ['canary', 'deploy']],
    ['kubectl rollout status deployment/api --timeout=5m', ['rollout']],
    ['helm upgrade --install api ./chart \\\n  --values prod.yaml --atomic', ['rollout', 'deploy']],
    ['trstringer/manual-approval', ['approval']],
    ['hmarr/auto-approve-action', []],
    ['aquasecurity/trivy-action', ['security-scan']],
    ['github/codeql-action/analyze', ['security-scan']],
    ['terraform -chdir=infra apply -auto-approve', ['deploy']],
    ['flyctl deploy --remote-only', ['deploy']],
    ['actions/checkout', []],
    ['echo latest', []],
  ])('%s -> %j', (text, checks) => {
    expect(classifyText(text)).toEqual(checks);
  });

  it('stays fast on long scripts', () => {
    const started = performance.now();
    classifyText(`${'helm '.repeat(50_000)}x`);
    classifyText(`curl ${'a'.repeat(100_000)}`);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
