/**
 * Files that are not an environment's configuration, whatever their names say: the developers'
 * machine, tests and their fixtures, CI test values, scripts' inputs, examples. Init never takes
 * them as evidence of an environment nor as a source; it says which it set aside and why.
 */
const RULES: readonly (readonly [RegExp, string])[] = [
  [/(^|\/)\.devcontainer\//, "a dev container: the developers' machine, not an environment"],
  [
    /(^|\/)ci\//,
    'CI test values (chart-testing `ci/*-values.yaml`) or CI tooling, not a deployed environment',
  ],
  [/(^|\/)scripts?\//, "a script's input, not how an environment is defined"],
  [/(^|\/)templates\/tests?\//, 'a Helm test hook, run by `helm test`, not deployed'],
  [/[_.]tests?\.ya?ml$/i, 'a test file (promtool rule unit tests are `*_test.yaml`)'],
  [/(^|\/)[^/]*synthetic[^/]*/i, 'a synthetic-test app: it probes an environment, it is not one'],
  [
    /(^|\/)(tests?|__tests__|specs?|e2e|cypress|playwright|testdata|test-data|fixtures|__fixtures__|mocks?|__mocks__)\//i,
    'tests and their fixtures',
  ],
  [/(^|\/)(examples?|samples?|docs?)\//i, 'an example or documentation'],
  [/\.(example|sample|template|tmpl|dist|bak|backup|orig)$/i, 'an example, template or backup copy'],
  [/(^|\/)\.(idea|vscode)\//, 'editor settings'],
  [/(^|\/)[^/]*[-.]lock\.ya?ml$/i, 'a lock file'],
];

/** Why init sets a file aside, or undefined when it may be evidence. */
export function excludedBecause(file: string): string | undefined {
  // Workflows are read as one folder; a test workflow may still name the environments it deploys.
  if (file.startsWith('.github/workflows/')) return undefined;
  for (const [pattern, reason] of RULES) if (pattern.test(file)) return reason;
  return undefined;
}
