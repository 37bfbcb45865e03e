import type { Fact } from '../../model/fact.js';
import { isSecret } from '../../model/secret.js';
import { anyFact, pairKind, sidesOf } from '../../rule-kit/helpers.js';
import type { Finding, Rule } from '../../rule-kit/types.js';
import { formatValue } from '../../rule-kit/values.js';

function secretsByFingerprint(map: ReadonlyMap<string, Fact>): Map<string, Fact[]> {
  const out = new Map<string, Fact[]>();
  for (const fact of map.values()) {
    if (!isSecret(fact.value) || fact.value.fingerprint === '') continue;
    const list = out.get(fact.value.fingerprint) ?? [];
    list.push(fact);
    out.set(fact.value.fingerprint, list);
  }
  return out;
}

/** Where a fact was read (file and line), when it was read from a file. */
function place(fact: Fact): string | undefined {
  return fact.origin.file === undefined ? undefined : `${fact.origin.file}:${fact.origin.line ?? ''}`;
}

/**
 * A fact of each side, each read from a place the other side did not read the value from. A value
 * both sides read from the same lines (a base file, a Dockerfile every environment builds) is one
 * place, not two environments sharing, under whatever keys it lands (`ARG X=v` and `ENV Y=$X`).
 */
function sharedPair(baseline: readonly Fact[], candidate: readonly Fact[]): [Fact, Fact] | undefined {
  const basePlaces = new Set(baseline.map(place));
  const candidatePlaces = new Set(candidate.map(place));
  const own = (f: Fact, other: Set<string | undefined>) => {
    const p = place(f);
    return p === undefined || !other.has(p);
  };
  const c = candidate.find((f) => own(f, basePlaces));
  const b = baseline.find((f) => own(f, candidatePlaces));
  return b && c ? [b, c] : undefined;
}

function name(fact: Fact): string {
  const p = fact.key.split('/');
  return p.slice(2).join('/');
}

export const accessRules: Rule[] = [
  {
    id: 'access.secret-shared',
    dimension: 'access',
    severity: 'critical',
    title: 'The same secret value is used in both environments',
    risk: 'A credential shared with staging is as exposed as staging is: more people, weaker controls, test tooling. A leak or a staging script that writes with it reaches production.',
    remedy: 'Issue separate credentials per environment and rotate the shared one.',
    anyCoverage: true,
    scan(ctx) {
      if (!ctx.fingerprintsComparable) return [];
      const baseline = secretsByFingerprint(ctx.baseline);
      const out: Finding[] = [];
      for (const [fingerprint, candidates] of secretsByFingerprint(ctx.candidate)) {
        const matches = baseline.get(fingerprint);
        const pair = matches && sharedPair(matches, candidates);
        if (!matches || !pair) continue;
        const [b, c] = pair;
        const names = [...new Set([...candidates, ...matches].map(name))].sort();
        out.push({
          kind: 'shared',
          key: c.key,
          baseline: b,
          candidate: c,
          message: `${names.join(', ')}: ${ctx.baselineName} and ${ctx.candidateName} hold the same secret value (matched by keyed fingerprint)`,
        });
      }
      return out;
    },
  },
  {
    id: 'access.secret-missing',
    dimension: 'access',
    severity: 'high',
    title: 'A secret exists in one environment only',
    risk: 'Code that needs this credential in production runs without it in staging (a disabled integration, a fallback path), so its failure modes are first met in production.',
    remedy: 'Create the secret in staging with a staging credential.',
    appliesTo: (pair) => pair.key.startsWith('access/secret/'),
    judge(pair, ctx) {
      const kind = pairKind(pair);
      if (kind !== 'only-baseline' && kind !== 'only-candidate') return null;
      const fact = anyFact(pair);
      return {
        kind,
        severity: kind === 'only-baseline' ? 'high' : 'low',
        message: `secret ${name(fact)} exists in ${sidesOf(kind, ctx).present} only`,
      };
    },
  },
  {
    id: 'access.runs-as-root',
    dimension: 'access',
    severity: 'medium',
    title: 'The image runs as a different user',
    risk: 'File permissions, port binding and privilege errors that appear for a non-root user never appear for root, and the reverse.',
    remedy: 'Build both environments’ images with the same USER.',
    appliesTo: (pair) => pair.key === 'access/image/user',
    judge(pair, ctx) {
      const kind = pairKind(pair);
      if (kind !== 'differs') return null;
      return {
        kind,
        message: `image user: ${ctx.baselineName} ${formatValue(pair.baseline?.value)}, ${ctx.candidateName} ${formatValue(pair.candidate?.value)}`,
      };
    },
  },
];
