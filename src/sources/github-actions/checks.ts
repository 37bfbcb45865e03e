/**
 * What a CI step does, read from its name, the action it uses and the commands it runs. Shared by
 * the GitHub Actions and GitLab CI sources so that their pipelines pair across CI systems.
 */
export const CHECKS = [
  'migrate',
  'test',
  'lint',
  'build',
  'smoke-test',
  'canary',
  'rollout',
  'approval',
  'security-scan',
  'deploy',
] as const;
export type Check = (typeof CHECKS)[number];

/** Steps are long scripts at worst; what names a check is near the top. */
const MAX_TEXT = 4000;

const PATTERNS: Record<Check, RegExp> = {
  migrate: new RegExp(
    [
      '\\bmigrat(e|es|ed|ion|ions|ing)\\b',
      'db:migrate',
      'ecto\\.migrate',
      '\\balembic\\b[^\\n]{0,40}\\bupgrade\\b',
      '\\bflyway\\b',
      '\\bliquibase\\b',
      'golang-migrate',
      '\\bsqitch\\b[^\\n]{0,40}\\bdeploy\\b',
      '\\bdbmate\\b[^\\n]{0,20}\\b(up|migrate)\\b',
      '\\bgoose\\b[^\\n]{0,60}\\bup\\b',
      '\\batlas\\b[^\\n]{0,20}\\bschema\\s+apply\\b',
      '\\bschema:load\\b',
    ].join('|'),
    'i',
  ),
  test: new RegExp(
    [
      '\\b(npm|yarn|pnpm|bun)\\s+(run\\s+)?test',
      '\\b(pytest|tox|nox|rspec|phpunit|jest|vitest|mocha|ava|karma|cypress|playwright)\\b',
      '\\b(go|cargo|dotnet|mix|swift|deno|flutter)\\s+test\\b',
      '\\b(mvn|mvnw|gradle|gradlew)\\b[^\\n]{0,40}\\b(test|verify|check)\\b',
      '\\b(make|rake|just)\\s+(test|spec|check)\\b',
      '\\bmanage\\.py\\s+test\\b',
      '\\bunit[ _-]?tests?\\b',
      '\\bintegration[ _-]?tests?\\b',
      '\\be2e\\b',
      '(^|[^a-z])tests?([^a-z]|$)',
    ].join('|'),
    'i',
  ),
  lint: new RegExp(
    [
      '\\blint(er|ers|ing)?\\b',
      '\\b[a-z]*lint\\b',
      '\\b(eslint|biome|prettier|ruff|flake8|pylint|black|isort|mypy|rubocop|golangci-lint|clippy|hadolint|shellcheck|actionlint|stylelint|tflint|ktlint|checkstyle|spotless)\\b',
      '\\btsc\\b[^\\n]{0,40}--noemit',
      '\\btypecheck\\b',
      '\\bgo\\s+vet\\b',
      '\\bcargo\\s+fmt\\b',
    ].join('|'),
    'i',
  ),
  build: new RegExp(
    [
      '\\bdocker\\s+(buildx\\s+)?build\\b',
      'docker/build-push-action',
      '\\b(buildah|kaniko|buildkit|buildpacks|jib)\\b',
      '\\bpack\\s+build\\b',
      '\\bko\\s+(build|publish)\\b',
      '\\b(npm|yarn|pnpm|bun)\\s+(run\\s+)?build\\b',
      '\\b(go|cargo|dotnet|swift)\\s+build\\b',
      '\\b(mvn|mvnw|gradle|gradlew)\\b[^\\n]{0,40}\\b(package|build|assemble|install|jib)\\b',
      '\\bmake(\\s+build)?\\s*$',
      // `kustomize build` renders manifests; it builds no artifact.
      '(?<!kustomize\\s)\\b(build|compile)\\b',
    ].join('|'),
    'im',
  ),
  'smoke-test': new RegExp(
    [
      '\\bsmoke',
      '\\bsanity[ _-]?(check|test)',
      '\\bhealth[ _-]?check',
      '\\bsynthetic',
      '\\bverify[ _-]?(the[ _-]?)?(deploy|release|rollout)',
      '\\bpost[ _-]?deploy[ _-]?(check|test|verification)',
      '\\b(curl|wget|http|httpie|xh)\\b[^\\n]{0,200}/(health|healthz|healthcheck|readyz|livez|ready|ping|status)\\b',
    ].join('|'),
    'i',
  ),
  canary: new RegExp(
    [
      '\\bcanary',
      '\\bargo[ -]?rollouts?\\b',
      'kubectl-argo-rollouts',
      '\\bflagger\\b',
      '\\bblue[ /_-]?green\\b',
      '\\btraffic[ _-]?(split|shift)',
      '\\bprogressive[ _-]?(delivery|rollout)',
      '\\bset-traffic\\b',
    ].join('|'),
    'i',
  ),
  rollout: new RegExp(
    [
      '\\bkubectl\\b[^\\n]{0,80}\\brollout\\s+status\\b',
      '\\bkubectl\\b[^\\n]{0,80}\\bwait\\b',
      '\\bhelm\\b[^\\n]{0,200}\\s--(wait|atomic)\\b',
      '\\bargocd\\s+app\\s+wait\\b',
      '\\baws\\s+ecs\\s+wait\\b',
      'wait-for-service-stability',
      '\\bwait[ _-]?for[ _-]?(the[ _-]?)?(rollout|deployment)',
    ].join('|'),
    'i',
  ),
  approval: new RegExp(
    [
      'manual[ _-]?approval',
      '\\bapproval\\b',
      'trstringer/manual-approval',
      '\\bwait[ _-]?for[ _-]?approval',
      '\\bsign[ _-]?off\\b',
    ].join('|'),
    'i',
  ),
  'security-scan': new RegExp(
    [
      '\\b(trivy|snyk|codeql|grype|anchore|semgrep|gitleaks|trufflehog|bandit|brakeman|gosec|checkov|tfsec|kics|zap|owasp|sonarqube|sonarcloud|dependency-check|osv-scanner|clair)\\b',
      'codeql-action',
      '\\bnpm\\s+audit\\b',
      '\\b(yarn|pnpm)\\s+audit\\b',
      '\\bpip-audit\\b',
      '\\bcargo\\s+audit\\b',
      '\\bdocker\\s+scout\\b',
      '\\b(security|vulnerability|vuln|sast|dast|secret)[ _-]?(scan|scanning|check|detection)',
      '\\bcontainer[ _-]?scanning\\b',
      '\\bdependency[ _-]?scanning\\b',
    ].join('|'),
    'i',
  ),
  deploy: new RegExp(
    [
      // Not `deployment/api`: that names a Kubernetes object, as in `kubectl rollout status deployment/api`.
      '\\bdeploy(s|ing|ment)?\\b(?!/)',
      '\\bkubectl\\b[^\\n]{0,80}\\b(apply|set\\s+image|replace|patch)\\b',
      '\\bhelm\\b[^\\n]{0,80}\\b(upgrade|install)\\b',
      '\\bhelmfile\\b[^\\n]{0,40}\\b(apply|sync)\\b',
      '\\bargocd\\s+app\\s+(sync|set)\\b',
      '\\bterraform\\b[^\\n]{0,60}\\bapply\\b',
      '\\bterragrunt\\b[^\\n]{0,60}\\bapply\\b',
      '\\bpulumi\\s+up\\b',
      '\\b(flyctl|fly)\\s+deploy\\b',
      '\\bvercel\\b',
      '\\bnetlify\\b[^\\n]{0,40}\\bdeploy\\b',
      '\\b(serverless|sls)\\s+deploy\\b',
      '\\b(cdk|sam|eb|copilot|kamal|firebase|wrangler|railway)\\s+(deploy|up|publish)\\b',
      '\\bgcloud\\b[^\\n]{0,40}\\bdeploy\\b',
      '\\baws\\s+ecs\\s+update-service\\b',
      'amazon-ecs-deploy-task-definition',
      'webapps-deploy',
      'deploy-cloudrun',
      '\\bskaffold\\s+(run|deploy)\\b',
      '\\bgit\\s+push\\b[^\\n]{0,40}\\bheroku\\b',
      '\\bcf\\s+push\\b',
      '\\bkustomize\\b[^\\n]{0,80}\\|\\s*kubectl\\b',
      '\\brelease\\s+to\\b',
      '\\bpromote\\b',
    ].join('|'),
    'i',
  ),
};

const MIGRATE_DEPLOY = /\b(migrate|sqitch)\s+deploy\b/gi;

/** The checks a step's text names, in catalogue order. A smoke test is not also counted as a test. */
export function classifyText(text: string): Check[] {
  // Shell continuations split one command over lines; patterns read it as one.
  const bounded = (text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text).replace(/\\\r?\n/g, ' ');
  const found = CHECKS.filter((check) => PATTERNS[check].test(bounded));
  const out = found.includes('smoke-test') ? found.filter((c) => c !== 'test') : found;
  // `prisma migrate deploy` and `sqitch deploy` migrate a database; they deploy no code.
  if (
    out.includes('migrate') &&
    out.includes('deploy') &&
    !PATTERNS.deploy.test(bounded.replace(MIGRATE_DEPLOY, ' '))
  ) {
    return out.filter((c) => c !== 'deploy');
  }
  return out;
}
