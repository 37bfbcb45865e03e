import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { REPORT_FORMATS, SEVERITIES } from '../model/constants.js';
import { packageFile } from '../package-root.js';
import { registerDataCommands } from './commands/data/index.js';
import { registerTrafficCommands } from './commands/traffic/index.js';
import { addExamples } from './help.js';
import { run } from './run.js';

/** The CLI: each command parses its arguments and lazily imports the code it needs. */
export function buildProgram(): Command {
  const program = new Command('parity')
    .description(
      'Make staging tell the truth: every way staging differs from production, what it hides, and what the team decided.',
    )
    .version(ownVersion(), '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    // Usage mistakes exit 2 like every other Parity error (commander's own default is 1).
    .exitOverride((error) => {
      process.exit(error.exitCode === 0 ? 0 : 2);
    })
    .configureHelp({ sortSubcommands: false });

  const formatOption = () =>
    new Option('-f, --format <format>', 'report format').choices(REPORT_FORMATS).default('text');
  const failOnOption = () =>
    new Option(
      '--fail-on <severity>',
      'exit 1 when an undecided or drafted divergence is at or above this severity',
    )
      .choices(SEVERITIES)
      .default('low');
  const minSeverityOption = () =>
    new Option(
      '--min-severity <severity>',
      'show only findings at or above this severity (the report says how many it left out; the exit code is unchanged)',
    ).choices(SEVERITIES);
  const failOnDraftsOption = () =>
    new Option(
      '--fail-on-drafts',
      'exit 1 while any draft decision (draft: true) remains, whatever its severity',
    );

  program
    .command('demo')
    .description('audit the bundled example system (examples/shop), zero setup')
    .addOption(formatOption())
    .addOption(minSeverityOption())
    .option(
      '--no-db',
      'skip the two embedded PostgreSQL databases (faster; the data dimension is then unknown)',
    )
    .option('--no-color', 'no colours even on a terminal')
    .action((opts) => run(async () => (await import('./commands/demo.js')).demo(opts)));

  program
    .command('init')
    .description(
      'discover environments in a repository, write a commented parity.yaml, print the first audit',
    )
    .option('-d, --dir <dir>', 'the repository', '.')
    .option('-b, --baseline <env>', 'the environment the others are judged against (asked on a terminal)')
    .option('--force', 'overwrite an existing parity.yaml')
    .option('--no-audit', 'write parity.yaml without running the first audit')
    .option('--no-color', 'no colours even on a terminal')
    .action((opts) => run(async () => (await import('./commands/init.js')).initCommand(opts)));

  program
    .command('audit')
    .description('collect every environment in parity.yaml, compare each with the baseline, report')
    .option('-c, --config <file>', 'the policy file', 'parity.yaml')
    .addOption(formatOption())
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .addOption(failOnOption())
    .addOption(failOnDraftsOption())
    .addOption(minSeverityOption())
    .option('-e, --env <name...>', 'only these candidate environments')
    .option(
      '--allow-partial',
      'accept an audit in which a required source read nothing, or nothing was compared (exit 0/1, not 2)',
    )
    .option('--no-color', 'no colours even on a terminal')
    .option('--debug', 'print stack traces of internal errors')
    .action((opts) => run(async () => (await import('./commands/audit.js')).auditCommand(opts)));

  program
    .command('snapshot')
    .description('collect one environment into a snapshot file (run it inside that environment’s network)')
    .argument('<env>', 'environment name from parity.yaml')
    .option('-c, --config <file>', 'the policy file', 'parity.yaml')
    .option('-o, --output <file>', 'snapshot file (default: standard output)')
    .option('--debug', 'print stack traces of internal errors')
    .action((env, opts) =>
      run(async () => (await import('./commands/snapshot.js')).snapshotCommand(env, opts)),
    );

  program
    .command('compare')
    .description('compare two snapshot files offline')
    .argument('<baseline>', 'baseline snapshot (e.g. production.json)')
    .argument('<candidate>', 'candidate snapshot (e.g. staging.json)')
    .option('-c, --config <file>', 'policy file for scale, rename and decisions (optional)')
    .addOption(formatOption())
    .option('-o, --output <file>', 'write the report to a file')
    .addOption(failOnOption())
    .addOption(failOnDraftsOption())
    .addOption(minSeverityOption())
    .option('--allow-partial', 'accept snapshots in which a required source read nothing (exit 0/1, not 2)')
    .option('--no-color', 'no colours even on a terminal')
    .action((baseline, candidate, opts) =>
      run(async () => (await import('./commands/compare.js')).compareCommand(baseline, candidate, opts)),
    );

  program
    .command('decide')
    .description(
      'decide the undecided divergences: one by one on a terminal, or draft a decision for each (adopt Parity on a drifted system, then hold the line)',
    )
    .option('-c, --config <file>', 'the policy file', 'parity.yaml')
    .option('--write', 'write the drafts into the policy file (default: print them)')
    .option('--decision <kind>', 'decision to draft: accept, eliminate, test-elsewhere', 'accept')
    .option('--expires-in <days>', 'drafts expire after this many days, so they fire again', '90')
    .option(
      '--include <severities>',
      'also draft these severities as accept (critical and high are never drafted as accept otherwise), e.g. critical,high',
    )
    .option('-e, --env <name...>', 'only these candidate environments')
    .option('--no-interactive', 'on a terminal too, print drafts instead of asking')
    .addHelpText(
      'after',
      `
On a terminal, \`parity decide\` walks the undecided divergences, largest first, and asks for each:
accept / eliminate / test-elsewhere / skip, the reason, owner and expiry (the rule's explanation is
shown). Each answer is written into parity.yaml as a decision at once.

Elsewhere (a pipe, CI, --no-interactive, --write), it drafts one decision per undecided divergence:
  - a draft carries \`draft: true\` and a DRAFT reason; it is not a decision: it holds the gate
    (exit 1 at or above --fail-on) until someone writes its reason and removes \`draft: true\`;
  - an expired decision is renewed in place (new expiry, draft: true; reason, owner, control and
    comments kept), never duplicated;
  - a divergence that already has a draft is not drafted again;
  - critical and high divergences are not drafted as accept unless --include names them.`,
    )
    .action((opts) => run(async () => (await import('./commands/decide.js')).decideCommand(opts)));

  program
    .command('explain')
    .description('what a rule checks, the risk it names and the usual remedy')
    .argument('[rule]', 'rule id, e.g. config.timeout-differs (omit to list every rule)')
    .option('--no-color', 'no colours even on a terminal')
    .action((rule, opts) =>
      run(async () => (await import('./commands/explain.js')).explainCommand(rule, opts)),
    );

  program
    .command('sources')
    .description('the source kinds parity.yaml can name; with a KIND, its options and an example')
    .argument('[kind]', 'a source kind, e.g. postgres')
    .action((kind) => run(async () => (await import('./commands/sources.js')).sourcesCommand(kind)));

  registerDataCommands(program);
  registerTrafficCommands(program);
  addDebugEverywhere(program);
  addExamples(program);

  return program;
}

/** Every command takes `--debug` (the stack of an internal error), read by run() from argv. */
function addDebugEverywhere(command: Command): void {
  for (const sub of command.commands) {
    if (!sub.options.some((o) => o.long === '--debug'))
      sub.option('--debug', 'print the stack trace of an internal error');
    addDebugEverywhere(sub);
  }
}

/**
 * This installation's version, from its own package.json (not `npm_package_version`, which npm and
 * npx set to the version of the project they run in).
 */
function ownVersion(): string {
  try {
    const manifest = packageFile('package.json');
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
  } catch {
    // A build copied away from its package (bench/out/dist-before) still runs every command.
    return 'unknown (no package.json beside this build)';
  }
}
