import type { Dimension } from '../../model/dimension.js';
import type { FactValue } from '../../model/fact.js';
import { contentKind, isSecretContainer } from '../../secrets/classify.js';
import { looksLikeSecret, protectValue, secretValue } from '../secrets.js';
import { asObj } from '../shape.js';
import { type At, type Flat, walkStructured } from '../structured.js';
import { type Emitter, emit, skipAt } from './context.js';
import { apiGroup, dimensionOfKind } from './kinds.js';

/** Per object: beyond this many values an object is data (a dashboard, a CRD schema), not settings. */
export const MAX_RESOURCE_VALUES = 2000;
/** A longer text (an embedded config file, a patch) is compared by a keyed fingerprint, not shown. */
const MAX_TEXT = 1000;

/** Top-level fields that say what the cluster did with an object, not how it was written. */
const NOT_WRITTEN = new Set(['apiVersion', 'kind', 'metadata', 'status']);
/** Fields the cluster fills in per kind: a ServiceAccount's generated token Secrets. */
const FILLED_IN: Record<string, string> = { ServiceAccount: 'secrets' };
/** Labels and annotations that tooling writes: versions of the tool, hashes, last-applied copies. */
const TOOLING_NOISE =
  /^(kubectl\.kubernetes\.io\/|meta\.helm\.sh\/|helm\.sh\/chart$|app\.kubernetes\.io\/managed-by$|kustomize\.toolkit\.fluxcd\.io\/|helm\.toolkit\.fluxcd\.io\/|argocd\.argoproj\.io\/|deployment\.kubernetes\.io\/|control-plane\.alpha\.kubernetes\.io\/|kapp\.k14s\.io\/|config\.kubernetes\.io\/)/;

/**
 * An object Parity has no model for, compared field by field: every value of its spec (and other
 * written top-level fields, annotations less tooling noise) as
 * `<dimension>/resource/<Kind>/<name>/<dotted.path>`, at the file:line that wrote it. The
 * dimension follows the kind (dimensionOfKind); a HelmRelease's `spec.values` are config.
 */
export function genericFacts(e: Emitter): void {
  const { o } = e;
  const dimension = dimensionOfKind(o.kind, apiGroup(o.apiVersion));
  const walk: Walk = { e, dimension, count: 0 };
  for (const [key, value] of Object.entries(o.obj))
    if (!NOT_WRITTEN.has(key) && (Object.hasOwn(FILLED_IN, o.kind) ? FILLED_IN[o.kind] : undefined) !== key)
      visit(walk, value, [key], { node: o.obj, key });
  const metadata = asObj(o.obj.metadata);
  // Annotations configure (an IAM role, an ingress class); labels name and select, and overlays
  // stamp each environment's name on every object (`env: staging`): not compared.
  const annotations = asObj(metadata?.annotations);
  for (const [key, value] of Object.entries(annotations ?? {}))
    if (!TOOLING_NOISE.test(key))
      visit(walk, value, ['metadata', 'annotations', key], { node: annotations, key });
  if (walk.count > MAX_RESOURCE_VALUES) {
    skipAt(
      e,
      o.obj,
      undefined,
      `${o.kind} ${o.name}: only the first ${MAX_RESOURCE_VALUES} of its ${walk.count} values are compared`,
    );
  }
}

interface Walk {
  e: Emitter;
  dimension: Dimension;
  count: number;
}

function visit(walk: Walk, value: unknown, base: string[], start: At): void {
  const { e } = walk;
  const { o } = e;
  walkStructured(
    value,
    base,
    {
      leaf(path, flat, at) {
        walk.count++;
        if (walk.count > MAX_RESOURCE_VALUES) return true; // counted for the skip, not compared
        const values = o.kind === 'HelmRelease' && path[0] === 'spec' && path[1] === 'values';
        let shown = leafValue(e, path, flat);
        if (
          o.kind === 'HelmRelease' &&
          dotted(path) === 'spec.chart.spec.version' &&
          typeof shown === 'string'
        )
          shown = `${shown} (${chartChannel(shown)})`;
        emit(
          e,
          {
            dimension: values ? 'config' : walk.dimension,
            path: ['resource', o.kind, o.name, dotted(path)],
            value: shown,
          },
          at.node,
          at.key,
        );
        return true;
      },
      problem(path, reason, at) {
        skipAt(e, at.node, at.key, `${o.kind} ${o.name} ${dotted(path)} ${reason}`);
      },
    },
    start,
  );
}

