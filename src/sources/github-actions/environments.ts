import { z } from 'zod';

/**
 * The `environment` option shared by the CI and deploy-log sources: which CI environment names
 * (GitHub `environment:`, GitLab `environment:`, a log's environment field) belong to the parity
 * environment the source entry sits under. `*` matches any run of characters.
 */
export const EnvironmentOption = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);
export type EnvironmentOption = z.infer<typeof EnvironmentOption>;

/** Names teams give the same environment; the parity environment's name selects its whole group. */
const ALIASES: readonly (readonly string[])[] = [
  ['production', 'prod', 'prd', 'live'],
  ['staging', 'stage', 'stg', 'stag'],
  ['development', 'dev'],
  ['testing', 'test'],
];
/** GitLab's deployment tiers: a job deploying `eu-prod` with `deployment_tier: production` is production. */
const TIERS = new Set(['production', 'staging', 'testing', 'development']);

export interface EnvironmentSelection {
  /** The names as configured (or defaulted), for messages. */
  shown: readonly string[];
  matches(name: string, tier?: string): boolean;
}

/** The selection for one source entry: the option, or the parity environment's name and its aliases. */
export function environmentSelection(
  parityEnvironment: string,
  option?: EnvironmentOption,
): EnvironmentSelection {
  if (option !== undefined) {
    const shown = typeof option === 'string' ? [option] : [...option];
    const patterns = shown.map(globPattern);
    return { shown, matches: (name) => patterns.some((p) => p.test(name.trim())) };
  }
  const own = parityEnvironment.trim().toLowerCase();
  const group = ALIASES.find((g) => g.includes(own)) ?? [own];
  const names = new Set(group);
  const tier = TIERS.has(group[0] ?? '') ? group[0] : undefined;
  return {
    shown: [...group],
    matches: (name, candidateTier) =>
      names.has(name.trim().toLowerCase()) ||
      (tier !== undefined && candidateTier?.trim().toLowerCase() === tier),
  };
}

function globPattern(glob: string): RegExp {
  const escaped = glob
    .trim()
    .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

/**
 * The `with:` input through which a job calling a reusable workflow names the environment it
 * deploys (`with: environment: prod`, `deploy_env`, `target-environment`, `environment_name`).
 */
export const ENVIRONMENT_INPUT = /^(?:target[-_]?|deploy(?:ment)?[-_]?)?env(?:ironment)?(?:[-_]?name)?$/i;

/** The text of a calling job's environment input, if it passes one. */
export function environmentInput(withs: Record<string, unknown> | undefined): string | undefined {
  for (const [key, value] of Object.entries(withs ?? {})) {
    if (ENVIRONMENT_INPUT.test(key) && (typeof value === 'string' || typeof value === 'number'))
      return String(value);
  }
  return undefined;
}
