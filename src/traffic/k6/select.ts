import type { PlannedRequest } from '../replay/workload.js';
import { BODY_METHODS, type BodyTemplate } from './bodies.js';

/** A request the script sends, with the index of its body in the script's BODIES (or -1). */
export interface ExportedRequest extends PlannedRequest {
  body: number;
}

/** Requests of one endpoint left out because their method sends a body and none was given. */
export interface NoBody {
  key: string;
  requests: number;
}

export interface Selection {
  requests: ExportedRequest[];
  noBody: NoBody[];
  /** Body templates that match no request of the workload (a typo, or an endpoint not recorded). */
  unused: BodyTemplate[];
}

/**
 * Gives each request its body: the template of its `METHOD /endpoint/template`, else none. A
 * POST, PUT or PATCH without a template is left out and counted per endpoint, never sent with an
 * empty body (a request the application would refuse is not production's load). Other methods
 * (DELETE, and safe methods) are sent without a body unless the template gives one.
 */
export function selectRequests(plan: readonly PlannedRequest[], bodies: readonly BodyTemplate[]): Selection {
  const index = new Map(bodies.map((b, i) => [b.key, i]));
  const used = new Set<number>();
  const noBody = new Map<string, number>();
  const requests: ExportedRequest[] = [];
  for (const r of plan) {
    const key = `${r.method} ${r.template}`;
    const body = index.get(key) ?? -1;
    if (body === -1 && BODY_METHODS.has(r.method)) {
      noBody.set(key, (noBody.get(key) ?? 0) + 1);
      continue;
    }
    if (body !== -1) used.add(body);
    requests.push({ ...r, body });
  }
  return {
    requests,
    noBody: [...noBody]
      .map(([key, requests]) => ({ key, requests }))
      .sort((a, b) => b.requests - a.requests || a.key.localeCompare(b.key)),
    unused: bodies.filter((_, i) => !used.has(i)),
  };
}
