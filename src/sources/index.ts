import { accessLogSource } from './access-log/index.js';
import { alertmanagerDetector } from './alertmanager/detect.js';
import { alertmanagerSource } from './alertmanager/index.js';
import { composeDetector } from './compose/detect.js';
import { composeSource } from './compose/index.js';
import { deployLogSource } from './deploy-log/index.js';
import type { SourceDetection } from './detection.js';
import { dockerfileDetector } from './dockerfile/detect.js';
import { dockerfileSource } from './dockerfile/index.js';
import { dotenvDetector } from './dotenv/detect.js';
import { dotenvSource } from './dotenv/index.js';
import { envRefsDetector } from './env-refs/detect.js';
import { envRefsSource } from './env-refs/index.js';
import { featureFlagsDetector } from './feature-flags/detect.js';
import { featureFlagsSource } from './feature-flags/index.js';
import { githubActionsDetector } from './github-actions/detect.js';
import { githubActionsSource } from './github-actions/index.js';
import { gitlabCiDetector } from './gitlab-ci/detect.js';
import { gitlabCiSource } from './gitlab-ci/index.js';
import { helmValuesDetector } from './helm-values/detect.js';
import { helmValuesSource } from './helm-values/index.js';
import { helmfileDetector } from './helmfile/detect.js';
import { helmfileSource } from './helmfile/index.js';
import { kubernetesDetector } from './kubernetes/detect.js';
import { kubernetesSource } from './kubernetes/index.js';
import { kustomizeDetector } from './kustomize/detect.js';
import { kustomizeSource } from './kustomize/index.js';
import { otelCollectorDetector } from './otel-collector/detect.js';
import { otelCollectorSource } from './otel-collector/index.js';
import { postgresDetector } from './postgres/detect.js';
import { postgresSource } from './postgres/index.js';
import { prometheusSource } from './prometheus/index.js';
import { prometheusRulesDetector } from './prometheus-rules/detect.js';
import { prometheusRulesSource } from './prometheus-rules/index.js';
import { pulumiDetector } from './pulumi/detect.js';
import { pulumiSource } from './pulumi/index.js';
import { terraformDetector } from './terraform/detect.js';
import { terraformSource } from './terraform/index.js';
import { terraformVarsDetector } from './terraform-vars/detect.js';
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

const LOGS =
  'logs are exported from a running system, not kept beside the configuration; point the source at an export';

/**
 * How `parity init` finds each kind in a repository (src/sources/detection.ts): a detector from
 * the source's own `detect.ts`, or why the kind cannot be found in files. Every kind that reads
 * files has an entry (src/sources/index.test.ts); `init` runs them in this order.
 */
export const detectors: Record<string, SourceDetection> = withoutPrototype({
  'access-log': { notDetectable: LOGS },
  alertmanager: alertmanagerDetector,
  compose: composeDetector,
  'deploy-log': { notDetectable: LOGS },
  dockerfile: dockerfileDetector,
  dotenv: dotenvDetector,
  'env-refs': envRefsDetector,
  'feature-flags': featureFlagsDetector,
  'github-actions': githubActionsDetector,
  'gitlab-ci': gitlabCiDetector,
  'helm-values': helmValuesDetector,
  helmfile: helmfileDetector,
  kubernetes: kubernetesDetector,
  kustomize: kustomizeDetector,
  'otel-collector': otelCollectorDetector,
  postgres: postgresDetector,
  prometheus: {
    notDetectable: 'a live Prometheus is reached by URL; nothing in a repository says where it runs',
  },
  'prometheus-rules': prometheusRulesDetector,
  pulumi: pulumiDetector,
  terraform: terraformDetector,
  'terraform-vars': terraformVarsDetector,
});

export function sourceKinds(): string[] {
  return Object.keys(sources).sort();
}

function withoutPrototype<T>(entries: Record<string, T>): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, entries);
}
