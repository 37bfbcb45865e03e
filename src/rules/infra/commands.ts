import { sidesMessage } from '../../compare/engine.js';
import { anyFact, pairKind, sidesOf } from '../../rule-kit/helpers.js';
import type { Rule } from '../../rule-kit/types.js';
import { formatValue, describeKey as label, setDelta } from '../../rule-kit/values.js';

const MOUNTS = /^infra\/workload\/[^/]+\/container\/[^/]+\/mounts$/;
const COMMAND = /^infra\/workload\/[^/]+\/container\/[^/]+\/(entrypoint|command|build-target)$/;

/**
 * What a container runs: its entrypoint and command (compose `entrypoint`/`command`, Kubernetes
 * `command`/`args`) and the Dockerfile stage it is built from (`build.target`). Staging started
 * with `npm run dev` from a `builder` stage is not production's `node dist/index.js`.
 */
export const commandRules: Rule[] = [
  {
    id: 'infra.command-differs',
    dimension: 'infra',
    severity: 'medium',
    title: 'The container runs another command or build stage',
    risk: 'What a container starts decides what is tested: a development server, other flags, another worker queue or a debug build stage in staging leaves the command production starts, and its start-up, untested.',
    remedy:
      "Start staging's containers with production's command and build stage; pass what must differ as configuration, not as another command.",
    appliesTo: (pair) => COMMAND.test(pair.key),
    judge(pair, ctx) {
      const kind = pairKind(pair);
      if (!kind) return null;
      if (kind === 'differs') return { kind, message: sidesMessage(label(pair.key), pair, ctx) };
      const fact = anyFact(pair);
      const { present, absent } = sidesOf(kind, ctx);
      const what = pair.key.endsWith('/build-target') ? 'builds its last stage' : "runs the image's own";
      return {
        kind,
        message: `${label(pair.key)} ${formatValue(fact.value)} in ${present} only; ${absent} ${what}`,
      };
    },
  },
  {
    id: 'infra.mounts-differ',
    dimension: 'infra',
    severity: 'medium',
    title: 'The container mounts storage elsewhere, or other storage',
    risk: 'Where a container keeps its data decides what survives a restart: a volume mounted at another path than the program writes to (or only in one environment) loses data in one and not the other, and source code bind-mounted from the host is not the image production runs.',
    remedy: "Mount staging's storage where production's is, with the same kind (volume, bind, tmpfs).",
    appliesTo: (pair) => MOUNTS.test(pair.key),
    judge(pair, ctx) {
      const kind = pairKind(pair);
      if (!kind) return null;
      if (kind !== 'differs') {
        const { present, absent } = sidesOf(kind, ctx);
        return {
          kind,
          message: `${label(pair.key)} ${formatValue(anyFact(pair).value)} in ${present} only; ${absent} mounts nothing`,
        };
      }
      const d = setDelta(pair.baseline!.value, pair.candidate!.value);
      const parts = [
        ...(d.onlyA.length ? [`${ctx.baselineName} only: ${d.onlyA.join(', ')}`] : []),
        ...(d.onlyB.length ? [`${ctx.candidateName} only: ${d.onlyB.join(', ')}`] : []),
      ];
      return { kind, message: `${label(pair.key)}: ${parts.join('; ')}` };
    },
  },
];
