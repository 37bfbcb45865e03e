import { firstForwarded, type LineParser, parseCount, resetRecord, setRequestLine } from './record.js';
import { createIsoTimeParser } from './time-parse.js';

/**
 * Splits a line into fields: bare words, "quoted strings" (with \" escapes) and [bracketed] ones.
 * ALB and Envoy logs are sequences of such fields.
 */
export function tokenize(line: string, max = 40): string[] {
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  while (i < n && out.length < max) {
    const c = line.charCodeAt(i);
    if (c === 32 || c === 9) {
      i++;
      continue;
    }
    if (c === 34 /* " */) {
      let j = i + 1;
      let text = '';
      let from = j;
      while (j < n && line.charCodeAt(j) !== 34) {
        if (line.charCodeAt(j) === 92 && j + 1 < n) {
          text += line.slice(from, j);
          j++;
          from = j;
        }
        j++;
      }
      out.push(text + line.slice(from, j));
      i = j + 1;
    } else if (c === 91 /* [ */) {
      const j = line.indexOf(']', i + 1);
      const end = j === -1 ? n : j;
      out.push(line.slice(i + 1, end));
      i = end + 1;
    } else {
      let j = line.indexOf(' ', i);
      if (j === -1) j = n;
      out.push(line.slice(i, j));
      i = j;
    }
  }
  return out;
}

function seconds(text: string | undefined): number {
  const v = Number(text);
  return Number.isFinite(v) && v >= 0 ? v : Number.NaN;
}

/**
 * AWS Application Load Balancer access logs.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-access-logs.html
 */
export function createAlbParser(): LineParser {
  const parseTime = createIsoTimeParser();
  return (line, out) => {
    resetRecord(out);
    const f = tokenize(line, 14);
    if (f.length < 13) return false;
    out.time = parseTime(f[1] ?? '');
    const client = f[3] ?? '-';
    const colon = client.lastIndexOf(':');
    out.client = colon > 0 ? client.slice(0, colon) : client;
    // The three processing times are -1 when the target never answered; their sum is the latency.
    const total = seconds(f[5]) + seconds(f[6]) + seconds(f[7]);
    out.durationMs = Number.isFinite(total) ? total * 1000 : -1;
    out.status = parseCount(f[8] ?? '');
    out.bytesReceived = parseCount(f[10] ?? '');
    out.bytesSent = parseCount(f[11] ?? '');
    setRequestLine(f[12] ?? '', out);
    return true;
  };
}

/**
 * Envoy's default access log format, before and after 1.17 added response code details.
 * https://www.envoyproxy.io/docs/envoy/latest/configuration/observability/access_log/usage#default-format-string
 */
export function createEnvoyParser(): LineParser {
  const parseTime = createIsoTimeParser();
  return (line, out) => {
    resetRecord(out);
    if (line.charCodeAt(0) !== 91) return false;
    const f = tokenize(line, 24);
    if (f.length < 9) return false;
    out.time = parseTime(f[0] ?? '');
    setRequestLine(f[1] ?? '', out);
    out.status = parseCount(f[2] ?? '');
    // Newer defaults insert %RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS% "%UPSTREAM_TRANSPORT_FAILURE_REASON%".
    const shift = parseCount(f[4] ?? '') === -1 && (f[4] ?? '') !== '-' ? 3 : 0;
    out.bytesReceived = parseCount(f[4 + shift] ?? '');
    out.bytesSent = parseCount(f[5 + shift] ?? '');
    const duration = parseCount(f[6 + shift] ?? '');
    out.durationMs = duration;
    const xff = firstForwarded(f[8 + shift] ?? '');
    if (xff) out.client = xff;
    else if (shift === 3 && f[19]) {
      const remote = f[19];
      const colon = remote.lastIndexOf(':');
      out.client = colon > 0 ? remote.slice(0, colon) : remote;
    }
    return true;
  };
}
