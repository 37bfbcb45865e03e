import { sidesMessage } from '../../compare/engine.js';
import type { Severity } from '../../model/dimension.js';
import type { FactValue } from '../../model/fact.js';
import { anyFact, bothSides, pairKind, sidesOf } from '../../rule-kit/helpers.js';
import type { FactPair, Finding, Rule, RuleContext } from '../../rule-kit/types.js';
import { formatValue, describeKey as label, setDelta } from '../../rule-kit/values.js';
import { judgeScaledBySize as judgeScaled, SCALED_HIGH_FACTOR } from '../magnitude.js';
import { componentDisabled } from './components.js';

function hasPrefix(map: ReadonlyMap<string, unknown>, prefix: string): boolean {
  for (const key of map.keys()) if (key.startsWith(prefix)) return true;
  return false;
}

function asList(value: FactValue): string[] {
  return Array.isArray(value) ? value : [String(value)];
}

const RESOURCE = /^infra\/workload\/[^/]+\/container\/[^/]+\/(cpu|memory)-(request|limit)$/;
const PROBE = /^infra\/workload\/[^/]+\/container\/[^/]+\/probe\//;

function sided(pair: FactPair, ctx: RuleContext, what: string): Finding | null {
  const kind = pairKind(pair);
  if (!kind) return null;
  if (kind === 'differs') return { kind, message: sidesMessage(label(pair.key), pair, ctx) };
  const { present, absent } = sidesOf(kind, ctx);
  const fact = anyFact(pair);
  return {
    kind,
    message: `${what} in ${present} only (${formatValue(fact.value, fact.unit)}); ${absent} has none`,
  };
}

/**
 * Registries everyone pulls from: both environments pulling public images from them share nothing
 * the team runs. A private registry (its own host, a cloud account's ECR/ACR/Artifact Registry) is
 * substrate.
 */
const PUBLIC_REGISTRIES = new Set([
  'docker.io',
  'ghcr.io',
  'gcr.io',
  'quay.io',
  'public.ecr.aws',
  'registry.k8s.io',
  'k8s.gcr.io',
  'mcr.microsoft.com',
]);

