import { createInternTable, internAscii, internSlot } from './byte-intern.js';
import type { ByteSetter } from './nginx-bytes.js';
import { setRequestLine } from './record.js';
import { endpointTemplate, foldSegment } from './template.js';

function isMethodByte(b: number, first: boolean): boolean {
  return (b >= 65 && b <= 90) || (!first && (b === 95 || b === 45));
}

/** The usual methods as constants: most lines carry one of these, found without a hash. */
function knownMethod(buf: Buffer, s: number, n: number): string | undefined {
  const a = buf[s];
  if (n === 3) {
    if (a === 71 && buf[s + 1] === 69 && buf[s + 2] === 84) return 'GET';
    if (a === 80 && buf[s + 1] === 85 && buf[s + 2] === 84) return 'PUT';
  } else if (n === 4) {
    if (a === 80 && buf[s + 1] === 79 && buf[s + 2] === 83 && buf[s + 3] === 84) return 'POST';
    if (a === 72 && buf[s + 1] === 69 && buf[s + 2] === 65 && buf[s + 3] === 68) return 'HEAD';
  }
  return undefined;
}

/** Longest template built from bytes; endpointTemplate cuts at 200 characters. */
const MAX_TEMPLATE = 200;

const latin1Slice = (Buffer.prototype as unknown as { latin1Slice: (s: number, e: number) => string })
  .latin1Slice;

/**
 * endpointTemplate over bytes, segment by segment as it folds: an all-digit segment becomes `:id`
 * and one without digits (at most 64 long) stays, without making a string; any other segment (a
 * uuid, a hash, `SKU-12`) is folded by foldSegment on its own few bytes. Returns the template's
 * length in `scratch`, or -1 when it would pass MAX_TEMPLATE (endpointTemplate cuts it there).
 */
function templateBytes(buf: Buffer, start: number, end: number, scratch: Buffer): number {
  let w = 0;
  let segFrom = start;
  let segStart = 0;
  let digits = 0;
  for (let i = start; i <= end; i++) {
    const b = i === end ? 47 : buf[i]!;
    if (b === 47) {
      const length = i - segFrom;
      if (digits > 0 || length > 64) {
        w = segStart;
        if (digits === length) {
          scratch[w++] = 58; // ':id'
          scratch[w++] = 105;
          scratch[w++] = 100;
        } else {
          const folded = foldSegment(latin1Slice.call(buf, segFrom, i));
          if (w + folded.length > MAX_TEMPLATE) return -1;
          w += scratch.write(folded, w, 'latin1');
        }
      }
      if (i === end) break;
      if (w >= MAX_TEMPLATE) return -1;
      scratch[w++] = 47;
      segStart = w;
      segFrom = i + 1;
      digits = 0;
    } else {
      if (b >= 48 && b <= 57) digits++;
      if (w >= MAX_TEMPLATE) return -1;
      scratch[w++] = b;
    }
  }
  return w > MAX_TEMPLATE ? -1 : w;
}

/** Builds `METHOD template` for a path's bytes; the key of a path already decoded as `path`. */
export type EndpointKeyer = (buf: Buffer, start: number, end: number, path: string, method: string) => string;

/**
 * Endpoint keys from a path's bytes: the template is built from bytes and interned, so a log of a
 * million order ids builds no template strings; a template too long to build in place goes through
 * endpointTemplate.
 */
export function createEndpointKeyer(): EndpointKeyer {
  const templates = createInternTable(12, 2);
  const [templateMethods, templateKeys] = templates.columns as [string[], string[]];
  const scratch = Buffer.alloc(MAX_TEMPLATE + 8);
  const scratchView = new DataView(scratch.buffer, scratch.byteOffset, scratch.length);
  return (buf, start, end, path, method) => {
    const n = templateBytes(buf, start, end, scratch);
    if (n === -1) return `${method} ${endpointTemplate(path)}`;
    const slot = internSlot(templates, scratch, 0, n, scratchView);
    if (templateMethods[slot] !== method) {
      templateMethods[slot] = method;
      templateKeys[slot] = `${method} ${templates.keys[slot]!}`;
    }
    return templateKeys[slot]!;
  };
}

/**
 * `$request` in place. With `withKey`, the record also gets its endpoint key (`GET /orders/:id`),
 * cached next to the interned path (see createEndpointKeyer).
 */
export function requestSetter(
  withKey: boolean,
  decode: (buf: Buffer, s: number, e: number) => string,
): ByteSetter {
  const methods = createInternTable(8);
  // Small tables: the paths that repeat stay in the CPU cache; one-off paths (an id in each)
  // fill the table and clear it now and then, which costs a few re-decoded paths.
  const paths = createInternTable(12, 2);
  const [keyMethods, keys] = paths.columns as [string[], string[]];
  const keyFor = createEndpointKeyer();
  return (buf, s, e, out) => {
    // `METHOD /path?query HTTP/1.1`; anything else (absolute targets, odd methods) takes the string path.
    let sp = s;
    while (sp < e && buf[sp] !== 32) sp++;
    const n = sp - s;
    if (sp + 1 >= e || n === 0 || n > 20 || buf[sp + 1] !== 47) return setRequestLine(decode(buf, s, e), out);
    for (let i = s; i < sp; i++)
      if (!isMethodByte(buf[i]!, i === s)) return setRequestLine(decode(buf, s, e), out);
    let p = sp + 1;
    while (p < e) {
      const b = buf[p]!;
      if (b === 32 || b === 63 || b === 35) break;
      p++;
    }
    const slot = internSlot(paths, buf, sp + 1, p);
    if (slot === -1) return setRequestLine(decode(buf, s, e), out);
    const method = knownMethod(buf, s, n) ?? internAscii(methods, buf, s, sp)!;
    const path = paths.keys[slot]!;
    out.path = path;
    out.method = method;
    if (!withKey) return;
    if (keyMethods[slot] !== method) {
      keyMethods[slot] = method;
      keys[slot] = keyFor(buf, sp + 1, p, path, method);
    }
    out.endpointKey = keys[slot];
  };
}
