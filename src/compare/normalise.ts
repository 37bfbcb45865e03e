import type { RenameRule } from '../config/policy.js';
import type { Fact } from '../model/fact.js';

/**
 * Applies the declared renames to every name segment of a key (never to the dimension), so
 * `infra/workload/checkout-stg/replicas` and `infra/workload/checkout-prd/replicas` pair up.
 */
export function normaliseKey(
  key: string,
  rename: readonly RenameRule[],
  memo: Map<string, string> = new Map(),
): string {
  // Traffic keys hold URL templates, not names of things: renaming their segments would corrupt them.
  if (rename.length === 0 || key.startsWith('traffic/')) return key;
  const parts = key.split('/');
  let changed = false;
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i]!;
    const renamed = renameCached(part, rename, memo);
    if (renamed !== part) {
      parts[i] = renamed;
      changed = true;
    }
  }
  // Most keys of the baseline rename nothing: the key itself, not a copy joined again.
  return changed ? parts.join('/') : key;
}

function renameCached(name: string, rename: readonly RenameRule[], memo: Map<string, string>): string {
  let renamed = memo.get(name);
  if (renamed === undefined) {
    renamed = normaliseName(name, rename);
    memo.set(name, renamed);
  }
  return renamed;
}

export function normaliseName(name: string, rename: readonly RenameRule[]): string {
  let out = name;
  for (const r of rename) out = out.replace(r.match, r.replace);
  return out === '' ? name : out;
}

/**
 * Indexes one environment's facts by normalised key. Two facts with one key: sets are merged
 * (registries from two sources), otherwise the first source listed wins.
 */
export function indexFacts(facts: readonly Fact[], rename: readonly RenameRule[]): Map<string, Fact> {
  const out = new Map<string, Fact>();
  // Segments repeat (workload names, `env`, `container`): rename each distinct one once.
  const memo = new Map<string, string>();
  for (const fact of facts) {
    const key = normaliseKey(fact.key, rename, memo);
    const seen = out.get(key);
    if (!seen) {
      out.set(
        key,
        key === fact.key ? fact : { ...fact, key, subject: renameCached(fact.subject, rename, memo) },
      );
    } else if (seen.compare === 'set' && Array.isArray(seen.value) && Array.isArray(fact.value)) {
      out.set(key, { ...seen, value: [...new Set([...seen.value, ...fact.value])].sort() });
    }
  }
  return out;
}
