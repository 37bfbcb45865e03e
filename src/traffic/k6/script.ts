import { redactText } from '../../secrets/redact.js';
import { foldSegment } from '../logs/template.js';
import { mulberry32 } from '../replay/random.js';
import { fillTemplate, type Workload } from '../replay/workload.js';
import type { BodyTemplate } from './bodies.js';
import { type HeaderFacts, k6Header } from './header.js';
import { type Selection, selectRequests } from './select.js';

export interface K6Options {
  /** Default base URL; `TARGET=... k6 run script.js` overrides it. */
  target?: string;
  /** Headers; `${VAR}` in a value is read from the k6 environment at run time, never embedded. */
  headers?: Record<string, string>;
  /** `ramping` follows the recorded rate second by second (bursts kept); `constant` uses the mean. */
  executor?: 'ramping' | 'constant';
  /** Most stages in the ramping scenario: an hour second by second (longer windows are merged, the header says so). */
  maxStages?: number;
  /** Most requests embedded in the script (sampled evenly beyond that; the header says so). */
  maxRequests?: number;
  maxVUs?: number;
  /** Bodies by `METHOD /endpoint/template` (--body-template); POST, PUT, PATCH need one to be sent. */
  bodies?: readonly BodyTemplate[];
  /** What the header says about the input and the limits it was read with. */
  about?: Pick<HeaderFacts, 'from' | 'profile' | 'duration' | 'maxDurationText' | 'maxRequests' | 'bodyFile'>;
}

/** A workload as the script needs it: its requests, and what was left out while reading it. */
export type K6Workload = Pick<
  Workload,
  'requests' | 'window' | 'cut' | 'skippedMethods' | 'notOriginForm' | 'read' | 'skips'
>;

export interface K6Export {
  script: string;
  /** Requests the script sends (not counting those left out for want of a body). */
  sent: number;
  selection: Selection;
}

/**
 * Exports a workload as a k6 script: an arrival-rate scenario (open model, like replay) whose
 * iterations draw from the workload's own requests, so the endpoint mix is production's. The
 * header comment says the window, any cut and every request left out, with the reason.
 * https://grafana.com/docs/k6/latest/using-k6/scenarios/executors/ramping-arrival-rate/
 */
