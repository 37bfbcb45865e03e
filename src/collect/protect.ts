import type { Fact, FactValue } from '../model/fact.js';
import { isSecret } from '../model/fact.js';
import type { Skip } from '../model/snapshot.js';
import { contentKind } from '../secrets/classify.js';
import { redactRepeated, redactText } from '../secrets/redact.js';
import { secretHint, secretValue } from '../sources/secrets.js';
import type { Fingerprinter } from '../sources/types.js';

/**
 * The gate at the edge of every source: a fact whose value holds a credential by content (a probe
 * path with `?token=`, a CHECK constraint quoting a password, a Bearer header) becomes a
 * fingerprint even when its source did not ask; every other string in a fact or a skip is
 * redacted. So a snapshot holds no secret whichever source read it.
 */
export function protectFact(fact: Fact, fingerprint: Fingerprinter): Fact {
  const value = protectFactValue(fact.value, fingerprint);
  // Subjects, attributes, files and values repeat across thousands of facts (and both
  // environments): redacted once each through the shared cache. Keys are nearly all distinct.
  const key = redactText(fact.key);
  const subject = redactRepeated(fact.subject);
  const attribute = redactRepeated(fact.attribute);
  const file = fact.origin.file === undefined ? undefined : redactRepeated(fact.origin.file);
  const query = fact.origin.query === undefined ? undefined : redactRepeated(fact.origin.query);
  // Nearly every fact holds nothing to hide: it is kept as it is, not copied (an estate of 2 x 2,000
  // workloads has ~110,000 facts; two objects fewer each is less to allocate and collect).
  if (
    value === fact.value &&
    key === fact.key &&
    subject === fact.subject &&
    attribute === fact.attribute &&
    file === fact.origin.file &&
    query === fact.origin.query
  )
    return fact;
  const origin = { ...fact.origin };
  if (file !== undefined) origin.file = file;
  if (query !== undefined) origin.query = query;
  return { ...fact, key, subject, attribute, value, origin };
}

function protectFactValue(value: FactValue, fingerprint: Fingerprinter): FactValue {
  if (typeof value === 'string') {
    // The output mode hides a superset of what classify calls a credential: unchanged means plain.
    const redacted = redactRepeated(value);
    if (redacted === value) return value;
    if (contentKind(value) === 'secret') return secretValue(value, fingerprint, secretHint(value));
    return redacted;
  }
  if (Array.isArray(value)) {
    const redacted = value.map((v) => redactRepeated(v));
    return redacted.every((v, i) => v === value[i]) ? value : redacted;
  }
  if (isSecret(value) && value.redacted !== undefined)
    return { ...value, redacted: redactText(value.redacted) };
  return value;
}

/** A skip's reason and file, redacted: a parser error can quote the line it failed on. */
export function protectSkip(skip: Skip): Skip {
  return {
    ...skip,
    reason: redactText(skip.reason),
    ...(skip.file !== undefined ? { file: redactText(skip.file) } : {}),
  };
}
