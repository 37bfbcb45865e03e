import { asList, asObj, asText, show, typeName } from '../shape.js';

/** Kubernetes defaults, filled in so an omitted field and its explicit default compare equal. */
const TIMING = [
  ['periodSeconds', 'period', 10, 's'],
  ['timeoutSeconds', 'timeout', 1, 's'],
  ['failureThreshold', 'failure', 3, ''],
  ['successThreshold', 'success', 1, ''],
  ['initialDelaySeconds', 'initialDelay', 0, 's'],
] as const;
/** Always shown, even at their default; the others only when set away from it. */
const ALWAYS = new Set(['period', 'timeout', 'failure']);

export type ProbeResult = { value: string } | { problem: string };

/**
 * A probe as one comparable string: `http GET :8080/healthz period=10s timeout=1s failure=3
 * initialDelay=5s`, `tcp :5432 ...`, `exec pg_isready -U app ...`, `grpc :9090 ...`.
 */
export function describeProbe(probe: unknown): ProbeResult {
  const p = asObj(probe);
  if (!p) return { problem: `expected a probe mapping, got ${typeName(probe)}` };
  const action = describeAction(p);
  if (!action) return { problem: 'expected httpGet, tcpSocket, exec or grpc in the probe' };
  const parts = [action];
  for (const [field, label, fallback, unit] of TIMING) {
    const raw = p[field];
    if (raw !== undefined && (typeof raw !== 'number' || !Number.isFinite(raw))) {
      return { problem: `${field}: expected a number of ${unit ? 'seconds' : 'attempts'}, got ${show(raw)}` };
    }
    const value = raw ?? fallback;
    if (ALWAYS.has(label) || value !== fallback) parts.push(`${label}=${value}${unit}`);
  }
  return { value: parts.join(' ') };
}

function describeAction(p: Record<string, unknown>): string | undefined {
  const http = asObj(p.httpGet);
  if (http) {
    const scheme = (asText(http.scheme) ?? 'HTTP').toLowerCase();
    const host = asText(http.host) ?? '';
    const path = asText(http.path) ?? '/';
    return `${scheme} GET ${host}:${asText(http.port) ?? '?'}${path.startsWith('/') ? '' : '/'}${path}`;
  }
  const tcp = asObj(p.tcpSocket);
  if (tcp) return `tcp ${asText(tcp.host) ?? ''}:${asText(tcp.port) ?? '?'}`;
  const exec = asObj(p.exec);
  if (exec)
    return `exec ${asList(exec.command)
      .map((c) => asText(c) ?? '')
      .join(' ')}`.trimEnd();
  const grpc = asObj(p.grpc);
  if (grpc) {
    const service = asText(grpc.service);
    return `grpc :${asText(grpc.port) ?? '?'}${service ? ` service=${service}` : ''}`;
  }
  return undefined;
}
