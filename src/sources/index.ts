import { accessLogSource } from './access-log/index.js';
import { alertmanagerSource } from './alertmanager/index.js';
import { composeSource } from './compose/index.js';
import { deployLogSource } from './deploy-log/index.js';
import { dockerfileSource } from './dockerfile/index.js';
import { dotenvSource } from './dotenv/index.js';
import { envRefsSource } from './env-refs/index.js';
import { featureFlagsSource } from './feature-flags/index.js';
import { githubActionsSource } from './github-actions/index.js';
import { gitlabCiSource } from './gitlab-ci/index.js';
import { helmValuesSource } from './helm-values/index.js';
import { helmfileSource } from './helmfile/index.js';
import { kubernetesSource } from './kubernetes/index.js';
import { kustomizeSource } from './kustomize/index.js';
import { otelCollectorSource } from './otel-collector/index.js';
import { postgresSource } from './postgres/index.js';
import { prometheusSource } from './prometheus/index.js';
import { prometheusRulesSource } from './prometheus-rules/index.js';
import { pulumiSource } from './pulumi/index.js';
import { terraformSource } from './terraform/index.js';
import { terraformVarsSource } from './terraform-vars/index.js';
import type { SourceModule } from './types.js';

// biome-ignore lint/suspicious/noExplicitAny: each source has its own options type; the config loader validates them with the source's own schema before collect() sees them.
type AnySource = SourceModule<any>;

/**
 * The explicit registry of source kinds. Adding a source: copy `_template`, fill it, add it here.
 * Nothing registers itself at import time; src/sources/index.test.ts checks every entry.
 */
/**
 * Looked up by a kind a user wrote (`kind: constructor`, `parity sources valueOf`): a prototype-free
 * object, so no name of Object.prototype is a kind.
 */
export const sources: Record<string, AnySource> = withoutPrototype({
  'access-log': accessLogSource,
  alertmanager: alertmanagerSource,
  compose: composeSource,
  'deploy-log': deployLogSource,
  dockerfile: dockerfileSource,
  dotenv: dotenvSource,
  'env-refs': envRefsSource,
  'feature-flags': featureFlagsSource,
  'github-actions': githubActionsSource,
  'gitlab-ci': gitlabCiSource,
  'helm-values': helmValuesSource,
  helmfile: helmfileSource,
  kubernetes: kubernetesSource,
  kustomize: kustomizeSource,
  'otel-collector': otelCollectorSource,
  postgres: postgresSource,
  prometheus: prometheusSource,
  'prometheus-rules': prometheusRulesSource,
  pulumi: pulumiSource,
  terraform: terraformSource,
  'terraform-vars': terraformVarsSource,
});

export function sourceKinds(): string[] {
  return Object.keys(sources).sort();
}

export function withoutPrototype<T>(entries: Record<string, T>): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, entries);
}
