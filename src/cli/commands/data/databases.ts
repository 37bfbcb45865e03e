import { existsSync } from 'node:fs';
import { DEFAULT_CONFIG_FILE } from '../../../config/load.js';
import type { Policy } from '../../../config/policy.js';
import { ConfigError, configErrors, UsageError } from '../../../errors.js';

/** One database the data commands connect to, and where its URL came from (never the URL itself). */
export interface DataTarget {
  name: string;
  url: string;
  production: boolean;
  /** `--baseline-url`, `$PARITY_BASELINE_DATABASE_URL` or `parity.yaml:LINE (source orders-db)`. */
  from: string;
}

export interface TargetFlags {
  baselineUrl?: string | undefined;
  candidateUrl?: string | undefined;
  baselineName?: string | undefined;
  candidateName?: string | undefined;
  config?: string | undefined;
  /** The postgres source id to take when an environment declares several. */
  source?: string | undefined;
}

export interface TargetNames {
  /** Flag names as this command spells them, for messages. */
  baselineFlag: string;
  candidateFlag: string;
  baselineVariable: string;
  candidateVariable: string;
}

export const PLANS_NAMES: TargetNames = {
  baselineFlag: '--baseline-url',
  candidateFlag: '--candidate-url',
  baselineVariable: 'PARITY_BASELINE_DATABASE_URL',
  candidateVariable: 'PARITY_CANDIDATE_DATABASE_URL',
};

/**
 * The baseline's and the candidate's databases for `data plans` and `data rehearse`: each side's URL
 * from its flag, else its environment variable, else the environment's `postgres` source in
 * parity.yaml (`--config`, or ./parity.yaml when it exists). parity.yaml is read only when a side
 * still lacks a URL, so the flags keep working without one. `optional` sides may stay undefined.
 */
/** `optional`: taken from parity.yaml when it declares one, else left out (with a note when declared but unusable). */
export type Need = 'required' | 'optional' | 'no';

export interface Targets {
  baseline?: DataTarget;
  candidate?: DataTarget;
  policy?: Policy;
  notes: string[];
}

export async function resolveTargets(
  flags: TargetFlags,
  names: TargetNames,
  need: { baseline: Need; candidate: Need },
): Promise<Targets> {
  const baselineUrl = flags.baselineUrl ?? (process.env[names.baselineVariable] || undefined);
  const candidateUrl = flags.candidateUrl ?? (process.env[names.candidateVariable] || undefined);
  const from = (flag: string | undefined, flagName: string, variable: string) =>
    flag !== undefined ? flagName : `$${variable}`;
  const missingBaseline = need.baseline === 'required' && !baselineUrl;
  const missingCandidate = need.candidate === 'required' && !candidateUrl;
  const wantsCandidate = need.candidate !== 'no' && !candidateUrl;
  const configFile = flags.config ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
  let policy: Policy | undefined;
  if (configFile && (missingBaseline || missingCandidate || wantsCandidate || flags.config)) {
    const { readPolicy } = await import('../shared.js');
    policy = await readPolicy(configFile);
  }
  if ((missingBaseline || missingCandidate) && !policy)
    throw new UsageError(
      `no database to connect to: pass ${[missingBaseline && names.baselineFlag, missingCandidate && names.candidateFlag].filter(Boolean).join(' and ')} (or $${missingBaseline ? names.baselineVariable : names.candidateVariable}), or run where a parity.yaml declares a postgres source for each environment (--config FILE)`,
    );
  const baselineName = flags.baselineName ?? policy?.baseline ?? 'production';
  const candidateName = flags.candidateName ?? (policy ? onlyCandidate(policy, baselineName) : 'staging');
  const result: Targets = { notes: [] };
  if (policy) {
    result.policy = policy;
    for (const name of [baselineName, candidateName])
      if (!policy.environments[name])
        throw new UsageError(
          `${name} is not an environment of ${policy.file} (it declares ${Object.keys(policy.environments).join(', ')})`,
        );
  }
  const production = (name: string, fallback: boolean) => policy?.environments[name]?.production ?? fallback;
  if (baselineUrl)
    result.baseline = {
      name: baselineName,
      url: baselineUrl,
      // The baseline is handled as production whatever parity.yaml says: the cautious side.
      production: true,
      from: from(flags.baselineUrl, names.baselineFlag, names.baselineVariable),
    };
  else if (need.baseline === 'required')
    result.baseline = fromPolicy(policy!, baselineName, flags.source, true);
  if (candidateUrl)
    result.candidate = {
      name: candidateName,
      url: candidateUrl,
      production: production(candidateName, false),
      from: from(flags.candidateUrl, names.candidateFlag, names.candidateVariable),
    };
  else if (need.candidate === 'required')
    result.candidate = fromPolicy(policy!, candidateName, flags.source, false);
  else if (need.candidate === 'optional' && policy) {
    const env = policy.environments[candidateName]!;
    const declared = [...env.sources, ...env.unavailable].some((s) => s.kind === 'postgres');
    if (declared) {
      try {
        result.candidate = fromPolicy(policy, candidateName, flags.source, false);
      } catch (error) {
        result.notes.push(`${candidateName}'s database is left out: ${(error as Error).message}`);
      }
    }
  }
  return result;
}

/** The one environment that is not the baseline, or a usage error naming the choices. */
function onlyCandidate(policy: Policy, baseline: string): string {
  const others = Object.keys(policy.environments).filter((n) => n !== baseline);
  if (others.length === 1) return others[0]!;
  throw new UsageError(
    `${policy.file} declares ${others.length} environments besides the baseline ${baseline} (${others.join(', ')}): say which to compare with --candidate-name NAME`,
  );
}

function fromPolicy(
  policy: Policy,
  name: string,
  sourceId: string | undefined,
  baseline: boolean,
): DataTarget {
  const env = policy.environments[name];
  if (!env)
    throw new UsageError(
      `${name} is not an environment of ${policy.file} (it declares ${Object.keys(policy.environments).join(', ')})`,
    );
  const all = env.sources.filter((s) => s.kind === 'postgres');
  const chosen = sourceId ? all.filter((s) => s.id === sourceId) : all;
  if (chosen.length === 1) {
    const source = chosen[0]!;
    const url = source.options.url;
    if (typeof url !== 'string' || !url)
      throw new ConfigError(
        `the postgres source ${source.id} of ${name} has no url`,
        policy.file,
        source.line,
      );
    return {
      name,
      url,
      production: baseline || env.production,
      from: `${policy.file}${source.line ? `:${source.line}` : ''} (source ${source.id})`,
    };
  }
  if (chosen.length > 1)
    throw new UsageError(
      `${name} declares ${chosen.length} postgres sources in ${policy.file} (${chosen.map((s) => s.id).join(', ')}): say which with --source ID`,
    );
  const unavailable = env.unavailable.find(
    (u) => u.kind === 'postgres' && (!sourceId || u.source === sourceId),
  );
  if (unavailable)
    throw new ConfigError(
      `the postgres source ${unavailable.source} of ${name} cannot run: ${unavailable.reason}`,
      policy.file,
      unavailable.line,
    );
  if (env.problems.length) throw configErrors(env.problems.map((p) => ({ ...p, file: policy.file })));
  throw new UsageError(
    `${name} has no postgres source${sourceId ? ` with id ${sourceId}` : ''} in ${policy.file}: add one (kind: postgres, url: \${VAR}) or pass the URL as a flag`,
  );
}