export function k6Export(workload: K6Workload, options: K6Options = {}): K6Export {
  const bodies = options.bodies ?? [];
  const selection = selectRequests(workload.requests, bodies);
  const plan = selection.requests;
  const durationS = Math.max(1, Math.ceil((plan.at(-1)?.at ?? 0) / 1000));
  const perSecond = new Array<number>(durationS).fill(0);
  for (const r of plan) perSecond[Math.min(durationS - 1, Math.floor(r.at / 1000))]!++;
  const maxStages = options.maxStages ?? 3600;
  const window = Math.max(1, Math.ceil(durationS / maxStages));
  // k6 rates are whole numbers per time unit: a trickle is expressed per minute so it is not rounded to 0.
  const peakPerS = Math.max(...perSecond, 1);
  const unitS = peakPerS < 20 ? 60 : 1;
  const timeUnit = unitS === 60 ? '1m' : '1s';
  const stages: { target: number; duration: string }[] = [];
  for (let i = 0; i < durationS; i += window) {
    const slice = perSecond.slice(i, i + window);
    const rate = slice.reduce((a, b) => a + b, 0) / slice.length;
    // Each stage ramps to its target over one window: short windows keep bursts sharp.
    stages.push({ target: Math.round(rate * unitS), duration: `${window}s` });
  }
  const maxRequests = options.maxRequests ?? 2000;
  const every = Math.max(1, Math.ceil(plan.length / maxRequests));
  const rnd = mulberry32(1);
  const requests = plan
    .filter((_, i) => i % every === 0)
    .map((r) => [r.method, scriptPath(r.path, rnd), `${r.method} ${r.template}`, r.body]);
  const mean = plan.length / durationS;
  const peak = peakPerS;
  const maxVUs = options.maxVUs ?? Math.max(50, Math.ceil(peak * 2));
  const scenario =
    (options.executor ?? 'ramping') === 'constant'
      ? {
          executor: 'constant-arrival-rate',
          rate: Math.max(1, Math.round(mean * unitS)),
          timeUnit,
          duration: `${durationS}s`,
          preAllocatedVUs: Math.min(maxVUs, Math.max(10, Math.ceil(mean))),
          maxVUs,
        }
      : {
          executor: 'ramping-arrival-rate',
          startRate: stages[0]?.target ?? 0,
          timeUnit,
          preAllocatedVUs: Math.min(maxVUs, Math.max(10, Math.ceil(peak / 2))),
          maxVUs,
          stages,
        };
  const headerLines = Object.entries(options.headers ?? {}).map(([name, value]) => {
    const expr = value
      .split(/(\$\{[A-Za-z_][A-Za-z0-9_]*\})/)
      .filter((p) => p !== '')
      .map((p) => {
        const v = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(p);
        return v ? `(__ENV.${v[1]} || '')` : JSON.stringify(p);
      })
      .join(' + ');
    return `  ${JSON.stringify(name)}: ${expr || "''"},`;
  });
  const about = options.about ?? {
    from: 'a workload',
    profile: false,
    maxDurationText: '24h',
    maxRequests: plan.length,
  };
  const header = k6Header({
    ...about,
    workload,
    exported: plan.length,
    durationS,
    mean,
    peak,
    embedded: requests.length,
    every,
    stages: stages.length,
    stageS: window,
    noBody: selection.noBody,
  });
  const bodyTable = bodies.map((b) => [b.body, b.contentType ?? null]);
  const script = `${header.map((l) => `// ${l}`.trimEnd()).join('\n')}
// Run: TARGET=https://staging.example.com k6 run script.js
import http from 'k6/http';

const TARGET = (__ENV.TARGET || ${JSON.stringify(options.target ?? 'http://127.0.0.1:8080')}).replace(/\\/$/, '');
const HEADERS = {
${headerLines.join('\n')}
};
// [method, path, endpoint, body]: drawn uniformly, the mix of the recorded or synthesised workload.
// body indexes BODIES (-1: none).
const REQUESTS = ${JSON.stringify(requests)};
// [text, content type] from --body-template; \${VAR} is read from the k6 environment at run time.
const BODIES = ${JSON.stringify(bodyTable)};

export const options = {
  discardResponseBodies: true,
  scenarios: {
    replay: ${JSON.stringify(scenario).replace(/\},\{/g, '},\n      {')},
  },
};

function fill(text, json) {
  return text.replace(/\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\}/g, (_, name) => {
    const value = __ENV[name] || '';
    return json ? JSON.stringify(value).slice(1, -1) : value;
  });
}

export default function () {
  const [method, path, name, b] = REQUESTS[Math.floor(Math.random() * REQUESTS.length)];
  const body = b === -1 ? null : fill(BODIES[b][0], BODIES[b][1] === 'application/json');
  const headers = b !== -1 && BODIES[b][1] ? Object.assign({ 'content-type': BODIES[b][1] }, HEADERS) : HEADERS;
  http.request(method, TARGET + path, body, { headers, tags: { name } });
}
`;
  return { script, sent: plan.length, selection };
}

/**
 * The path a script embeds: a script is a file people commit and share, so a segment the profile
 * would fold (a reset token, a hash, an email, an opaque id) gets a stand-in of the same kind, and
 * credentials in the query (`?token=`, `sig=`) are masked. Plain numeric ids and dates stay.
 * @example scriptPath('/reset/9f8e7d6c5b4a39281706f5e4d3c2b1a0?sig=abc', rnd) // '/reset/<random hash>?sig=****'
 */
export function scriptPath(path: string, rnd: () => number): string {
  const q = path.indexOf('?');
  const pathPart = q === -1 ? path : path.slice(0, q);
  const segments = pathPart.split('/').map((segment) => {
    const folded = foldSegment(segment);
    if (folded === segment || /^\d+$/.test(segment) || folded === ':date') return segment;
    return fillTemplate(folded, rnd).replace(/:[a-z]+/g, 'x');
  });
  return redactText(segments.join('/') + (q === -1 ? '' : path.slice(q)));
}
