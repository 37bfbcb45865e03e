import { isMapping } from '../shape.js';

/**
 * One compose `volumes:` entry as the container sees it: where it is mounted and what backs it,
 * `/var/lib/loki/data (bind)`, `/data (volume)`, `/cache (tmpfs)`, with `, read-only` when so. The
 * host side is left out (it is a path on one machine); what persists and where is the difference
 * that matters (field trial alien-commons: production's Loki data mounted where Loki does not write).
 * Short syntax `SOURCE:TARGET[:MODE]` (a source starting with `/`, `.` or `~` is a bind mount, any
 * other a named volume, none an anonymous volume) and long syntax `{type, source, target, read_only}`.
 * Undefined when the entry says no target.
 */
export function mountOf(entry: unknown): string | undefined {
  if (typeof entry === 'string') {
    const parts = entry.split(':');
    // A Windows drive letter (`C:\\data:/data`) joins the first two parts.
    if (parts.length > 2 && /^[A-Za-z]$/.test(parts[0]!)) parts.splice(0, 2, `${parts[0]}:${parts[1]}`);
    if (parts.length === 1) return parts[0] ? `${parts[0]} (volume)` : undefined;
    const [source = '', target = '', mode = ''] = parts;
    if (!target) return undefined;
    const kind = /^[/.~]|^[A-Za-z]:/.test(source) ? 'bind' : 'volume';
    return describe(target, kind, mode.split(',').includes('ro'));
  }
  if (!isMapping(entry)) return undefined;
  const target = typeof entry.target === 'string' ? entry.target : undefined;
  if (!target) return undefined;
  const kind = typeof entry.type === 'string' ? entry.type : 'volume';
  return describe(target, kind, entry.read_only === true);
}

function describe(target: string, kind: string, readOnly: boolean): string {
  const path = target.length > 1 ? target.replace(/\/+$/, '') : target;
  return `${path} (${kind}${readOnly ? ', read-only' : ''})`;
}
