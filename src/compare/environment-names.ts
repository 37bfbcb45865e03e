import type { RenameRule } from '../config/policy.js';

/**
 * The words each environment's own names are written with: `staging.example.org` in staging is
 * `example.org` in production, `app-stg-db` is `app-prd-db`, `secrets.STAGING_HOST` is
 * `secrets.PROD_HOST`. Learned from the environment's name and its usual aliases, from the
 * `rename` rules, and from `tokens:` the team lists per environment in parity.yaml.
 */
export interface EnvironmentTokens {
  /** Words that name the baseline (lower case). */
  baseline: ReadonlySet<string>;
  candidate: ReadonlySet<string>;
  /** Words from `rename` rules: they name an environment, but which one the rule does not say. */
  either: ReadonlySet<string>;
  /** Each environment's own domain, learned from the values (see learnDomains). */
  domains?: readonly EnvironmentDomain[];
}

/** `staging.publishing.service.gov.uk` in staging is `gov.uk` in production. */
export interface EnvironmentDomain {
  side: 'baseline' | 'candidate';
  /** The longer name, on `side`, and what it stands for on the other side. */
  long: string;
  short: string;
  /** The environment words in the part `long` adds. */
  words: string[];
}

const HOST = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

/**
 * A domain each environment is named under, from a pair of bare host names where one is the other
 * behind an environment-named prefix: `gov.uk` / `staging.publishing.service.gov.uk` teaches that
 * `www.staging.publishing.service.gov.uk` is staging's `www.gov.uk`.
 */
