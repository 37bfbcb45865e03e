import type { Discovery, Proposal } from './discover.js';

/** A commented parity.yaml for what discovery found. Pure. */
export function renderPolicy(
  found: Discovery,
  baseline: string,
  today: string,
  schema?: string,
  baselineIsProduction = true,
): string {
  const out: string[] = [
    // Editors with a YAML language server complete and check the file against it (README).
    ...(schema ? [`# yaml-language-server: $schema=${schema}`] : []),
    `# Parity policy, drafted by \`parity init\` on ${today}. Review the sources, then run \`parity audit\`.`,
    'version: 1',
    `baseline: ${baseline}                # what the other environments are judged against`,
    ...(baselineIsProduction
      ? []
      : [
          '# No environment is named as production: the baseline is the closest found. Add production if it exists.',
        ]),
    '',
    'environments:',
  ];
  for (const env of found.environments) {
    out.push(`  ${env}:`);
    if (env === baseline && baselineIsProduction)
      out.push('    production: true        # sources stay strictly read-only; replay refuses it');
    out.push('    sources:');
    const proposals = [...(found.perEnvironment[env] ?? []), ...found.shared];
    if (proposals.length === 0) out.push('      []');
    for (const p of proposals) out.push(...renderSource(p));
  }
  out.push(
    '',
    '# How staging is expected to differ in size (candidate = baseline x ratio). 1 means "the same".',
    'scale:',
    '  replicas: 1',
    '  resources: 1',
    '  data: 1',
    '  traffic: 1',
    '',
    "# Make names pair up across environments: checkout-stg and staging-checkout are production's checkout.",
    'rename:',
    '  - match: "-(stg|stag|staging|stage)$"',
    '    replace: ""',
    '  - match: "-(prd|prod|production)$"',
    '    replace: ""',
    '  - match: "^(stg|stag|staging|stage)-"',
    '    replace: ""',
    '  - match: "^(prd|prod|production)-"',
    '    replace: ""',
    '',
    '# Decisions about known divergences, one block entry each (rule, key, decision, reason, owner,',
    '# expires). `parity decide` on a terminal asks about each undecided divergence and writes it here;',
    '# `parity decide --write` drafts them (`draft: true` until the team writes the reason).',
    'decisions:',
  );
  if (found.todo.length) out.push('', ...found.todo.map((h) => `# TODO: ${h}`));
  return `${out.join('\n')}\n`;
}

function renderSource(p: Proposal): string[] {
  const lines = [`      # ${p.why}`, `      - kind: ${p.kind}`];
  if (p.paths.length === 1) lines.push(`        path: ${quote(p.paths[0]!)}`);
  else lines.push('        path:', ...p.paths.map((x) => `          - ${quote(x)}`));
  for (const [k, v] of Object.entries(p.options ?? {})) {
    if (typeof v === 'string') lines.push(`        ${k}: ${quote(v)}`);
    else lines.push(`        ${k}:`, ...v.map((x) => `          - ${quote(x)}`));
  }
  return lines;
}

function quote(value: string): string {
  return /^[\w./-]+$/.test(value) && !/^[-.]/.test(value) ? value : JSON.stringify(value);
}
