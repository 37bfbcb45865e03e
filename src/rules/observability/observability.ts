import { table } from '../../lookup.js';
import type { Fact } from '../../model/fact.js';
import { PAGING_KINDS } from '../../model/paging.js';
import { anyFact, bothSides, pairKind } from '../../rule-kit/helpers.js';
import type { FactPair, Finding, Rule, RuleContext } from '../../rule-kit/types.js';
import { formatValue, judgeScaled } from '../../rule-kit/values.js';
import { formatMs } from '../../units/duration.js';

const ALERT = /^observability\/alert\/([^/]+)\/(expr|threshold|for|severity)$/;
const RECEIVER_KINDS = /^observability\/paging\/([^/]+)\/receiver-kinds$/;
/** Receiver and exporter credentials: evidence for access.secret-shared, not differences to list. */
const CREDENTIAL = /^observability\/(receiver|alertmanager|exporter)\//;
const SAMPLING = /^observability\/sampling\/(.+)\/(percentage|rate|tail-policies)$/;
const REPORTER_NAMES = table<string>({
  sentry: 'Sentry',
  bugsnag: 'Bugsnag',
  rollbar: 'Rollbar',
  honeybadger: 'Honeybadger',
  airbrake: 'Airbrake',
});

function alertOf(key: string): string | undefined {
  return ALERT.exec(key)?.[1];
}

function hasAlert(map: ReadonlyMap<string, Fact>, alert: string): boolean {
  return map.has(`observability/alert/${alert}/expr`);
}

/** The expression as people write it: the extracted threshold put back. */
function readableExpr(map: ReadonlyMap<string, Fact>, alert: string): string {
  const expr = map.get(`observability/alert/${alert}/expr`)?.value;
  const threshold = map.get(`observability/alert/${alert}/threshold`)?.value;
  const text = formatValue(expr);
  return typeof threshold === 'number' ? text.replace(/\$threshold$/, String(threshold)) : text;
}

function sides(kind: string, ctx: RuleContext) {
  return kind === 'only-baseline'
    ? { here: ctx.baselineName, there: ctx.candidateName, map: ctx.baseline }
    : { here: ctx.candidateName, there: ctx.baselineName, map: ctx.candidate };
}

function pagingKinds(fact: Fact | undefined): string[] {
  return Array.isArray(fact?.value) ? fact.value.filter((k) => PAGING_KINDS.has(k)) : [];
}

/** `severity=critical -> pagerduty, slack` for every paging subject of one side. */
function whereAlertsGo(map: ReadonlyMap<string, Fact>): string {
  const out: string[] = [];
  for (const [key, fact] of map) {
    const subject = RECEIVER_KINDS.exec(key)?.[1];
    if (subject === 'severity=critical') out.push(`${subject} -> ${formatValue(fact.value)}`);
  }
  return out.length > 0 ? ` (${out.join('; ')})` : '';
}

function judgePages(pair: FactPair, ctx: RuleContext): Finding | null {
  const kind = pairKind(pair);
  if (!kind) return null;
  if (kind !== 'differs') {
    const { here, there } = sides(kind, ctx);
    const pages = anyFact(pair).value === true;
    return {
      kind,
      severity: pages && kind === 'only-baseline' ? 'medium' : 'low',
      message: `${here} ${pages ? 'pages on-call' : 'pages no one'}; no Alertmanager configuration was read for ${there}`,
    };
  }
  const basePages = pair.baseline!.value === true;
  const says = (name: string, pages: boolean, map: ReadonlyMap<string, Fact>) =>
    `${name} ${pages ? 'pages on-call' : 'pages no one'}${whereAlertsGo(map)}`;
  return {
    kind,
    severity: basePages ? 'medium' : 'low',
    message: `${says(ctx.baselineName, basePages, ctx.baseline)}; ${says(ctx.candidateName, !basePages, ctx.candidate)}`,
  };
}

function judgeReceiverKinds(pair: FactPair, ctx: RuleContext): Finding | null {
  const subject = RECEIVER_KINDS.exec(pair.key)![1]!;
  const pages = 'observability/paging/pages';
  const b = ctx.baseline.get(pages)?.value;
  const c = ctx.candidate.get(pages)?.value;
  // When one environment pages and the other does not, the `pages` finding tells it with these details.
  if (b !== undefined && c !== undefined && b !== c) return null;
  const kind = pairKind(pair);
  if (!kind) return null;
  if (kind !== 'differs') {
    // Only worth telling when the other environment has routes to compare with.
    if ((kind === 'only-baseline' ? c : b) === undefined) return null;
    const { here, there } = sides(kind, ctx);
    return {
      kind,
      severity: 'low',
      message: `${subject}: ${here} routes it to ${formatValue(anyFact(pair).value)}; ${there} has no route of its own for it`,
    };
  }
  const pagingDiffers = pagingKinds(pair.baseline).join() !== pagingKinds(pair.candidate).join();
  return {
    kind,
    severity: pagingDiffers ? 'medium' : 'low',
    message: `${subject} reaches: ${ctx.baselineName} ${formatValue(pair.baseline!.value)}; ${ctx.candidateName} ${formatValue(pair.candidate!.value)}`,
  };
}

