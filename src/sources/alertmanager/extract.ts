import type { Fact, FactValue } from '../../model/fact.js';
import { makeFact } from '../../model/make-fact.js';
import { PAGING_KINDS } from '../../model/paging.js';
import type { Skip } from '../../model/snapshot.js';
import { parseDurationMs } from '../../units/duration.js';
import { protectValue } from '../secrets.js';
import type { Fingerprinter, SourceResult } from '../types.js';
import { type AlertmanagerConfig, type ConfigText, findConfigs } from './documents.js';
import { literalValues, matcherName } from './matchers.js';
import { globalCredentials, type ReceiverInfo, readReceivers, receiverCredentials } from './receivers.js';
import {
  allRoutes,
  type RouteNode,
  reachableRoutes,
  readRouteTree,
  routeAlert,
  type SkipAt,
} from './routes.js';

export type { ConfigText };

export interface ExtractInput {
  source: string;
  fingerprint: Fingerprinter;
  /** Labels whose matchers do not name routes (`env`, `namespace`, ...). */
  envLabels: ReadonlySet<string>;
  /** Labels every alert of this environment carries (external labels), for routing. */
  alertLabels: Readonly<Record<string, string>>;
}

/** Alertmanager's defaults for the root route. */
const TIMING: readonly { field: string; attribute: string; fallback: number }[] = [
  { field: 'group_wait', attribute: 'group-wait', fallback: 30_000 },
  { field: 'group_interval', attribute: 'group-interval', fallback: 300_000 },
  { field: 'repeat_interval', attribute: 'repeat-interval', fallback: 14_400_000 },
];

/**
 * An Alertmanager configuration in, facts out: each route's receiver and timing, which kinds of
 * receiver an alert of each severity reaches, whether the environment pages anyone at all, and
 * fingerprints of receiver credentials. Pure.
 */
export function extractAlertmanager(files: readonly ConfigText[], input: ExtractInput): SourceResult {
  const { configs, skips } = findConfigs(files, input.source);
  const [config, ...extra] = configs;
  if (!config) return { facts: [], skips };
  for (const e of extra) {
    skips.push({
      source: input.source,
      file: e.file,
      line: e.line,
      reason: `a second Alertmanager configuration: an environment runs one, so only ${config.file}:${config.line} is read`,
    });
  }
  return { facts: configFacts(config, input, skips), skips };
}

function configFacts(config: AlertmanagerConfig, input: ExtractInput, skips: Skip[]): Fact[] {
  const { value, file, lineOf } = config;
  const skip: SkipAt = (node, reason, key) =>
    skips.push({ source: input.source, file, line: lineOf(node, key) ?? config.line, reason });
  const receivers = readReceivers(value.receivers, skip, value);
  const credentials = { source: input.source, file, lineOf, fingerprint: input.fingerprint };
  const facts = [
    ...receiverCredentials(receivers, credentials),
    ...globalCredentials(value.global, credentials),
  ];
  const root = readRouteTree(value.route, input.envLabels, skip);
  if (!root) {
    skip(value, 'no `route:` mapping: Alertmanager needs a root route', 'route');
    return facts;
  }
  const missing = new Set<string>();
  for (const route of allRoutes(root)) {
    facts.push(...routeFacts(route, route === root, input, config, skip));
    if (route.receiver && !receivers.has(route.receiver) && !missing.has(route.receiver)) {
      missing.add(route.receiver);
      skip(route.node, `receiver ${route.receiver} is not defined under \`receivers:\``, 'receiver');
    }
  }
  return [...pagingFacts(root, receivers, input, config), ...facts];
}

