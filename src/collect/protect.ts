import type { Fact, FactValue } from '../model/fact.js';
import { isSecret } from '../model/fact.js';
import type { Skip } from '../model/snapshot.js';
import { contentKind } from '../secrets/classify.js';
import { redactText } from '../secrets/redact.js';
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
  const origin = { ...fact.origin };
  if (origin.file !== undefined) origin.file = redactRepeated(origin.file);
  if (origin.query !== undefined) origin.query = redactRepeated(origin.query);
  return {
    ...fact,
    key: redactText(fact.key),
    subject: redactRepeated(fact.subject),
    attribute: redactRepeated(fact.attribute),
    value,
    origin,
  };
}

// Subjects, attributes and files repeat across thousands of facts: each is redacted once.
const repeated = new Map<string, string>();
function redactRepeated(text: string): string {
  let out = repeated.get(text);
  if (out === undefined) {
    if (repeated.size >= 10_000) repeated.clear();
    out = redactText(text);
    repeated.set(text, out);
  }
  return out;
}

function protectFactValue(value: FactValue, fingerprint: Fingerprinter): FactValue {
  if (typeof value === 'string') {
    // The output mode hides a superset of what classify calls a credential: unchanged means plain.
    const redacted = redactText(value);
    if (redacted === value) return value;
    if (contentKind(value) === 'secret') return secretValue(value, fingerprint, secretHint(value));
    return redacted;
  }
  if (Array.isArray(value)) return value.map((v) => redactText(v));
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
