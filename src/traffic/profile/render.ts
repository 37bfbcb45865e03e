import type { TrafficProfile } from './schema.js';

function pct(share: number): string {
  return `${(share * 100).toFixed(share >= 0.1 ? 0 : share >= 0.01 ? 1 : 2)}%`;
}

function bytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

/** Lines of label/value pairs both text and markdown print. */
function summary(p: TrafficProfile): [string, string][] {
  const rows: [string, string][] = [
    ['window', `${p.start ?? '-'} .. ${p.end ?? '-'} (${p.seconds} s)`],
    [
      'requests',
      `${p.requests} of ${p.lines} lines (${p.unparsed} unparsed${p.clockJumps ? `, ${p.clockJumps} clock jumps back` : ''})`,
    ],
    [
      'rate',
      `mean ${p.rate.meanRps}/s, p50 ${p.rate.p50Rps}/s, p99 ${p.rate.p99Rps}/s, peak ${p.rate.peakRps}/s at ${p.rate.peakAt ?? '-'}`,
    ],
    [
      'burstiness',
      `peak/mean ${p.burstiness.peakToMean}, index of dispersion ${p.burstiness.dispersionIndex} (1 = Poisson)`,
    ],
    [
      'concurrency',
      p.concurrency
        ? `mean ${p.concurrency.mean}, peak ${p.concurrency.peak} (from request times)`
        : p.durationUnitUnknown
          ? 'unknown (the unit of the logged request times is unknown)'
          : 'unknown (no request times logged)',
    ],
    ['write share', pct(p.writeShare)],
    [
      'methods',
      Object.entries(p.methods)
        .map(([m, v]) => `${m} ${pct(v.share)}`)
        .join(', '),
    ],
    [
      'statuses',
      Object.entries(p.statuses)
        .map(([s, v]) => `${s} ${pct(v.share)}`)
        .join(', '),
    ],
  ];
  if (p.latencyMs)
    rows.push([
      'latency',
      `p50 ${p.latencyMs.p50} ms, p90 ${p.latencyMs.p90} ms, p99 ${p.latencyMs.p99} ms, max ${p.latencyMs.max} ms`,
    ]);
  const unknown = p.durationUnitUnknown;
  if (unknown)
    rows.push([
      p.latencyMs ? 'latency (other)' : 'latency',
      `unknown: duration unit unknown for ${unknown.requests} request times in ${unknown.fields.map((f) => `"${f}"`).join(', ')} (numbers ${unknown.min} to ${unknown.max} as logged; no unit in the values, the field name or a known format); pass --duration-unit s, ms, us or ns (access-log source: fields.durationUnit)`,
    ]);
  if (p.sizes.response)
    rows.push(['response size', `p50 ${bytes(p.sizes.response.p50)}, p99 ${bytes(p.sizes.response.p99)}`]);
  if (p.sizes.request)
    rows.push(['request size', `p50 ${bytes(p.sizes.request.p50)}, p99 ${bytes(p.sizes.request.p99)}`]);
  const c = p.clients;
  rows.push([
    'clients',
    `${c.unique} unique; duplicate submits ${c.duplicateSubmits} (${pct(c.duplicateSubmitShare)} of writes); retries after errors ${c.retries} (${pct(c.retryShare)}); parallel sessions ${c.parallelSessions}`,
  ]);
  return rows;
}

/** A sparkline of the rate series, so bursts show at a glance in a terminal. */
export function sparkline(counts: readonly number[], width = 60): string {
  if (counts.length === 0) return '';
  const bars = '▁▂▃▄▅▆▇█';
  const per = Math.ceil(counts.length / width);
  const cells: number[] = [];
  for (let i = 0; i < counts.length; i += per) cells.push(Math.max(...counts.slice(i, i + per)));
  const max = Math.max(...cells, 1);
  return cells.map((v) => bars[Math.min(7, Math.floor((v / max) * 7.999))]).join('');
}

/** Plain text for a terminal. */
export function renderProfileText(p: TrafficProfile, topEndpoints = 20): string {
  const rows = summary(p);
  const width = Math.max(...rows.map(([k]) => k.length));
  const out = [
    `Traffic profile of ${p.files.join(', ')}`,
    '',
    ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
  ];
  out.push(
    `  ${'rate/s'.padEnd(width)}  ${sparkline(p.rate.series.counts)}`,
    '',
    `Endpoints (${p.endpoints.length}${p.otherEndpoints ? ` + ${p.otherEndpoints} requests beyond the limit` : ''}):`,
  );
  for (const e of p.endpoints.slice(0, topEndpoints)) {
    out.push(
      `  ${pct(e.share).padStart(6)}  ${String(e.requests).padStart(8)}  ${e.method} ${e.template}${e.errors ? `  (${e.errors} 5xx)` : ''}`,
    );
  }
  if (p.endpoints.length > topEndpoints)
    out.push(`  ... ${p.endpoints.length - topEndpoints} more (see --output-format json)`);
  return `${out.join('\n')}\n`;
}

/** Markdown for a PR comment or a wiki page. */
export function renderProfileMarkdown(p: TrafficProfile, topEndpoints = 30): string {
  const out = [
    `### Traffic profile`,
    '',
    `Files: ${p.files.map((f) => `\`${f}\``).join(', ')}`,
    '',
    '| measure | value |',
    '|---|---|',
  ];
  for (const [k, v] of summary(p)) out.push(`| ${k} | ${v.replace(/\|/g, '\\|')} |`);
  out.push('', '| share | requests | endpoint | 5xx |', '|---:|---:|---|---:|');
  for (const e of p.endpoints.slice(0, topEndpoints))
    out.push(`| ${pct(e.share)} | ${e.requests} | \`${e.method} ${e.template}\` | ${e.errors} |`);
  return `${out.join('\n')}\n`;
}
