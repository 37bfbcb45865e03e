import type { Fact } from '../model/fact.js';
import { makeFact } from '../model/make-fact.js';
import { isBuildInlined } from '../sources/build-inlined.js';

/**
 * `config/scope/<NAME>`: where a variable is set: at build (Dockerfile ARG), at runtime (env of a
 * workload, dotenv, image ENV) or both. Only for names that are build-related somewhere in this
 * environment, or inlined at build by their prefix; the rest are plainly runtime.
 */
export function variableScopes(facts: readonly Fact[]): Fact[] {
  const build = new Map<string, Fact>();
  const runtime = new Map<string, Fact>();
  for (const fact of facts) {
    if (fact.dimension !== 'config') continue;
    // The key's second segment, without splitting the key (every config fact of an estate passes here).
    const first = fact.key.indexOf('/');
    const end = first < 0 ? -1 : fact.key.indexOf('/', first + 1);
    const kind = first < 0 ? undefined : fact.key.slice(first + 1, end < 0 ? undefined : end);
    if (kind === 'build-arg' || kind === 'build-inlined') {
      if (!build.has(fact.attribute)) build.set(fact.attribute, fact);
    } else if (kind === 'env') {
      if (!runtime.has(fact.attribute)) runtime.set(fact.attribute, fact);
    }
  }
  const names = new Set([...build.keys(), ...[...runtime.keys()].filter(isBuildInlined)]);
  const out: Fact[] = [];
  for (const name of [...names].sort()) {
    const b = build.get(name);
    const r = runtime.get(name);
    const scope = b && r ? 'build+runtime' : b ? 'build' : 'runtime';
    out.push(
      makeFact({
        dimension: 'config',
        path: ['scope', name],
        subject: 'scope',
        value: scope,
        origin: (r ?? b)!.origin,
      }),
    );
  }
  return out;
}