function routeFacts(
  route: RouteNode,
  isRoot: boolean,
  input: ExtractInput,
  config: AlertmanagerConfig,
  skip: SkipAt,
): Fact[] {
  const { node } = route;
  const facts: Fact[] = [];
  const add = (attribute: string, value: FactValue, field: string, extra: Partial<Fact> = {}) =>
    facts.push(
      makeFact({
        dimension: 'observability',
        path: ['route', ...route.path, attribute],
        value,
        compare: extra.compare ?? 'exact',
        ...(extra.unit ? { unit: extra.unit } : {}),
        origin: {
          source: input.source,
          file: config.file,
          line: config.lineOf(node, field in node ? field : undefined),
        },
      }),
    );
  // Receiver names carry the environment (slack-staging): the route's existence is compared,
  // what it reaches is told by the paging facts.
  if (typeof node.receiver === 'string')
    add('receiver', protectValue('receiver', node.receiver, input.fingerprint), 'receiver', {
      compare: 'presence',
    });
  for (const { field, attribute, fallback } of TIMING) {
    if (node[field] === undefined || node[field] === null) {
      if (isRoot) add(attribute, fallback, field, { unit: 'ms' });
      continue;
    }
    const ms = parseDurationMs(node[field]);
    if (ms === undefined) skip(node, `expected \`${field}:\` as a duration such as 30s`, field);
    else add(attribute, ms, field, { unit: 'ms' });
  }
  for (const [field, attribute] of [
    ['group_by', 'group-by'],
    ['mute_time_intervals', 'mute-time-intervals'],
    ['active_time_intervals', 'active-time-intervals'],
  ] as const) {
    const list = node[field];
    if (!Array.isArray(list)) continue;
    // Label and time-interval names: identifiers, not values that could hold a secret.
    const names = list.filter((x): x is string => typeof x === 'string');
    add(attribute, [...new Set(names)].sort(), field, { compare: 'set' });
  }
  if (route.continue) add('continue', true, 'continue');
  return facts;
}

/** Severities worth asking about: the usual two, and every one a route matches on. */
function pagingSubjects(
  root: RouteNode,
  envLabels: ReadonlySet<string>,
): Map<string, Record<string, string>> {
  const severities = new Set(['critical', 'warning']);
  for (const route of allRoutes(root))
    for (const m of route.matchers)
      if (m.name === 'severity') for (const v of literalValues(m)) severities.add(v);
  const subjects = new Map<string, Record<string, string>>();
  for (const s of [...severities].sort())
    subjects.set(matcherName({ name: 'severity', op: '=', value: s }), { severity: s });
  // A top-level route on another label (team=payments): what a critical alert of that team reaches.
  for (const child of root.children) {
    const own = child.matchers.filter((m) => !envLabels.has(m.name));
    if (own.length === 0 || own.some((m) => m.op !== '=') || own.every((m) => m.name === 'severity'))
      continue;
    const labels: Record<string, string> = { severity: 'critical' };
    for (const m of own) labels[m.name] = m.value;
    subjects.set(own.map(matcherName).sort().join(','), labels);
  }
  return subjects;
}

function pagingFacts(
  root: RouteNode,
  receivers: ReadonlyMap<string, ReceiverInfo>,
  input: ExtractInput,
  config: AlertmanagerConfig,
): Fact[] {
  const kindsOf = (route: RouteNode) => (route.receiver ? (receivers.get(route.receiver)?.kinds ?? []) : []);
  const origin = (route: RouteNode) => ({
    source: input.source,
    file: config.file,
    line: config.lineOf(route.node, 'receiver' in route.node ? 'receiver' : undefined),
  });
  const facts: Fact[] = [];
  const assumed = new Set([...input.envLabels].filter((l) => !(l in input.alertLabels)));
  for (const [subject, labels] of pagingSubjects(root, input.envLabels)) {
    const reached = routeAlert(root, { ...input.alertLabels, ...labels }, assumed);
    const kinds = [...new Set(reached.flatMap(kindsOf))].sort();
    facts.push(
      makeFact({
        dimension: 'observability',
        path: ['paging', subject, 'receiver-kinds'],
        value: kinds,
        compare: 'set',
        origin: origin(reached[0]!),
      }),
    );
  }
  const paging = reachableRoutes(root, input.alertLabels).find((r) =>
    kindsOf(r).some((k) => PAGING_KINDS.has(k)),
  );
  facts.push(
    makeFact({
      dimension: 'observability',
      path: ['paging', 'pages'],
      value: paging !== undefined,
      origin: origin(paging ?? root),
    }),
  );
  return facts;
}
