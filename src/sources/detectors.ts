import { alertmanagerDetector } from './alertmanager/detect.js';
import { composeDetector } from './compose/detect.js';
import type { SourceDetection } from './detection.js';
import { dockerfileDetector } from './dockerfile/detect.js';
import { dotenvDetector } from './dotenv/detect.js';
import { envRefsDetector } from './env-refs/detect.js';
import { featureFlagsDetector } from './feature-flags/detect.js';
import { githubActionsDetector } from './github-actions/detect.js';
import { gitlabCiDetector } from './gitlab-ci/detect.js';
import { helmValuesDetector } from './helm-values/detect.js';
import { helmfileDetector } from './helmfile/detect.js';
import { withoutPrototype } from './index.js';
import { kubernetesDetector } from './kubernetes/detect.js';
import { kustomizeDetector } from './kustomize/detect.js';
import { otelCollectorDetector } from './otel-collector/detect.js';
import { postgresDetector } from './postgres/detect.js';
import { prometheusRulesDetector } from './prometheus-rules/detect.js';
import { pulumiDetector } from './pulumi/detect.js';
import { terraformDetector } from './terraform/detect.js';
import { terraformVarsDetector } from './terraform-vars/detect.js';

const LOGS =
  'logs are exported from a running system, not kept beside the configuration; point the source at an export';

/**
 * How `parity init` finds each kind in a repository (src/sources/detection.ts): a detector from
 * the source's own `detect.ts`, or why the kind cannot be found in files. Every kind that reads
 * files has an entry (src/sources/detection.test.ts); `init` runs them in this order. A module of
 * its own, beside the registry of sources: only `init` loads the detectors, not every audit.
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
