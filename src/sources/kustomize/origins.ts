import type { Fact } from '../../model/fact.js';
import type { Skip } from '../../model/snapshot.js';
import type { Fingerprinter } from '../types.js';
import { renderOverlay } from './build.js';
import { type BuildContext, nodeFileAccess } from './context.js';
import { extractResources } from './extract.js';
import { createPlaces } from './places.js';
import type { Resource } from './resource.js';

export interface OriginInput {
  source: string;
  baseDir: string;
  dirs: readonly string[];
  fingerprint: Fingerprinter;
}

/**
 * Where each value of an external render was written. The output of `kustomize build` names no
 * file a user can open, so the same overlays are rendered again by the built-in renderer, passing
 * over fields it lacks, only to learn origins: a fact of the external render takes the base or
 * patch line of the built-in fact with the same key (kind, name, path) and the same value. A value
 * the built-in render does not reproduce (written by `replacements`, `vars`, a Helm chart, a remote
 * base) keeps the overlay's kustomization file and the command, with no line: unknown, not invented.
 */
export async function placeExternalFacts(facts: readonly Fact[], input: OriginInput): Promise<Fact[]> {
  const places = createPlaces();
  const files = nodeFileAccess(input.source, input.baseDir);
  const resources: Resource[] = [];
  for (const dir of input.dirs) {
    const notes: Skip[] = [];
    const ctx: BuildContext = {
      source: input.source,
      baseDir: input.baseDir,
      places,
      notes,
      files,
      stack: [],
      lenient: true,
    };
    const rendered = await renderOverlay(ctx, dir);
    if ('resources' in rendered) resources.push(...rendered.resources);
  }
  if (resources.length === 0) return [...facts];
  const built = extractResources(resources, places, [], {
    source: input.source,
    fingerprint: input.fingerprint,
  });
  const byKey = new Map(built.facts.map((f) => [f.key, f]));
  return facts.map((fact) => {
    const twin = byKey.get(fact.key);
    if (!twin?.origin.line || JSON.stringify(twin.value) !== JSON.stringify(fact.value)) return fact;
    return {
      ...fact,
      origin: { source: fact.origin.source, file: twin.origin.file!, line: twin.origin.line },
    };
  });
}
