import { MAX_VARIANTS, product } from '../github-actions/variants.js';
import { asList, asObj, asText, type Obj, shortText, typeName } from '../shape.js';
import { variableValues } from './variables.js';

export interface EnvironmentVariant {
  /** Tells `parallel:matrix` variants apart: the environment they deploy. */
  suffix: string;
  environment?: string;
  tier?: string;
  /** Names an environment the files cannot resolve (a review app, an undeclared variable). */
  unknown?: boolean;
}

const VARIABLE = /\$\{?(\w+)\}?/g;

/**
 * The environment(s) a job deploys: `environment:` as a name or `{name, action, deployment_tier}`,
 * variables expanded from the file and from `parallel:matrix`. `action: stop` tears an
 * environment down: such a job is no part of its deploy pipeline.
 */
export function environmentOf(
  job: Obj,
  variables: Obj,
  skip: (reason: string) => void,
): EnvironmentVariant[] | 'stop' {
  const env = job.environment;
  if (env === undefined || env === null) return [{ suffix: '' }];
  const obj = asObj(env);
  const name = asText(env) ?? asText(obj?.name);
  if (name === undefined) {
    skip(`environment: expected a name or {name, action, deployment_tier}, got ${typeName(env)}`);
    return [{ suffix: '' }];
  }
  const action = asText(obj?.action) ?? 'start';
  if (action === 'stop') return 'stop';
  const tier = asText(obj?.deployment_tier);
  const known = variableValues(variables);
  const matrix = matrixValues(job);
  const read = [...new Set([...name.matchAll(VARIABLE)].map((m) => m[1]!))];
  const axes = read.filter((v) => matrix.has(v));
  const variants: EnvironmentVariant[] = [];
  for (const combination of product(axes.map((a) => matrix.get(a)!))) {
    const bound = new Map(known);
    for (const [i, a] of axes.entries()) bound.set(a, combination[i]!);
    const { text, missing } = expand(name, bound);
    const variant: EnvironmentVariant = { suffix: axes.length > 0 ? text : '' };
    if (tier) variant.tier = tier;
    if (missing.length === 0 && text.trim() !== '') variant.environment = text;
    else {
      variant.unknown = true;
      // Review apps (`review/$CI_COMMIT_REF_SLUG`) are dynamic by design: no skip for them.
      if (!missing.every((m) => m.startsWith('CI_'))) {
        skip(
          `environment \`${shortText(name)}\` uses $${missing.join(', $')}, which the files do not define; the job is not counted as any environment's deploy`,
        );
      }
    }
    if (!variants.some((v) => v.suffix === variant.suffix)) variants.push(variant);
    if (variants.length >= MAX_VARIANTS) break;
  }
  return variants.length > 0 ? variants : [{ suffix: '', unknown: true }];
}

function expand(text: string, values: ReadonlyMap<string, string>): { text: string; missing: string[] } {
  const missing = new Set<string>();
  let out = text;
  // Variables may name variables (`ENV: $TARGET`); three rounds cover real files without looping.
  for (let round = 0; round < 3 && out.includes('$'); round++) {
    missing.clear();
    out = out.replace(VARIABLE, (whole, name: string) => {
      const value = values.get(name);
      if (value === undefined) missing.add(name);
      return value ?? whole;
    });
  }
  return { text: out, missing: [...missing] };
}

/** `parallel: matrix:` as variable -> values (each entry's values are lists or single values). */
function matrixValues(job: Obj): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const entry of asList(asObj(job.parallel)?.matrix)) {
    for (const [key, value] of Object.entries(asObj(entry) ?? {})) {
      const values = (Array.isArray(value) ? value : [value])
        .map(asText)
        .filter((v): v is string => v !== undefined);
      out.set(key, [...new Set([...(out.get(key) ?? []), ...values])]);
    }
  }
  return out;
}