/**
 * What a chart version constraint lets in: one version (`pinned`), any newer release (`range`),
 * or pre-releases too (`range with pre-releases`: a `-alpha`, `-rc` bound, which semver ranges
 * need before they admit any pre-release). Staging on pre-releases runs charts production never will.
 */
export function chartChannel(version: string): string {
  const v = version.trim();
  const range = v === '' || /[<>=~^*| ]|(^|\.)[xX](\.|$)/.test(v);
  if (/\d+\.\d+\.\d+-[0-9A-Za-z]/.test(v)) return range ? 'range with pre-releases' : 'pinned pre-release';
  return range ? 'range' : 'pinned';
}

function leafValue(e: Emitter, path: readonly string[], flat: Flat): FactValue {
  const fingerprint = e.ctx.fingerprint;
  switch (flat.kind) {
    case 'empty':
      return '{}';
    case 'keys':
      return flat.value;
    case 'list': {
      const json = JSON.stringify(flat.value);
      if (json === '[]') return json;
      if (flat.value.some((v) => typeof v === 'string' && looksLikeSecret(v)) || underSecret(path))
        return secretValue(json, fingerprint);
      return longText(e, json, protectValue(secretName(path), json, fingerprint));
    }
    default: {
      const v = flat.value;
      if (v === null) return null;
      const text = String(v);
      if (underSecret(path) && text.trim() !== '') return secretValue(text, fingerprint);
      if (settingByShape(path, text)) return v;
      const shown = protectValue(secretName(path), text, fingerprint);
      if (typeof shown !== 'string') return shown;
      return typeof v === 'string' ? longText(e, text, shown) : v;
    }
  }
}

/**
 * Outside chart values, a credential-named field of a resource whose value is a mode word
 * (karpenter's `httpTokens: required`) or an object reference `namespace/name` (cert-manager's
 * `inject-ca-from-secret: cert-manager/webhook-ca`) configures where a secret is, not what it is.
 * Only when nothing in the value itself looks like a credential (contentKind says nothing).
 */
function settingByShape(path: readonly string[], text: string): boolean {
  if (path[0] === 'spec' && path[1] === 'values') return false;
  const v = text.trim();
  return contentKind(v) === undefined && (MODE_WORD.test(v) || OBJECT_REFERENCE.test(v));
}

const MODE_WORD =
  /^(required|optional|none|auto|strict|permissive|disabled|enabled|ignore|fail|always|never)$/i;
const OBJECT_REFERENCE = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?\/[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** Under a map of secrets (`credentials: {...}`, `secrets: {...}`): every value is one. */
function underSecret(path: readonly string[]): boolean {
  return path.slice(0, -1).some((segment) => !segment.startsWith('[') && isSecretContainer(segment));
}

/**
 * The name the classifier judges: the leaf's own key, or for `- name: DB_PASSWORD, value: x` the
 * element's name; a secret-named parent makes a secret-named leaf (`auth.password`).
 */
function secretName(path: readonly string[]): string {
  const last = path[path.length - 1] ?? '';
  const element = /^\[name=([^\]]*)\]$/.exec(path[path.length - 2] ?? '');
  if (element && (last === 'value' || last === 'valueFrom')) return element[1]!;
  if (/^\[\d+\]$/.test(last)) return path.slice(0, -1).findLast((s) => !s.startsWith('[')) ?? last;
  return last;
}

function longText(e: Emitter, text: string, shown: FactValue): FactValue {
  if (typeof shown !== 'string' || shown.length <= MAX_TEXT) return shown;
  return `(${text.length} characters, fingerprint ${e.ctx.fingerprint(text).slice(0, 12)})`;
}

/**
 * A path as one key segment: `spec.chart.spec.version`, list elements as `[name=api]` or `[3]`,
 * a key holding `.`, `/`, brackets or spaces written as `[key]` with `/`, `%` and `]` escaped.
 */
export function dotted(path: readonly string[]): string {
  let out = '';
  for (const segment of path) {
    if (/^\[(\d+|[A-Za-z]\w*=[^\]/]*)\]$/.test(segment)) out += segment;
    else if (segment !== '' && !/[./[\]%\s]/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${segment.replace(/%/g, '%25').replace(/\//g, '%2F').replace(/\]/g, '%5D')}]`;
  }
  return out;
}
