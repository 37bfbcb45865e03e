/**
 * How much an IAM grant allows, compared by wildcard containment: `s3:*` covers `s3:GetObject`,
 * `arn:aws:s3:::shop-*` covers `arn:aws:s3:::shop-assets/*`. Pure helpers for the IAM rules.
 */

/** One `<action> <resource>[ to <principals>][ if <conditions>]` grant, as the terraform source writes it. */
export interface Grant {
  action: string;
  resource: string;
  principals: string[];
  conditions: string[];
  text: string;
}

const MAX_PATTERN = 512;

/** Environment names and their usual short forms, replaced so both sides' ARNs line up. */
function environmentWords(name: string): string[] {
  const n = name.toLowerCase();
  if (/^(prod|prd|production|live)/.test(n)) return [n, 'production', 'prod', 'prd'];
  if (/^(stag|stg)/.test(n)) return [n, 'staging', 'stage', 'stg'];
  return [n];
}

/** An ARN or principal with the account id and the environment's name made neutral. */
export function neutral(text: string, environment: string): string {
  let out = text.replace(/(^|[^0-9])\d{12}(?=$|[^0-9])/g, '$1{account}');
  for (const word of environmentWords(environment)) {
    if (word === '') continue;
    const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(new RegExp(`(^|[^a-z0-9])${escaped}(?=$|[^a-z0-9])`, 'gi'), '$1{env}');
  }
  return out;
}

export function parseGrant(text: string, environment: string): Grant {
  const [action = '', resource = '', ...rest] = text.split(' ');
  const principals: string[] = [];
  const conditions: string[] = [];
  for (let i = 0; i < rest.length; i += 2) {
    const list = (rest[i + 1] ?? '').split(',').filter((x) => x !== '');
    if (rest[i] === 'to') principals.push(...list.map((p) => neutral(p, environment)));
    if (rest[i] === 'if') conditions.push(...list);
  }
  return {
    action: action.toLowerCase(),
    resource: neutral(resource, environment),
    principals,
    conditions,
    text,
  };
}

/** Does `a` allow at least everything `b` allows? Conditions on `a` must also be on `b`. */
export function grantCovers(a: Grant, b: Grant): boolean {
  if (!listCovers(a.action, b.action) || !listCovers(a.resource, b.resource)) return false;
  if (a.principals.length > 0 || b.principals.length > 0) {
    if (b.principals.length === 0) return false; // a limits who; b does not say
    if (
      a.principals.length > 0 &&
      !b.principals.every((p) => a.principals.some((q) => principalCovers(q, p)))
    ) {
      return false;
    }
  }
  return a.conditions.every((c) => b.conditions.includes(c));
}

function principalCovers(a: string, b: string): boolean {
  if (a === '*' || a === 'AWS:*') return true;
  if (b === '*' || b === 'AWS:*') return false;
  return patternCovers(a, b);
}

/**
 * Containment of one side of a grant, `not:` lists included: `not:X` allows everything X does not
 * touch, so it covers what overlaps none of X, and is covered only by `*` or a smaller exclusion.
 */
export function listCovers(a: string, b: string): boolean {
  if (a === '*') return true;
  const aNot = a.startsWith('not:') ? a.slice(4).split(',') : undefined;
  const bNot = b.startsWith('not:') ? b.slice(4).split(',') : undefined;
  if (bNot) return aNot?.every((x) => bNot.some((y) => patternCovers(y, x))) ?? false;
  if (aNot) return !aNot.some((x) => patternCovers(x, b) || patternCovers(b, x));
  return patternCovers(a, b);
}

/**
 * Does glob `pattern` match every string glob `text` matches? `*` in the pattern matches any run,
 * wildcards in the text only by `*`; `?` matches one character that is not a wildcard.
 */
export function patternCovers(pattern: string, text: string): boolean {
  if (pattern === text) return true;
  if (pattern.length > MAX_PATTERN || text.length > MAX_PATTERN) return false;
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    const pc = pattern[p];
    const tc = text[t];
    if (pc === '*') {
      star = p++;
      mark = t;
    } else if (pc !== undefined && (pc === tc || (pc === '?' && tc !== '*' && tc !== '?'))) {
      p++;
      t++;
    } else if (star !== -1) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/** Items of `candidate` that no item of `baseline` covers. */
export function uncovered(candidate: readonly Grant[], baseline: readonly Grant[]): Grant[] {
  return candidate.filter((c) => !baseline.some((b) => grantCovers(b, c)));
}

/** A grant as people read it: `s3:GetObject on arn:aws:s3:::bucket/* to anyone (if aws:SourceVpc)`. */
export function describeGrant(grant: Grant): string {
  const [action = '', resource = '', ...rest] = grant.text.split(' ');
  let out = resource === '' ? action : `${action} on ${resource}`;
  for (let i = 0; i < rest.length; i += 2) {
    const list = rest[i + 1] ?? '';
    if (rest[i] === 'to') out += ` to ${list === '*' || list === 'AWS:*' ? 'anyone' : list}`;
    if (rest[i] === 'if') out += ` (if ${list})`;
  }
  return out;
}
