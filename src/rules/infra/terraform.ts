import { sidesMessage } from '../../compare/engine.js';
import { anyFact, bothSides, pairKind, sidesOf, textOf } from '../../rule-kit/helpers.js';
import type { FactPair, Finding, Rule, RuleContext } from '../../rule-kit/types.js';
import { describeKey, formatValue, judgeScaled } from '../../rule-kit/values.js';
import { plural } from '../../units/plural.js';
import {
  oneSidedTerraform,
  resourcePrefixes,
  TERRAFORM_KEY,
  terraformOnOneSide,
} from '../terraform-scope.js';

const RESOURCE_KEY = /^infra\/terraform\/([^/]+)\/([^/]+)\/(.+)$/;
const CLASS_ATTRIBUTES = new Set([
  'instance_type',
  'instance_class',
  'db_cluster_instance_class',
  'node_type',
  'instance_types',
  'machine_type',
  'node_config.machine_type',
  'settings.tier',
  'tier',
  'size',
  'vm_size',
  'sku',
  'sku_name',
  'default_node_pool.vm_size',
  'cluster_config.instance_type',
  'broker_node_group_info.instance_type',
]);
const MULTI_AZ_ATTRIBUTES = new Set([
  'multi_az',
  'multi_az_enabled',
  'az_mode',
  'settings.availability_type',
  'high_availability.mode',
  'cluster_config.zone_awareness_enabled',
]);
const ENGINE_ATTRIBUTES = new Set([
  'engine',
  'engine_version',
  'major_engine_version',
  'database_version',
  'redis_version',
  'kafka_version',
]);
/** Burstable families: a steady load drains their CPU credits, and then they crawl. */
const BURSTABLE =
  /(^|\.)t[2-4]g?\.|^(e2-(micro|small|medium)|f1-micro|g1-small|db-f1-micro|db-g1-small)$|^(Standard_)?B\d|^B_/i;

interface Parts {
  type: string;
  name: string;
  attribute: string;
}

function parts(key: string): Parts | undefined {
  const m = RESOURCE_KEY.exec(key);
  return m ? { type: m[1]!, name: m[2]!, attribute: m[3]! } : undefined;
}

function label(key: string): string {
  const p = parts(key);
  return p ? `${p.type} ${p.name} ${p.attribute}` : key.split('/').slice(1).join(' ');
}

/** The instance's resource exists on the other side (any fact of it), so the pair is its own story. */
function resourceOnBothSides(pair: FactPair, ctx: RuleContext): boolean {
  const m = /^(infra\/terraform\/[^/]+\/[^/]+\/)/.exec(pair.key);
  if (!m) return true;
  return resourcePrefixes(ctx.baseline).has(m[1]!) && resourcePrefixes(ctx.candidate).has(m[1]!);
}

function attributeIn(set: ReadonlySet<string>) {
  return (pair: FactPair, ctx: RuleContext) => {
    const p = parts(pair.key);
    return p !== undefined && set.has(p.attribute) && resourceOnBothSides(pair, ctx);
  };
}

function differs(pair: FactPair, ctx: RuleContext, note = ''): Finding | null {
  const kind = pairKind(pair);
  if (!kind) return null;
  return { kind, message: `${sidesMessage(label(pair.key), pair, ctx)}${note}` };
}

function majorOf(value: string | undefined): string {
  return (value ?? '').replace(/^[a-z_]*?(?=\d)/i, '').split('.')[0] ?? '';
}

/** `1 instance`, `3 instances`; a count that is no number as the value it is. */
function instances(value: unknown): string {
  return typeof value === 'number' ? plural(value, 'instance') : `${formatValue(value as never)} instances`;
}

