import { compileUserRegex, type UserRegex } from '../../user-regex.js';
import { apiGroup } from '../kubernetes/kinds.js';
import { asObj, asString, type Obj } from '../shape.js';
import { apiVersionOf, BuildFailure, kindOf, nameOf, namespaceOf, type Resource } from './resource.js';

/** A patch `target:`. Kind, name, namespace, group and version are regular expressions, as in kustomize. */
export interface Selector {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

const FIELDS = [
  'group',
  'version',
  'kind',
  'name',
  'namespace',
  'labelSelector',
  'annotationSelector',
] as const;

/** Reads a `target:` mapping, or fails at its line. */
export function readSelector(node: unknown, at: { file: string; line?: number }): Selector {
  const obj = asObj(node);
  if (!obj)
    throw new BuildFailure('target: expected a mapping (kind, name, labelSelector, ...)', at.file, at.line);
  const out: Selector = {};
  for (const [key, value] of Object.entries(obj)) {
    if (!(FIELDS as readonly string[]).includes(key)) {
      throw new BuildFailure(`target: unknown field \`${key}\``, at.file, at.line);
    }
    if (typeof value !== 'string')
      throw new BuildFailure(`target.${key}: expected a string`, at.file, at.line);
    out[key as (typeof FIELDS)[number]] = value;
  }
  return out;
}

/** The resources a selector picks, by any name they had (kustomize matches original and current ids). */
export function selectResources(
  resources: readonly Resource[],
  selector: Selector,
  at: { file: string; line?: number },
): Resource[] {
  const test = (pattern: string | undefined, field: string) => {
    if (pattern === undefined || pattern === '') return () => true;
    let re: UserRegex;
    try {
      // kustomize runs Go's RE2: so does this, in linear time whatever the pattern.
      re = compileUserRegex(`^(?:${pattern})$`, { syntax: 're2' });
    } catch {
      throw new BuildFailure(`target.${field}: not a valid regular expression`, at.file, at.line);
    }
    return (value: string) => re.test(value);
  };
  const group = test(selector.group, 'group');
  const version = test(selector.version, 'version');
  const kind = test(selector.kind, 'kind');
  const name = test(selector.name, 'name');
  const namespace = test(selector.namespace, 'namespace');
  const labels = selector.labelSelector
    ? parseSelector(selector.labelSelector, at, 'labelSelector')
    : undefined;
  const annotations = selector.annotationSelector
    ? parseSelector(selector.annotationSelector, at, 'annotationSelector')
    : undefined;
  return resources.filter((r) => {
    const apiVersion = apiVersionOf(r);
    const slash = apiVersion.indexOf('/');
    if (!group(apiGroup(apiVersion)) || !version(slash === -1 ? apiVersion : apiVersion.slice(slash + 1)))
      return false;
    if (!kind(kindOf(r))) return false;
    if (!name(nameOf(r)) && !r.previousNames.some(name)) return false;
    if (!namespace(namespaceOf(r) ?? '') && !namespace(r.originalNamespace ?? '')) return false;
    const metadata = asObj(r.obj.metadata);
    if (labels && !labels(asObj(metadata?.labels) ?? {})) return false;
    if (annotations && !annotations(asObj(metadata?.annotations) ?? {})) return false;
    return true;
  });
}

type Matcher = (labels: Obj) => boolean;

/**
 * A Kubernetes label selector: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x,y)`, `a`, `!a`,
 * comma-separated; all must hold.
 */
export function parseSelector(text: string, at: { file: string; line?: number }, field: string): Matcher {
  const terms: Matcher[] = [];
  for (const raw of splitTerms(text)) {
    const term = raw.trim();
    if (term === '') continue;
    let m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
    if (m) {
      const [, key = '', op, list = ''] = m;
      const values = new Set(list.split(',').map((v) => v.trim()));
      terms.push((labels) => {
        const v = asString(labels[key]);
        return op === 'in' ? v !== undefined && values.has(v) : v === undefined || !values.has(v);
      });
      continue;
    }
    m = /^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/.exec(term);
    if (m) {
      const [, key = '', op, value = ''] = m;
      terms.push((labels) =>
        op === '!=' ? asString(labels[key]) !== value : asString(labels[key]) === value,
      );
      continue;
    }
    m = /^(!?)([\w./-]+)$/.exec(term);
    if (m) {
      const [, not, key = ''] = m;
      terms.push((labels) => (not ? !Object.hasOwn(labels, key) : Object.hasOwn(labels, key)));
      continue;
    }
    throw new BuildFailure(
      `target.${field}: cannot read the selector term "${term.slice(0, 60)}"`,
      at.file,
      at.line,
    );
  }
  return (labels) => terms.every((t) => t(labels));
}

function splitTerms(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}