export function environmentDomain(
  baseline: string,
  candidate: string,
  tokens: EnvironmentTokens,
): EnvironmentDomain | undefined {
  if (!HOST.test(baseline) || !HOST.test(candidate) || baseline === candidate) return undefined;
  const learn = (side: 'baseline' | 'candidate', long: string, short: string, own: ReadonlySet<string>) => {
    if (!long.toLowerCase().endsWith(`.${short.toLowerCase()}`)) return undefined;
    const prefix = long.slice(0, long.length - short.length - 1).toLowerCase();
    const words = (prefix.match(WORD) ?? []).filter((w) => own.has(w) || tokens.either.has(w));
    return words.length ? { side, long, short, words } : undefined;
  };
  return (
    learn('candidate', candidate, baseline, tokens.candidate) ??
    learn('baseline', baseline, candidate, tokens.baseline)
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The side's text with one learned domain written as the other side's, and the words that took. */
function withDomain(
  text: string,
  side: 'baseline' | 'candidate',
  domain: EnvironmentDomain | undefined,
): { text: string; found: string[] } {
  if (!domain || domain.side !== side) return { text, found: [] };
  const re = new RegExp(`(^|[./@])${escapeRegExp(domain.long)}(?=$|[/:?#])`, 'gi');
  const out = text.replace(re, (_m, pre: string) => `${pre}${domain.short}`);
  return { text: out, found: out === text ? [] : [...domain.words] };
}

/** Spellings teams use for the same environment. */
const ALIASES: readonly (readonly string[])[] = [
  ['production', 'prod', 'prd', 'live', 'prod01', 'prd01'],
  ['staging', 'stage', 'stg', 'stag'],
  ['preprod', 'preproduction', 'pre', 'pprd', 'pp'],
  ['development', 'dev', 'develop'],
  ['qa'],
  ['uat'],
  ['integration', 'int'],
  ['sandbox', 'sbx'],
  ['test', 'tst'],
];

const WORD = /[A-Za-z0-9]+/g;

function namesOf(environment: string, extra: readonly string[] = []): Set<string> {
  const out = new Set<string>();
  for (const word of [environment, ...(environment.match(WORD) ?? [])]) {
    const lower = word.toLowerCase();
    if (/^[a-z0-9]+$/.test(lower)) out.add(lower);
    for (const group of ALIASES) if (group.includes(lower)) for (const alias of group) out.add(alias);
  }
  for (const token of extra) out.add(token.toLowerCase());
  return out;
}

/** The literal words of a `rename` pattern (`-preprod$` -> preprod) and of its replacement. */
function renameWords(rename: readonly RenameRule[]): Set<string> {
  const out = new Set<string>();
  for (const r of rename) {
    const literal = r.match.source.replace(/^\^|\$$/g, '').replace(/\\([.\-_])/g, '$1');
    // Only a plain literal says which word names the environment; a class or group does not.
    if (/^[A-Za-z0-9_.-]+$/.test(literal))
      for (const w of literal.match(WORD) ?? []) out.add(w.toLowerCase());
    for (const w of r.replace.match(WORD) ?? []) if (!/^\d+$/.test(w)) out.add(w.toLowerCase());
  }
  return out;
}

export function environmentTokens(
  baselineName: string,
  candidateName: string,
  rename: readonly RenameRule[],
  declared: Readonly<Record<string, readonly string[]>> = {},
): EnvironmentTokens {
  const baseline = namesOf(baselineName, declared[baselineName]);
  const candidate = namesOf(candidateName, declared[candidateName]);
  // A word both environments are named by ("pre" in preprod and pre-live) says nothing.
  for (const w of [...baseline]) {
    if (candidate.has(w)) {
      baseline.delete(w);
      candidate.delete(w);
    }
  }
  const either = new Set([...renameWords(rename)].filter((w) => !baseline.has(w) && !candidate.has(w)));
  return { baseline, candidate, either };
}

/** A 12-digit AWS account id inside an ARN (`arn:aws:iam::123456789012:role/x`). */
const ARN_ACCOUNT = /^arn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:(\d{12}):/;

interface Stripped {
  /** The value's words without the environment's own (case kept), joined by one space. */
  words: string;
  /** The environment words found, lower case, in order. */
  found: string[];
}

function strip(text: string, own: ReadonlySet<string>, either: ReadonlySet<string>): Stripped {
  const found: string[] = [];
  const words: string[] = [];
  const account = ARN_ACCOUNT.exec(text)?.[1];
  for (const word of text.match(WORD) ?? []) {
    const lower = word.toLowerCase();
    if (own.has(lower) || either.has(lower)) found.push(lower);
    else if (word === account) {
      found.push('account id');
      words.push('\u0000account');
    } else words.push(word);
  }
  return { words: words.join(' '), found };
}

/** A key with the side's environment words taken out (`config/ci-env/STAGING_HOST` -> `config ci env HOST`), and whether any were. */
export function keyWithoutNames(
  key: string,
  side: 'baseline' | 'candidate',
  tokens: EnvironmentTokens,
): { words: string; named: boolean } {
  const s = strip(key, side === 'baseline' ? tokens.baseline : tokens.candidate, tokens.either);
  return { words: s.words, named: s.found.length > 0 };
}

/** The environment words found in each of two values. */
export interface EnvironmentWords {
  baseline: string[];
  candidate: string[];
}

/**
 * When two values differ only by the words that name their environments, which words those are;
 * else undefined. A value that is nothing but the environment's name (`NODE_ENV=staging`) is not
 * a name: code branches on it, so it stays a finding of its own. Separators are not compared
 * (`api-preprod.x` and `api.x`).
 */
export function environmentWords(
  baseline: string,
  candidate: string,
  tokens: EnvironmentTokens,
): EnvironmentWords | undefined {
  if (baseline === candidate) return undefined;
  // One learned domain at a time (a name may have two: gov.uk and publishing.service.gov.uk).
  for (const domain of [undefined, ...(tokens.domains ?? [])]) {
    const bd = withDomain(baseline, 'baseline', domain);
    const cd = withDomain(candidate, 'candidate', domain);
    if (domain && bd.found.length === 0 && cd.found.length === 0) continue;
    const b = strip(bd.text, tokens.baseline, tokens.either);
    const c = strip(cd.text, tokens.candidate, tokens.either);
    b.found.push(...bd.found);
    c.found.push(...cd.found);
    if (b.found.length === 0 && c.found.length === 0) continue;
    if (b.words !== c.words || b.words === '' || b.words === '\u0000account') continue;
    return { baseline: [...new Set(b.found)], candidate: [...new Set(c.found)] };
  }
  return undefined;
}