export const infraRules: Rule[] = [
  componentDisabled,
  {
    id: 'infra.workload-missing',
    dimension: 'infra',
    severity: 'high',
    title: 'A workload runs in one environment only',
    risk: 'A service, worker or job that exists only in production is never deployed, started or load-tested anywhere before it meets real traffic.',
    remedy: 'Deploy it to staging too (scaled down), or record where it is tested instead.',
    appliesTo: (pair) => /^infra\/workload\/[^/]+\/kind$/.test(pair.key) && !bothSides(pair),
    judge(pair, ctx) {
      const kind = pairKind(pair)!;
      const fact = anyFact(pair);
      // A one-sided CronJob is reported by deploys.cronjob-missing, with its schedule.
      if (fact.value === 'CronJob') return null;
      return {
        kind,
        severity: kind === 'only-baseline' ? 'high' : 'low',
        message: `${formatValue(fact.value)} ${fact.subject} runs in ${sidesOf(kind, ctx).present} only`,
      };
    },
  },
  {
    id: 'infra.single-replica',
    dimension: 'infra',
    severity: 'high',
    title: 'One replica in staging where production runs several',
    risk: 'With one instance, races between instances never happen: double-processed jobs, lost updates, cache incoherence, sticky-session bugs and rolling-deploy overlap only show in production.',
    remedy: 'Run at least two replicas in staging for every workload production runs with more than one.',
    appliesTo: (pair) =>
      /\/replicas$/.test(pair.key) &&
      pair.key.startsWith('infra/workload/') &&
      bothSides(pair) &&
      pair.candidate.value === 1 &&
      typeof pair.baseline.value === 'number' &&
      pair.baseline.value > 1,
    judge: (pair, ctx) => ({
      kind: 'out-of-scale',
      message: sidesMessage(`${pair.baseline!.subject} replicas`, pair, ctx),
    }),
  },
  {
    id: 'infra.replicas-out-of-scale',
    dimension: 'infra',
    severity: 'medium',
    title: 'Replicas out of the declared scale',
    risk: 'Capacity per instance and the load each one sees differ from what the declared scale promises; saturation and scheduling problems show only in production.',
    remedy: `Set staging’s replicas to production’s times \`scale.replicas\`, or correct the declared scale. HIGH when staging is ${SCALED_HIGH_FACTOR} times or more away from the expected count.`,
    appliesTo: (pair) => /^infra\/workload\/[^/]+\/replicas$/.test(pair.key) && bothSides(pair),
    judge: judgeScaled,
  },
  {
    id: 'infra.resources-out-of-scale',
    dimension: 'infra',
    severity: 'medium',
    title: 'CPU or memory per instance out of the declared scale',
    risk: 'Per-instance resources decide GC pauses, OOM kills and CPU throttling; staging with more headroom hides them, staging with less fails for the wrong reason.',
    remedy: `Give staging production’s requests and limits per instance (\`scale.resources: 1\`); scale the replica count instead. HIGH when staging is ${SCALED_HIGH_FACTOR} times or more away from the expected amount.`,
    appliesTo: (pair) => RESOURCE.test(pair.key) && bothSides(pair),
    judge: judgeScaled,
  },
  {
    id: 'infra.resources-only-one',
    dimension: 'infra',
    severity: 'medium',
    title: 'Requests or limits set in one environment only',
    risk: 'Without limits a container never gets throttled or OOM-killed; with them it does. The environment without them cannot show the failure.',
    remedy: 'Set the same requests and limits in both environments.',
    appliesTo: (pair) => RESOURCE.test(pair.key),
    judge: (pair, ctx) => sided(pair, ctx, label(pair.key)),
  },
  {
    id: 'infra.autoscaling-differs',
    dimension: 'infra',
    severity: 'medium',
    title: 'Autoscaling differs',
    risk: 'Scale-out timing, cold starts and the load at which new pods arrive are never exercised where autoscaling is off or bounded differently.',
    remedy: 'Run an autoscaler in staging with the same metrics and proportional bounds.',
    appliesTo: (pair) => pair.key.startsWith('infra/autoscaling/'),
    judge(pair, ctx) {
      if (bothSides(pair)) {
        if (typeof pair.baseline.value === 'number') return judgeScaled(pair, ctx);
        return sided(pair, ctx, label(pair.key));
      }
      const fact = anyFact(pair);
      const here = pair.baseline ? ctx.baseline : ctx.candidate;
      const there = pair.baseline ? ctx.candidate : ctx.baseline;
      const prefix = `infra/autoscaling/${fact.subject}/`;
      // An autoscaler on one side only is one finding, told on its max-replicas fact; a single
      // bound missing while the other side autoscales is a finding of its own.
      if (hasPrefix(there, prefix)) return sided(pair, ctx, label(pair.key));
      if (fact.attribute !== 'max-replicas') return null;
      const min = here.get(`${prefix}min-replicas`)?.value;
      const side = pair.baseline ? ctx.baselineName : ctx.candidateName;
      const other = pair.baseline ? ctx.candidateName : ctx.baselineName;
      return {
        kind: pairKind(pair)!,
        message: `${fact.subject} autoscales in ${side} only (${min ?? '?'}–${formatValue(fact.value)} replicas); ${other} has a fixed count`,
      };
    },
  },
  {
    id: 'infra.image-differs',
    dimension: 'infra',
    severity: 'medium',
    title: 'The image differs',
    risk: 'Staging tests a different build than production runs: the difference between the tags is untested, and a mutable tag can change under both.',
    remedy: 'Promote the same image digest from staging to production; pin by digest.',
    appliesTo: (pair) => /\/container\/[^/]+\/image$/.test(pair.key) && bothSides(pair),
    judge(pair, ctx) {
      if (pairKind(pair) !== 'differs') return null;
      return { kind: 'differs', message: sidesMessage(`${label(pair.key)}`, pair, ctx) };
    },
  },
  {
    id: 'infra.probe-differs',
    dimension: 'infra',
    severity: 'medium',
    title: 'A health probe differs or is missing',
    risk: 'Probes decide when traffic arrives and when pods restart; a missing or looser probe in staging hides slow starts, restart loops and traffic sent to pods that are not ready.',
    remedy: 'Use the same liveness, readiness and startup probes in both environments.',
    appliesTo: (pair) => PROBE.test(pair.key),
    judge: (pair, ctx) => sided(pair, ctx, `${label(pair.key)}`),
  },
  {
    id: 'infra.topology-differs',
    dimension: 'infra',
    severity: 'medium',
    title: 'Zones or topology spread differ',
    risk: 'Cross-zone latency, zone failures and uneven spreading never show where everything runs in one zone.',
    remedy: 'Spread staging across zones the way production is spread, even with fewer replicas.',
    appliesTo: (pair) => /^infra\/workload\/[^/]+\/(topology-spread|zones)$/.test(pair.key),
    judge(pair, ctx) {
      const kind = pairKind(pair);
      if (!kind) return null;
      if (kind !== 'differs') return sided(pair, ctx, label(pair.key));
      const d = setDelta(pair.baseline!.value, pair.candidate!.value);
      return {
        kind,
        message: `${label(pair.key)}: ${ctx.baselineName} ${formatValue(pair.baseline!.value)}, ${ctx.candidateName} ${formatValue(pair.candidate!.value)}${d.onlyA.length ? ` (missing in ${ctx.candidateName}: ${d.onlyA.join(', ')})` : ''}`,
      };
    },
  },
  {
    id: 'infra.disruption-budget-differs',
    dimension: 'infra',
    severity: 'medium',
    title: 'A disruption budget exists or is set differently in one environment',
    risk: 'Node drains, cluster upgrades and autoscaler scale-downs behave differently: without a budget all replicas can go at once; with one, a drain can hang. Neither shows in the environment that lacks it.',
    remedy: 'Give staging the same PodDisruptionBudget (proportional to its replicas).',
    appliesTo: (pair) => pair.key.startsWith('infra/pdb/'),
    judge: (pair, ctx) => sided(pair, ctx, label(pair.key)),
  },
  {
    id: 'infra.instance-type-differs',
    dimension: 'infra',
    severity: 'medium',
    title: 'Workloads are pinned to different instance types',
    risk: 'CPU generation, memory per node and network bandwidth differ: latency and throughput measured in staging do not carry over, and out-of-memory or noisy-neighbour behaviour differs.',
    remedy: 'Run staging on the instance family production uses, if fewer of them.',
    appliesTo: (pair) => /^infra\/workload\/[^/]+\/(instance-types|node-selector)$/.test(pair.key),
    judge: (pair, ctx) => sided(pair, ctx, label(pair.key)),
  },
  {
    id: 'infra.cdn-only-one',
    dimension: 'infra',
    severity: 'high',
    title: 'A CDN or cache layer sits in front of one environment only',
    risk: 'Caching changes what users see (stale pages, cached errors, missing cache headers, cookies stripped) and hides origin load; staging without it cannot show cache bugs or a cold-cache stampede.',
    remedy: 'Put the same CDN or cache (a staging zone or distribution) in front of staging.',
    appliesTo: (pair) => /^infra\/ingress\/[^/]+\/cdn$/.test(pair.key),
    judge(pair, ctx) {
      const kind = pairKind(pair);
      if (!kind) return null;
      const fact = anyFact(pair);
      if (kind === 'differs')
        return { kind, message: sidesMessage(`ingress ${fact.subject} CDN`, pair, ctx) };
      const { present } = sidesOf(kind, ctx);
      return {
        kind,
        message: `ingress ${fact.subject}: ${formatValue(fact.value)} in front of ${present} only`,
      };
    },
  },
  {
    id: 'infra.shared-substrate',
    dimension: 'infra',
    severity: 'high',
    title: 'Staging and production share a cluster, namespace, registry or database host',
    risk: 'Shared substrate couples the environments: a staging load test or migration can starve or break production, and staging inherits production’s capacity so it never shows its own limits.',
    remedy:
      'Separate what is shared, or record it as accepted with the control (quotas, separate node pools, read-only roles) that contains it.',
    appliesTo: (pair) => pair.key.startsWith('infra/substrate/'),
    judge(pair, ctx) {
      if (!bothSides(pair)) return null;
      const [, , what = '', item] = pair.key.split('/');
      // Per-item keys (infra/substrate/database-host/<host>): present on both sides means shared.
      const shared = (
        item ? [item] : asList(pair.baseline.value).filter((x) => asList(pair.candidate.value).includes(x))
      ).filter((x) => what !== 'registry' || !PUBLIC_REGISTRIES.has(x));
      if (shared.length === 0) return null;
      const label = what.replace('-', ' ');
      const severity: Severity = what === 'registry' ? 'low' : what === 'database-host' ? 'critical' : 'high';
      if (what === 'namespace') {
        // A namespace is a name inside a cluster: the same name in two clusters shares nothing.
        const clusters = sharedClusters(ctx);
        if (clusters === 'different') return null;
        if (clusters === 'unknown')
          return {
            kind: 'shared',
            severity: 'low',
            message: `namespace ${shared.join(', ')} is named in both ${ctx.baselineName} and ${ctx.candidateName}; whether they run in one cluster is unknown (no cluster read on both sides)`,
          };
      }
      const via = item
        ? ` (${ctx.baselineName} ${pair.baseline.value}, ${ctx.candidateName} ${pair.candidate.value})`
        : '';
      if (what === 'database-host' && item && isLocalName(item)) {
        // A compose service of each side's own project: each project has its own network, where
        // the name is its own container.
        if (composeServiceOnBothSides(item, ctx)) return null;
        // `mysql`, `db:5432`: a Service or compose service name, resolved inside each environment's
        // own namespace or network. One database only when both run in one namespace of one cluster.
        const where = sharedNamespace(ctx);
        if (where === 'different') return null;
        if (where === 'unknown')
          return {
            kind: 'shared',
            severity: 'low',
            message: `database host ${item} is the same bare name in ${ctx.baselineName} and ${ctx.candidateName}${via}; it resolves inside each environment's own namespace or network, and whether they share one is unknown (namespace or cluster not read on both sides)`,
          };
      }
      return {
        kind: 'shared',
        severity,
        message: `${label} ${shared.join(', ')} serves both ${ctx.baselineName} and ${ctx.candidateName}${via}`,
      };
    },
  },
];

