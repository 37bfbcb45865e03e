import { sources } from '../../sources/index.js';

export async function sourcesCommand(): Promise<number> {
  const kinds = Object.keys(sources).sort();
  const width = Math.max(...kinds.map((k) => k.length));
  for (const kind of kinds) {
    const s = sources[kind]!;
    process.stdout.write(`${kind.padEnd(width)}  ${s.description} [${s.dimensions.join(', ')}]\n`);
  }
  return 0;
}
