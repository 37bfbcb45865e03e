import type { Skip } from '../../model/snapshot.js';
import { displayPath, findOnPath } from '../files.js';
import type { Fingerprinter, SourceResult } from '../types.js';
import { renderOverlay } from './build.js';
import { nodeFileAccess } from './context.js';
import { type ExternalRenderer, RENDER_TIMEOUT_MS, runRenderer } from './external.js';
import { extractRenderedOutput, extractResources, type RenderedOutput } from './extract.js';
import { placeExternalFacts } from './origins.js';
import { findOverlays, kustomizationFile } from './overlays.js';
import { createPlaces } from './places.js';
import type { Resource } from './resource.js';

export type RendererChoice = 'auto' | 'builtin' | 'kustomize' | 'kubectl';

export interface CollectInput {
  source: string;
  paths: readonly string[];
  baseDir: string;
  renderer: RendererChoice;
  /** PATH to look for kustomize and kubectl on (the process's own in collect). */
  pathEnv: string;
  fingerprint: Fingerprinter;
  cluster?: string;
  timeoutMs?: number;
}

type Chosen =
  | { kind: 'builtin' }
  | { kind: ExternalRenderer; executable: string }
  | { kind: 'missing'; skip: Skip };

/** auto: kustomize when on PATH, else kubectl, else the built-in renderer. An explicit choice that is not installed is a skip. */
export async function chooseRenderer(
  source: string,
  choice: RendererChoice,
  pathEnv: string,
): Promise<Chosen> {
  if (choice === 'builtin') return { kind: 'builtin' };
  for (const renderer of ['kustomize', 'kubectl'] as const) {
    if (choice !== 'auto' && choice !== renderer) continue;
    const executable = await findOnPath(renderer, pathEnv);
    if (executable) return { kind: renderer, executable };
    if (choice === renderer) {
      return {
        kind: 'missing',
        skip: {
          source,
          reason: `renderer: ${renderer} was asked for, but ${renderer} is not on PATH; nothing rendered (renderer: builtin needs no tool)`,
        },
      };
    }
  }
  return { kind: 'builtin' };
}

/** Renders every overlay the paths name and reads the objects as the kubernetes source does. */
export async function collectKustomize(input: CollectInput): Promise<SourceResult> {
  const { dirs, skips } = await findOverlays(input.source, input.paths, input.baseDir);
  const chosen = await chooseRenderer(input.source, input.renderer, input.pathEnv);
  const extract = {
    source: input.source,
    fingerprint: input.fingerprint,
    ...(input.cluster ? { cluster: input.cluster } : {}),
  };
  if (chosen.kind === 'missing') return { facts: [], skips: [...skips, chosen.skip] };
  if (chosen.kind === 'builtin') {
    const places = createPlaces();
    const notes: Skip[] = [];
    const files = nodeFileAccess(input.source, input.baseDir);
    const resources: Resource[] = [];
    for (const dir of dirs) {
      const ctx = { source: input.source, baseDir: input.baseDir, places, notes, files, stack: [] };
      const rendered = await renderOverlay(ctx, dir);
      if ('skip' in rendered) skips.push(rendered.skip);
      else resources.push(...rendered.resources);
    }
    return extractResources(resources, places, [...skips, ...notes], extract);
  }
  const outputs: RenderedOutput[] = [];
  for (const dir of dirs) {
    const shown = displayPath(dir, input.baseDir);
    const file = await kustomizationFile(dir);
    const kustomization = file ? displayPath(file, input.baseDir) : shown;
    const command = chosen.kind === 'kustomize' ? `kustomize build ${shown}` : `kubectl kustomize ${shown}`;
    const run = await runRenderer(chosen.kind, chosen.executable, dir, input.timeoutMs ?? RENDER_TIMEOUT_MS);
    if ('reason' in run)
      skips.push({
        source: input.source,
        file: kustomization,
        reason: `overlay not rendered: ${run.reason}`,
      });
    else outputs.push({ text: run.text, kustomization, command });
  }
  const result = extractRenderedOutput(outputs, skips, extract);
  const facts = await placeExternalFacts(result.facts, {
    source: input.source,
    baseDir: input.baseDir,
    dirs,
    fingerprint: input.fingerprint,
  });
  return { facts, skips: result.skips };
}
