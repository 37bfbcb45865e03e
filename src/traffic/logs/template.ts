import { detach } from './record.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX_HASH = /^[0-9a-f]{16,}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Prefixed ids as Stripe-style APIs mint them: `ord_8F2kLq9Z`, `cus-12ab34cd`. */
const PREFIXED_ID = /^[a-z]{1,6}[_-][A-Za-z0-9]{6,}$/;
/** Opaque tokens: long, URL-safe, with at least one digit. */
const TOKEN = /^(?=.*\d)[A-Za-z0-9_-]{20,}$/;

function hasDigit(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

function digitCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/** The placeholder a single path segment folds to, or the segment itself. */
export function foldSegment(segment: string): string {
  if (segment.length > 64) return ':long';
  if (!hasDigit(segment)) return segment;
  if (/^\d+$/.test(segment)) return ':id';
  if (UUID.test(segment)) return ':uuid';
  if (DATE.test(segment)) return ':date';
  if (HEX_HASH.test(segment)) return ':hash';
  if (PREFIXED_ID.test(segment) && hasDigit(segment.slice(segment.search(/[_-]/)))) return ':id';
  if (TOKEN.test(segment)) return ':token';
  if (/^[A-Za-z]{1,8}[-_]\d+$/.test(segment)) return ':id';
  if (digitCount(segment) >= 4 && /^[A-Za-z0-9_-]{1,40}$/.test(segment)) return ':id';
  if (segment.includes('@')) return ':email';
  // A file name with a content hash (`app.3f9a2c1d.js`) folds its hash, keeps its extension.
  return segment.replace(/([.-])[0-9a-f]{8,}(?=\.)/gi, '$1:hash');
}

/**
 * Folds the variable parts of a path into a template, so `/api/orders/8812` and
 * `/api/orders/9921` count as one endpoint: `/api/orders/:id`.
 * @example endpointTemplate('/u/3f2504e0-4f89-11d3-9a0c-0305e82c3301/avatar') // '/u/:uuid/avatar'
 */
export function endpointTemplate(path: string): string {
  if (path === '-' || path === '') return '-';
  if (!hasDigit(path) && path.length <= 40) return path;
  // One pass over the segments; all-digit segments (the common id) skip the regex checks.
  let out = '';
  let from = 0;
  while (from <= path.length) {
    let to = path.indexOf('/', from);
    if (to === -1) to = path.length;
    const segment = path.slice(from, to);
    out += from === 0 ? '' : '/';
    out += isAllDigits(segment) ? ':id' : foldSegment(segment);
    from = to + 1;
  }
  return out.length > 200 ? `${out.slice(0, 200)}…` : out;
}

function isAllDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** A bounded memo of endpointTemplate: real logs repeat paths; the bound keeps memory flat. */
export function createTemplater(limit = 20_000): (path: string) => string {
  let cache = new Map<string, string>();
  return (path) => {
    let t = cache.get(path);
    if (t === undefined) {
      t = endpointTemplate(path);
      if (cache.size >= limit) cache = new Map();
      t = detach(t);
      cache.set(detach(path), t);
    }
    return t;
  };
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Methods that change state: the "write" side of a write/read mix. */
export function isWriteMethod(method: string): boolean {
  return method !== '-' && !SAFE.has(method) && method !== 'TRACE' && method !== 'CONNECT';
}
