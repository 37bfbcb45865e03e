import { sidesMessage } from '../../compare/engine.js';
import { anyFact, pairKind, sidesOf } from '../../rule-kit/helpers.js';
import type { Rule } from '../../rule-kit/types.js';
import { formatValue, describeKey as label } from '../../rule-kit/values.js';

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
];
