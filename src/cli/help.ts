import type { Command } from 'commander';

/** Examples per command path (`data plans`), shown at the end of its --help. */
const EXAMPLES: Record<string, string[]> = {
  '': [
    'parity demo',
    'parity init',
    'parity audit',
    'parity decide',
    'parity explain config.timeout-differs',
  ],
  demo: ['parity demo', 'parity demo --no-db -f markdown > demo.md'],
  init: ['parity init', 'parity init -d path/to/repo -b production --no-audit'],
  audit: [
    'parity audit',
    'parity audit -c deploy/parity.yaml -e staging --fail-on high',
    'parity audit -f markdown -o parity-report.md --allow-partial',
    'parity audit --min-severity high   # show high and critical; the exit code is unchanged',
  ],
  snapshot: ['PARITY_FINGERPRINT_KEY=... parity snapshot production -o production.json'],
  compare: [
    'parity compare production.json staging.json',
    'parity compare production.json staging.json -c parity.yaml -f json',
  ],
  decide: [
    'parity decide                          # on a terminal: decide one by one',
    'parity decide --write                  # draft every undecided divergence into parity.yaml',
    'parity decide --write --include high   # high ones too (critical stays yours to decide)',
    'parity decide --write --expires-in 30',
    'parity audit --fail-on-drafts          # CI: exit 1 while drafts remain',
  ],
  explain: ['parity explain', 'parity explain infra.replicas-out-of-scale'],
  sources: ['parity sources', 'parity sources helm-values'],
  data: ['parity data plans --queries db/queries.sql', 'parity data rehearse --queries db/queries.sql'],
  'data plans': [
    'parity data plans --queries db/queries.sql',
    'parity data plans --top 20 --baseline-url "$PROD_RO_URL" --candidate-url "$STAGING_URL" --scale 0.01',
  ],
  'data rehearse': [
    'parity data rehearse --queries db/queries.sql',
    'parity data rehearse --queries db/queries.sql --schema db/migrations --from-snapshot production.json',
  ],
  traffic: ['parity traffic profile /var/log/nginx/access.log*', 'parity traffic k6 access.log -o load.js'],
  'traffic profile': [
    'parity traffic profile /var/log/nginx/access.log*',
    'parity traffic profile app.log --log-format json --fields \'{"path":"req.url","duration":"ms"}\' -f json',
  ],
  'traffic replay': [
    'parity traffic replay access.log --target http://staging.internal:8080 --rate 50% --duration 2m',
    'parity traffic replay .parity/traffic-profile.json --target http://127.0.0.1:8080 --rate 200/s',
  ],
  'traffic k6': [
    'parity traffic k6 access.log -o load.js --target https://staging.example.org',
    'parity traffic k6 access.log -o load.js --allow-methods POST,PUT --body-template bodies.yaml',
  ],
};

const EXIT_CODES = `Exit codes:
  0  nothing undecided at or above --fail-on (or the command did its job)
  1  undecided divergences (audit, compare), plan flips (data plans), failed sends (traffic replay)
  2  usage, configuration or internal error, or the run could not judge (a required source unread)`;

/** The path of a command below the program: `data plans`. */
function pathOf(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Every command's --help ends with examples and the exit codes; a test checks none is missing. */
export function addExamples(command: Command): void {
  const examples = EXAMPLES[pathOf(command)];
  if (examples)
    command.addHelpText(
      'after',
      `\nExamples:\n${examples.map((e) => `  $ ${e}`).join('\n')}\n\n${EXIT_CODES}\n`,
    );
  for (const sub of command.commands) addExamples(sub);
}

/** Command paths that have examples (for the test). */
export function examplePaths(): string[] {
  return Object.keys(EXAMPLES);
}