function share(fact: Fact): string {
  const v = fact.value;
  if (typeof v !== 'number') return formatValue(v);
  const pct = fact.attribute === 'rate' ? v * 100 : v;
  return `${Number(pct.toPrecision(4))}%`;
}

export const observabilityRules: Rule[] = [
  {
    id: 'observability.alert-missing',
    dimension: 'observability',
    severity: 'high',
    title: 'An alert exists in one environment only',
    risk: 'An alert that only production has is never tested: failures in staging go unnoticed, and if its expression is broken (a renamed metric, a wrong label) nobody learns it until the incident it was meant to catch goes unreported.',
    remedy:
      'Deploy the same alert rules to staging (with its own env label) and route them somewhere people look; fire each alert in staging at least once.',
    appliesTo: (pair, ctx) => {
      const alert = alertOf(pair.key);
      return alert !== undefined && hasAlert(ctx.baseline, alert) !== hasAlert(ctx.candidate, alert);
    },
    judge(pair, ctx) {
      // The alert's other facts (threshold, for, severity) go with it: one finding per alert.
      if (!pair.key.endsWith('/expr')) return null;
      const kind = pairKind(pair);
      if (kind !== 'only-baseline' && kind !== 'only-candidate') return null;
      const alert = alertOf(pair.key)!;
      const { here, there, map } = sides(kind, ctx);
      const severity = map.get(`observability/alert/${alert}/severity`)?.value;
      return {
        kind,
        severity: kind === 'only-baseline' ? 'high' : 'low',
        message: `alert ${alert}${typeof severity === 'string' ? ` (${severity})` : ''} exists in ${here} only, not in ${there}: ${readableExpr(map, alert)}`,
      };
    },
  },
  {
    id: 'observability.alert-threshold-differs',
    dimension: 'observability',
    severity: 'medium',
    title: 'An alert fires at a different threshold or after a different wait',
    risk: 'Staging’s alert fires at another value or after another `for:` wait, so what staging shows about noise and detection time is not what production will do: an alert that never fires in staging can page every night in production, or stay silent through a real incident.',
    remedy:
      'Use the same threshold and `for:` in both environments; if staging’s traffic is too low, alert on ratios rather than counts.',
    appliesTo: (pair, ctx) => {
      const alert = alertOf(pair.key);
      return (
        alert !== undefined &&
        /\/(threshold|for)$/.test(pair.key) &&
        hasAlert(ctx.baseline, alert) &&
        hasAlert(ctx.candidate, alert)
      );
    },
    judge(pair, ctx) {
      // A threshold on one side only means the expressions differ: alert-expression-differs tells it.
      if (!bothSides(pair) || pairKind(pair) !== 'differs') return null;
      const alert = alertOf(pair.key)!;
      const show = (f: Fact) =>
        typeof f.value === 'number' && f.unit === 'ms' ? formatMs(f.value) : formatValue(f.value);
      const what = pair.baseline.attribute === 'for' ? 'waits (for:)' : 'threshold';
      const detail: Record<string, number> = {};
      if (typeof pair.baseline.value === 'number') detail.baseline = pair.baseline.value;
      if (typeof pair.candidate.value === 'number') detail.candidate = pair.candidate.value;
      return {
        kind: 'differs',
        message: `alert ${alert} ${what}: ${ctx.baselineName} ${show(pair.baseline)}, ${ctx.candidateName} ${show(pair.candidate)}`,
        detail,
      };
    },
  },
  {
    id: 'observability.alert-expression-differs',
    dimension: 'observability',
    severity: 'medium',
    title: 'An alert’s expression differs',
    risk: 'Staging evaluates a different query than production: a mistake in production’s expression (a wrong metric or label, a bad aggregation) is never exercised before it is needed.',
    remedy: 'Generate both environments’ rules from one template that differs only in environment labels.',
    appliesTo: (pair) =>
      pair.key.startsWith('observability/alert/') && pair.key.endsWith('/expr') && bothSides(pair),
    judge(pair, ctx) {
      if (pairKind(pair) !== 'differs') return null;
      const alert = alertOf(pair.key)!;
      return {
        kind: 'differs',
        message: `alert ${alert} expression: ${ctx.baselineName} ${readableExpr(ctx.baseline, alert)}; ${ctx.candidateName} ${readableExpr(ctx.candidate, alert)}`,
      };
    },
  },
  {
    id: 'observability.paging-route-missing',
    dimension: 'observability',
    severity: 'medium',
    title: 'Alerts page someone in one environment only',
    risk: 'Alerts whisper in staging (a Slack channel, or nowhere) while production pages on-call: no one learns before release that an alert is noisy, broken or routed to the wrong team, until it pages at 3am.',
    remedy:
      'Route staging’s critical alerts to a paging receiver too (a staging service or schedule in the same tool), or at least test the route with amtool and one fired alert per release.',
    appliesTo: (pair) =>
      pair.key === 'observability/paging/pages' || RECEIVER_KINDS.test(pair.key) || CREDENTIAL.test(pair.key),
    judge(pair, ctx) {
      if (CREDENTIAL.test(pair.key)) return null;
      return pair.key === 'observability/paging/pages'
        ? judgePages(pair, ctx)
        : judgeReceiverKinds(pair, ctx);
    },
  },
  {
    id: 'observability.sampling-differs',
    dimension: 'observability',
    severity: 'medium',
    title: 'Trace or error sampling differs',
    risk: 'With 100% sampled in staging and 1% in production, the traces and errors you debug with in staging will not exist in production when you need them; the reverse hides the cost and load of full sampling until production.',
    remedy:
      'Sample the same share in both environments, or keep errors and slow traces in full (tail sampling) wherever the share must differ.',
    appliesTo: (pair) => SAMPLING.test(pair.key),
    judge(pair, ctx) {
      const kind = pairKind(pair);
      if (!kind) return null;
      const what = SAMPLING.exec(pair.key)![1]!.replace(/\//g, ' ');
      if (kind !== 'differs') {
        const { here, there } = sides(kind, ctx);
        return {
          kind,
          severity: 'low',
          message: `${what} sampling is set in ${here} only (${share(anyFact(pair))}); ${there} runs with the default`,
        };
      }
      const b = pair.baseline!;
      const c = pair.candidate!;
      const ratio =
        typeof b.value === 'number' && typeof c.value === 'number' && b.value > 0 && c.value > b.value
          ? ` — ${ctx.candidateName} keeps ${Number((c.value / b.value).toPrecision(3))}x more`
          : '';
      return {
        kind,
        message: `${what} sampling: ${ctx.baselineName} ${share(b)}, ${ctx.candidateName} ${share(c)}${ratio}`,
      };
    },
  },
  {
    id: 'observability.error-reporting-missing',
    dimension: 'observability',
    severity: 'medium',
    title: 'Error reporting is configured in one environment only',
    risk: 'Without an error tracker in staging, its exceptions go unseen and the integration itself (release tags, source maps, scrubbing of personal data) is first exercised in production; without one in production, production’s errors reach no one.',
    remedy:
      'Configure the error reporter in both environments, with a separate project or environment tag for staging.',
    appliesTo: (pair) => pair.key.startsWith('observability/error-reporting/'),
    judge(pair, ctx) {
      const kind = pairKind(pair);
      if (kind !== 'only-baseline' && kind !== 'only-candidate') return null;
      const fact = anyFact(pair);
      const { here, there } = sides(kind, ctx);
      const scope = pair.key.split('/').slice(2, -1).join('/');
      const tool = REPORTER_NAMES[fact.attribute] ?? fact.attribute;
      return {
        kind,
        message: `${tool} is configured in ${here} only (${formatValue(fact.value)}${scope ? ` for ${scope}` : ''}); ${there} reports errors to no tracker`,
      };
    },
  },
  {
    id: 'observability.collector-out-of-scale',
    dimension: 'observability',
    severity: 'low',
    title: 'The collector’s memory limit is out of the declared scale',
    risk: 'The collector refuses data once memory_limiter trips: a collector sized differently from production’s (per instance, at the declared resource scale) never shows when production’s starts dropping spans and logs in a traffic spike.',
    remedy:
      'Give staging’s collector production’s memory limits per instance (`scale.resources`), and scale the number of instances instead.',
    appliesTo: (pair) =>
      anyFact(pair).dimension === 'observability' && anyFact(pair).compare === 'scaled' && bothSides(pair),
    judge: judgeScaled,
  },
  {
    id: 'observability.log-level-differs',
    dimension: 'observability',
    severity: 'low',
    title: 'The log level differs',
    risk: 'Staging logs at another level: the volume, cost and performance of production’s logging are untested, and the log lines an incident needs may exist only in staging.',
    remedy:
      'Log at the same level in both environments; raise verbosity per request or per pod when debugging.',
    appliesTo: (pair) => pair.key === 'observability/logging/level',
    judge(pair, ctx) {
      const kind = pairKind(pair);
      if (!kind) return null;
      return {
        kind,
        message: `log level (most verbose set): ${ctx.baselineName} ${formatValue(pair.baseline?.value)}, ${ctx.candidateName} ${formatValue(pair.candidate?.value)}`,
      };
    },
  },
];
