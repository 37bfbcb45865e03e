import { hidesValue, nameKind } from './names.js';
import { PRIVATE_KEY_BLOCK, tokenShapes, WEBHOOK_SHAPES } from './shapes.js';

const TOKEN_SHAPES_RE = tokenShapes();

/** What replaces a hidden value everywhere. */
export const MASK = '****';

/**
 * `output` hides anything that might be a credential (every report, snapshot, error and file
 * Parity writes goes through it); `classify` hides only what certainly is one, so that a value
 * called a secret because of its content is a credential (access.secret-shared is CRITICAL).
 */
export type RedactMode = 'output' | 'classify';

/** `${VAR}`, `$VAR`, `{{ .Values.x }}`, `****`: nothing to hide. */
const NOT_A_VALUE =
  /^(?:true|false|null|yes|no|on|off|\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\{\{.*\}\}|(?:\\?\*)+|…|<[^<>]*>|)$/is;

function hide(value: string): string {
  return NOT_A_VALUE.test(value.trim()) ? value : MASK;
}

// scheme://user:password@host: the password may hold spaces or an unencoded `@` (the last `@`
// followed by a host ends it: greedy, as a password cannot hold `/`, it stops inside the authority); a user part alone is a token when it does not read as a user name.
const URL_PASSWORD =
  /\b([a-z][a-z0-9+.-]{1,30}:\/\/)([^\s:/@?#"'<>\\]*):([^\s/?#"'<>\\](?:[^/?#"'<>\n\\]{0,200}[^\s/?#"'<>\\])?)@(?=[A-Za-z0-9[_-][^\s@]*?(?:[:/?#\s,;"'<>)\]}]|$))/gi;
const URL_USER = /\b([a-z][a-z0-9+.-]{1,30}:\/\/)([^\s:/@?#"'<>\\]{1,300})@(?=[A-Za-z0-9[])/gi;
const PLAIN_USER = /^[A-Za-z][A-Za-z._-]{0,31}$/;

const AUTH_SCHEME = /\b(Bearer|Basic|Token|Bot|Digest|Negotiate|ApiKey)(\s+)([A-Za-z0-9._~+/=:-]{8,})/g;

// name=value, `-Dname=value`, `?name=value&`, `Name=value;` (.NET), libpq `name=value name=value`.
const VALUE = `\\$\\{[^}\\s]*\\}|"(?:[^"\\\\\\n]|\\\\.)*"|'[^'\\n]*'|[^\\s;&,'"<>)}\\]\\\\]+(?: [^\\s;&,'"<>=)}\\]\\\\]+)*(?=;)|[^\\s;&,'"<>)}\\]\\\\]+`;
const NAME_EQUALS = new RegExp(
  `(?<![A-Za-z0-9_.-])(-{0,2}[A-Za-z_][A-Za-z0-9_.-]*)(\\s*=\\s*)(${VALUE})`,
  'g',
);
// "name": "value" (JSON), 'name': 'value'.
const QUOTED_KEY = /(["'])([A-Za-z_][A-Za-z0-9_.-]*)\1(\s*:\s*)("(?:[^"\\\n]|\\.)*"|'[^'\n]*')/g;
// A YAML line holding one value: `  password: hunter2`, `X-Api-Key: abc`.
const LINE_KEY =
  /^([ \t]*(?:-[ \t]*)?)([A-Za-z_][A-Za-z0-9_.-]*)([ \t]*:[ \t]+)("[^"\n]*"|'[^'\n]*'|\S+)[ \t]*$/gm;

// `name: value` anywhere in a line; see its use.
const INLINE_KEY =
  /(?<![A-Za-z0-9_.-])([A-Za-z_][A-Za-z0-9_.-]*)([ \t]*:[ \t]+)("[^"\n]*"|'[^'\n]*'|[^\s,;]+)/g;
const VALUE_SHAPED = /^(?=.*[\d!#$%^&*+=?~@])\S{4,}$|^\S{16,}$/;
const QUERY_KEY = /^(?:key|keys|k)$/i;

// SQL from the catalogue: `CHECK ((api_key <> 'x'::text))`, `(password)::text = 'x'`.
const SQL_COMPARE =
  /(?<![A-Za-z0-9_])([A-Za-z_][A-Za-z0-9_]*)((?:\)|::[a-z ]{1,30}?)*\s*(?:=|<>|!=|~~\*?|LIKE|ILIKE)\s*\(*')((?:[^'\n]|'')*)'/gi;

// Commands that carry credentials as arguments.
const CURL_USER = /((?:^|\s)(?:-u|--user|--proxy-user)(?:\s+|=)?['"]?)([^\s:'"\\]+):([^\s'"\\]+)/g;
const REDIS_AUTH = /(\bredis-cli\b[^\n]*?\s(?:-a|--pass)\s+)([^\s\\"']+)/g;
const MYSQL_PASSWORD = /(\bmysql(?:dump|admin|import|sh)?\b[^\n]*?\s-p)(?=\S)([^\s'"\\]+|'[^']*'|"[^"]*")/g;
const SSHPASS = /(\bsshpass\s+-p\s*)([^\s\\"']+)/g;
const FLAG_VALUE =
  /((?:^|\s)--?(?:[a-z0-9]+-)*(?:password|passwd|pass|pwd|token|secret|api-key|apikey|auth-token|access-key|secret-key|private-key)\s+)(?!-)([^\s\\"']+)/gi;

/** Cheap tests that let most strings skip the expensive expressions. */
/** `[A-Za-z0-9_+-]{12}` somewhere in the text, by a loop: it runs twice on every string redacted. */
export function hasLongRun(text: string): boolean {
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // 0-9, A-Z, a-z, `_`, `+`, `-`
    if (
      (c >= 48 && c <= 57) ||
      (c >= 65 && c <= 90) ||
      (c >= 97 && c <= 122) ||
      c === 95 ||
      c === 43 ||
      c === 45
    ) {
      if (++run === 12) return true;
    } else run = 0;
  }
  return false;
}
const COMMAND_HINT = /(?:^|\s)-|redis-cli|mysql|sshpass/;

const BASE64_BLOB = /(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{16,}={0,2}(?![A-Za-z0-9+/=_-])/g;

/**
 * Hides every credential in a piece of text: known token shapes anywhere in it, private key blocks,
 * passwords in URLs, `name=value` and `"name": value` pairs whose name is a credential's, auth
 * headers, command-line credentials, and base64 blobs that decode to any of these.
 * @example redactText('curl -H "Authorization: Bearer ghp_x..." https://u:pw@h/') // 'curl -H "Authorization: Bearer ****" https://u:****@h/'
 */
export function redactText(text: string, mode: RedactMode = 'output'): string {
  if (text.length < 6) return text;
  let out = text;
  if (out.includes('-----BEGIN'))
    out = out.replace(PRIVATE_KEY_BLOCK, (_, label: string) => `-----BEGIN ${label}-----${MASK}`);
  if (/hooks\.slack|discord|outlook\.office/.test(out))
    for (const re of WEBHOOK_SHAPES) out = out.replace(re, (_, host: string) => `${host}${MASK}`);
  if (out.includes('://')) {
    out = out.replace(URL_PASSWORD, (whole, scheme: string, user: string, pw: string) =>
      hide(pw) === pw ? whole : `${scheme}${user}:${MASK}@`,
    );
    out = out.replace(URL_USER, (whole, scheme: string, user: string) =>
      PLAIN_USER.test(user) || hide(user) === user ? whole : `${scheme}${MASK}@`,
    );
  }
  if (hasLongRun(out)) out = out.replace(TOKEN_SHAPES_RE, MASK);
  if (/Bearer|Basic|Token|Bot|Digest|Negotiate|ApiKey/.test(out))
    out = out.replace(AUTH_SCHEME, (whole, scheme: string, space: string, token: string) =>
      /[\d._~+/=:-]/.test(token) || token.length >= 20 ? `${scheme}${space}${MASK}` : whole,
    );
  const hidden = mode === 'output' ? hidesValue : (name: string) => nameKind(name) === 'credential';
  if (out.includes('='))
    out = out.replace(
      NAME_EQUALS,
      (whole, name: string, eq: string, value: string, offset: number, all: string) =>
        // `?key=` in a URL is an API key (Google's style), though a bare `key` elsewhere is a map's key.
        hidden(name) || (mode === 'output' && QUERY_KEY.test(name) && /[?&]/.test(all[offset - 1] ?? ''))
          ? `${name}${eq}${quoted(value, hide(unquote(value)))}`
          : whole,
    );
  if (out.includes("'"))
    out = out.replace(SQL_COMPARE, (whole, name: string, middle: string, literal: string) =>
      hidden(name) && hide(literal) !== literal ? `${name}${middle}${MASK}'` : whole,
    );
  if (out.includes(':')) {
    if (out.includes('"') || out.includes("'"))
      out = out.replace(QUOTED_KEY, (whole, q: string, name: string, colon: string, value: string) =>
        hidden(name) ? `${q}${name}${q}${colon}${quoted(value, hide(unquote(value)))}` : whole,
      );
    out = out.replace(LINE_KEY, (whole, indent: string, name: string, colon: string, value: string) =>
      hidden(name) ? `${indent}${name}${colon}${quoted(value, hide(unquote(value)))}` : whole,
    );
    // `password: x` inside a longer line (a folded YAML scalar, a log line). Only a credential's
    // name, and only a token shaped like a value (a digit or a symbol, or long), so that Parity's
    // own messages (`DB_PASSWORD: production ****, staging ****`) stay readable.
    if (mode === 'output')
      out = out.replace(INLINE_KEY, (whole, name: string, colon: string, value: string) =>
        nameKind(name) === 'credential' && VALUE_SHAPED.test(unquote(value))
          ? `${name}${colon}${quoted(value, hide(unquote(value)))}`
          : whole,
      );
  }
  if (COMMAND_HINT.test(out)) {
    out = out.replace(CURL_USER, (whole, flag: string, user: string, pw: string) =>
      hide(pw) === pw ? whole : `${flag}${user}:${MASK}`,
    );
    for (const re of [REDIS_AUTH, MYSQL_PASSWORD, SSHPASS, FLAG_VALUE])
      out = out.replace(re, (whole, head: string, value: string) =>
        hide(unquote(value)) === unquote(value) ? whole : `${head}${MASK}`,
      );
  }
  return hasLongRun(out) ? out.replace(BASE64_BLOB, (blob) => (decodesToSecret(blob) ? MASK : blob)) : out;
}

function unquote(value: string): string {
  return /^(["']).*\1$/s.test(value) ? value.slice(1, -1) : value;
}

function quoted(original: string, replacement: string): string {
  const q = original[0];
  return (q === '"' || q === "'") && original.endsWith(q) && original.length > 1
    ? `${q}${replacement}${q}`
    : replacement;
}

/** A base64 blob whose text is a credential (`Authorization: Basic`, a Secret's data, a kubeconfig). */
function decodesToSecret(blob: string): boolean {
  if (blob.length > 100_000) return false;
  const text = Buffer.from(blob.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
  if (text.length < 6 || !/^[\x20-\x7e\t\r\n]+$/.test(text)) return false;
  if (/^[^\s:]{1,64}:[^\s]{3,}$/.test(text)) return true; // user:password of Basic auth
  return redactText(text, 'classify') !== text;
}

/** True when the text holds a credential by its content alone. */
export function containsCredential(text: string): boolean {
  return redactRepeated(text, 'classify') !== text;
}

/**
 * redactText through the process-wide cache of its mode, for text that repeats across facts (the
 * same value in both environments, the same image in every workload). Long texts are redacted
 * each time: the cache would keep them alive after their facts are gone.
 */
export function redactRepeated(text: string, mode: RedactMode = 'output'): string {
  if (text.length > MAX_CACHED_LENGTH) return redactText(text, mode);
  return redactCached(text, mode, mode === 'output' ? outputSeen : classifySeen);
}

const MAX_CACHED_LENGTH = 4096;

/**
 * redactText for a whole output (a report, a snapshot, an error): a JSON document is redacted
 * value by value and written again, so it stays valid JSON and escaped text inside it is seen.
 */
export function redactOutput(text: string): string {
  if (/^\s*[[{]/.test(text)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return redactText(text); // not JSON after all
    }
    // Parity writes JSON with two-space indentation or none: written again the same way.
    const again = JSON.stringify(
      redactParsed(parsed, 0),
      null,
      /^\s*[[{]\n {2}\S/.test(text) ? 2 : undefined,
    );
    return text.endsWith('\n') ? `${again}\n` : again;
  }
  return redactText(text);
}

/** Every string inside a JSON-shaped value, redacted; keys are kept. Returns a new value. */
export function redactDeep<T>(value: T, mode: RedactMode = 'output'): T {
  return walk(value, mode, 0, mode === 'output' ? outputSeen : classifySeen) as T;
}

// One cache per mode for the whole process: the report's strings are redacted before rendering and
// seen again when the written text is redacted (redactOutput parses it back). Bounded: cleared when full.
const outputSeen = new Map<string, string>();
const classifySeen = new Map<string, string>();
const MAX_SEEN = 200_000;

/**
 * A report repeats its strings (rule ids, keys, file names, messages): an audit of 2 x 2,000
 * workloads holds ~100,000 strings, ~20,000 distinct. redactText is a pure function of the text
 * (and mode), so each distinct string is redacted once per document.
 */
function redactCached(text: string, mode: RedactMode, seen: Map<string, string>): string {
  let out = seen.get(text);
  if (out === undefined) {
    out = redactText(text, mode);
    if (seen.size >= MAX_SEEN) seen.clear();
    seen.set(text, out);
  }
  return out;
}

/**
 * redactDeep for a value only redactOutput holds (just parsed): copied only where a string
 * changes, so a report with nothing left to hide is not built a second time before it is written.
 */
function redactParsed(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactCached(value, 'output', outputSeen);
  if (depth > 200 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = redactParsed(value[i], depth + 1);
      if (v !== value[i]) {
        out ??= value.slice();
        out[i] = v;
      }
    }
    return out ?? value;
  }
  const keys = Object.keys(value);
  let out: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const v = (value as Record<string, unknown>)[keys[i]!];
    const r = redactParsed(v, depth + 1);
    if (out === undefined && r !== v) {
      out = {};
      for (let j = 0; j < i; j++) setOwn(out, keys[j]!, (value as Record<string, unknown>)[keys[j]!]);
    }
    if (out !== undefined) setOwn(out, keys[i]!, r);
  }
  return out ?? value;
}

/** An own `__proto__` key (JSON.parse makes one) stays a key, never the prototype. */
function setOwn(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

function walk(value: unknown, mode: RedactMode, depth: number, seen: Map<string, string>): unknown {
  if (typeof value === 'string') return redactCached(value, mode, seen);
  if (depth > 200 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => walk(v, mode, depth + 1, seen));
  if (value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) {
    const v = walk((value as Record<string, unknown>)[k], mode, depth + 1, seen);
    // An own `__proto__` key (JSON.parse makes one) must stay a key, not set the prototype;
    // every other key is assigned, which keeps the object fast to build and to stringify.
    if (k === '__proto__')
      Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    else out[k] = v;
  }
  return out;
}