/** The host (port aside) is a compose service each side defines itself. */
function composeServiceOnBothSides(host: string, ctx: RuleContext): boolean {
  const key = `infra/workload/${host.replace(/:\d+$/, '')}/kind`;
  return (
    ctx.baseline.get(key)?.value === 'compose-service' && ctx.candidate.get(key)?.value === 'compose-service'
  );
}

/** A host name of one label (no domain, not an address): resolved by each environment's own DNS search path. */
function isLocalName(host: string): boolean {
  const name = host.replace(/:\d+$/, '');
  return !name.includes('.') && !name.includes(':') && /[a-z_-]/i.test(name);
}

/** Whether the two sides run in one namespace of one cluster: a bare host name is shared only then. */
function sharedNamespace(ctx: RuleContext): 'same' | 'different' | 'unknown' {
  const b = ctx.baseline.get('infra/substrate/namespace');
  const c = ctx.candidate.get('infra/substrate/namespace');
  if (!b || !c) return 'unknown';
  const theirs = asList(c.value);
  if (!asList(b.value).some((x) => theirs.includes(x))) return 'different';
  const clusters = sharedClusters(ctx);
  return clusters === 'same' ? 'same' : clusters;
}

/** Whether both sides name a cluster, and whether any is the same: namespaces are shared only then. */
function sharedClusters(ctx: RuleContext): 'same' | 'different' | 'unknown' {
  const b = ctx.baseline.get('infra/substrate/cluster');
  const c = ctx.candidate.get('infra/substrate/cluster');
  if (!b || !c) return 'unknown';
  const theirs = asList(c.value);
  return asList(b.value).some((x) => theirs.includes(x)) ? 'same' : 'different';
}