export const terraformRules: Rule[] = [
  {
    id: 'infra.resource-missing',
    dimension: 'infra',
    severity: 'medium',
    title: 'A cloud resource exists in one environment only',
    risk: 'A WAF, replica, queue or cache that only production has is never configured, deployed or failed over anywhere before production depends on it.',
    remedy: 'Create it in staging too (smaller if need be), or record where it is tested.',
    // First of the Terraform rules: it also silences every one-sided fact when the other side read
    // no Terraform at all (its scan tells that once).
    appliesTo: (pair, ctx) =>
      (TERRAFORM_KEY.test(pair.key) && oneSidedTerraform(pair, ctx)) ||
      (RESOURCE_KEY.test(pair.key) && !bothSides(pair) && !resourceOnBothSides(pair, ctx)),
    judge(pair, ctx) {
      // One finding per resource, told on its count; its attributes are part of the same story.
      if (!pair.key.endsWith('/count') || oneSidedTerraform(pair, ctx)) return null;
      const kind = pairKind(pair)!;
      const p = parts(pair.key)!;
      const { present: side } = sidesOf(kind, ctx);
      return {
        kind,
        severity: kind === 'only-baseline' ? 'medium' : 'low',
        message: `${p.type} ${p.name} exists in ${side} only (${instances(anyFact(pair).value)})`,
      };
    },
    scan(ctx) {
      const side = terraformOnOneSide(ctx);
      if (!side) return [];
      const [present, absent] =
        side === 'baseline' ? [ctx.baselineName, ctx.candidateName] : [ctx.candidateName, ctx.baselineName];
      const map = side === 'baseline' ? ctx.baseline : ctx.candidate;
      const count = [...map.keys()].filter((k) => /^infra\/terraform\/.+\/count$/.test(k)).length;
      return [
        {
          kind: side === 'baseline' ? 'only-baseline' : 'only-candidate',
          key: 'infra/terraform',
          message: `Terraform evidence was read for ${present} only (${count} resources); ${absent}'s infrastructure is not compared: add its \`terraform show -json\``,
        },
      ];
    },
  },
  {
    id: 'infra.capacity-out-of-scale',
    dimension: 'infra',
    severity: 'medium',
    title: 'Cloud capacity out of the declared scale',
    risk: 'Instance counts, node pools and cache replicas decide failover and load distribution; a single node in staging never shows what happens when one of several fails or when load is spread.',
    remedy:
      'Size staging’s groups and counts at production’s times `scale.replicas`, with at least two where production has several.',
    appliesTo: (pair) => RESOURCE_KEY.test(pair.key) && bothSides(pair) && anyFact(pair).compare === 'scaled',
    judge(pair, ctx) {
      const attribute = parts(pair.key)?.attribute ?? '';
      // As infra.single-replica for workloads: one where production runs several is never in scale.
      if (
        pair.candidate!.value === 1 &&
        Number(pair.baseline!.value) > 1 &&
        !/(^|[._])(min|max)/.test(attribute)
      ) {
        return {
          kind: 'out-of-scale',
          severity: 'high',
          message: `${sidesMessage(label(pair.key), pair, ctx)} — one where ${ctx.baselineName} runs several`,
        };
      }
      const finding = judgeScaled(pair, ctx);
      return (
        finding && {
          ...finding,
          message: `${label(pair.key)}${finding.message.slice(describeKey(pair.key).length)}`,
        }
      );
    },
  },
  {
    id: 'infra.instance-class-differs',
    dimension: 'infra',
    severity: 'medium',
    title: 'Instance, database or cache class differs',
    risk: 'A db.t3.micro is not a small db.r6g.2xlarge: CPU credits, memory (and so cache hit rates and plan choices), network and IOPS differ, so latency, timeouts and OOMs measured in staging do not carry over.',
    remedy: 'Run staging on the same family as production, one size down at most; scale the count instead.',
    appliesTo: attributeIn(CLASS_ATTRIBUTES),
    judge(pair, ctx) {
      const c = textOf(pair.candidate);
      const b = textOf(pair.baseline);
      const note =
        c && b && BURSTABLE.test(c) && !BURSTABLE.test(b)
          ? ` — ${ctx.candidateName}'s is burstable: under steady load it runs out of CPU credits`
          : '';
      return differs(pair, ctx, note);
    },
  },
  {
    id: 'infra.multi-az-differs',
    dimension: 'infra',
    severity: 'medium',
    title: 'Redundancy across zones differs',
    risk: 'Failover (a primary lost, a zone down, a maintenance reboot) and the write latency of synchronous replicas exist only where the resource spans zones: staging never rehearses them.',
    remedy: 'Make staging multi-AZ too, at least for the databases and caches the application fails over.',
    appliesTo: attributeIn(MULTI_AZ_ATTRIBUTES),
    judge: (pair, ctx) => differs(pair, ctx),
  },
  {
    id: 'infra.engine-version-differs',
    dimension: 'infra',
    severity: 'high',
    title: 'The database or cache engine or its version differs',
    risk: 'Query planning, SQL features, defaults, replication and client compatibility change between engine versions: a query or migration that works in staging can fail or slow down in production.',
    remedy: 'Run the same engine and version in both; upgrade staging first and promote the version.',
    appliesTo: attributeIn(ENGINE_ATTRIBUTES),
    judge(pair, ctx) {
      const finding = differs(pair, ctx);
      if (finding?.kind !== 'differs') return finding;
      const sameMajor = majorOf(textOf(pair.baseline)) === majorOf(textOf(pair.candidate));
      return sameMajor && parts(pair.key)?.attribute !== 'engine'
        ? { ...finding, severity: 'medium', message: `${finding.message} (same major version)` }
        : finding;
    },
  },
  {
    id: 'infra.dns-ttl-differs',
    dimension: 'infra',
    severity: 'low',
    title: 'A DNS record’s TTL differs',
    risk: 'A cutover, failover or rollback that relies on a short TTL takes as long as the longest TTL clients cached; rehearsed in staging with another TTL, it is timed wrong.',
    remedy: 'Use production’s TTLs in staging for the records a cutover changes.',
    appliesTo: (pair) => /^infra\/dns\/[^/]+\/([a-z0-9]+-)?ttl$/.test(pair.key),
    judge(pair, ctx) {
      const kind = pairKind(pair);
      if (!kind) return null;
      const host = pair.key.split('/')[2] ?? '';
      if (kind === 'differs')
        return { kind, message: sidesMessage(`${host} ${anyFact(pair).attribute}`, pair, ctx) };
      const { present: side } = sidesOf(kind, ctx);
      return { kind, message: `${host} has a DNS record in ${side} only` };
    },
  },
  {
    id: 'infra.tls-issuer-differs',
    dimension: 'infra',
    severity: 'medium',
    title: 'TLS certificates come from different issuers',
    risk: 'Chain validation, pinning, renewal and CAA records differ: a client that trusts staging’s chain (or skips verification because staging is self-signed) can fail against production’s, and renewal is never rehearsed.',
    remedy: 'Issue staging’s certificates the way production’s are issued (same CA and validation).',
    appliesTo: (pair) => /^infra\/tls\/[^/]+\/issuer$/.test(pair.key) && bothSides(pair),
    judge: (pair, ctx) => {
      const kind = pairKind(pair);
      return kind
        ? { kind, message: sidesMessage(`${pair.key.split('/')[2]} certificate issuer`, pair, ctx) }
        : null;
    },
  },
];
