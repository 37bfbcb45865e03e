import { z } from 'zod';
import { closest } from '../../config/closest.js';
import { UsageError } from '../../errors.js';
import { sources } from '../../sources/index.js';
import type { SourceModule } from '../../sources/types.js';

/** `parity sources`: every kind in one line each; `parity sources KIND`: that kind's options and an example. */
export async function sourcesCommand(kind?: string): Promise<number> {
  const kinds = Object.keys(sources).sort();
  if (kind === undefined) {
    const width = Math.max(...kinds.map((k) => k.length));
    for (const k of kinds) {
      const s = sources[k]!;
      process.stdout.write(`${k.padEnd(width)}  ${s.description} [${s.dimensions.join(', ')}]\n`);
    }
    process.stdout.write('\nparity sources KIND shows the options of one kind, with an example.\n');
    return 0;
  }
  const source = sources[kind];
  if (!source) {
    const guess = closest(kind, kinds);
    throw new UsageError(
      `unknown source kind "${kind}"${guess ? `; did you mean "${guess}"?` : ''} (known kinds: ${kinds.join(', ')})`,
    );
  }
  process.stdout.write(describeSource(source as SourceModule));
  return 0;
}

interface OptionSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  anyOf?: OptionSchema[];
  items?: OptionSchema;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  format?: string;
}

/** The options of one kind, from its own zod schema (the same one parity.yaml is checked against). */
export function describeSource(source: SourceModule): string {
  const schema = z.toJSONSchema(source.options, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, OptionSchema>;
    required?: string[];
  };
  const required = new Set(schema.required ?? []);
  const options = Object.entries(schema.properties ?? {});
  const width = Math.max(4, ...options.map(([name]) => name.length));
  const lines = [
    `${source.kind}: ${source.description}`,
    `  dimensions: ${source.dimensions.join(', ')}`,
    `  reads: ${source.input === 'url' ? 'a live endpoint (url:)' : 'files (path: a file, a directory, a glob or a list)'}`,
    ...(source.docs ? [`  format: ${source.docs}`] : []),
    '',
    'Options (besides kind, id, optional):',
    ...(source.input === 'files' ? [`  ${'path'.padEnd(width)}  string or list of strings (required)`] : []),
    ...options.map(
      ([name, option]) =>
        `  ${name.padEnd(width)}  ${typeOf(option)}${required.has(name) ? ' (required)' : option.default !== undefined ? `, default ${JSON.stringify(option.default)}` : ''}`,
    ),
    '',
    'Example (under environments.<name>.sources in parity.yaml):',
    `  - kind: ${source.kind}`,
    ...(source.input === 'files' ? ['    path: TODO/path/for/this/environment'] : []),
    ...options
      .filter(([name]) => required.has(name))
      .map(([name, option]) => `    ${name}: ${exampleOf(name, option, source.kind)}`),
    '',
  ];
  return `${lines.join('\n')}\n`;
}

function typeOf(option: OptionSchema): string {
  if (option.enum) return `one of ${option.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  if (option.const !== undefined) return JSON.stringify(option.const);
  if (option.anyOf) return [...new Set(option.anyOf.map(typeOf))].join(' or ');
  const type = Array.isArray(option.type) ? option.type.join(' or ') : (option.type ?? 'any');
  if (type === 'array') return `list of ${option.items ? typeOf(option.items) : 'values'}`;
  if (type === 'integer' || type === 'number') {
    const max =
      option.maximum !== undefined && option.maximum < Number.MAX_SAFE_INTEGER ? option.maximum : undefined;
    const min =
      option.exclusiveMinimum === 0
        ? 'above 0'
        : option.minimum !== undefined
          ? `from ${option.minimum}`
          : '';
    return [type, min, max !== undefined ? `up to ${max}` : ''].filter(Boolean).join(' ');
  }
  return type;
}

function exampleOf(name: string, option: OptionSchema, kind: string): string {
  if (option.format === 'uri') return 'http://TODO.internal:9090';
  if (name === 'url')
    return `\${${kind.toUpperCase().replace(/\W/g, '_')}_URL}   # interpolated from the environment`;
  if (option.enum) return String(option.enum[0]);
  if (option.type === 'boolean') return 'true';
  if (option.type === 'integer' || option.type === 'number') return String(option.minimum ?? 1);
  return 'TODO';
}
