import { put } from '../../lookup.js';
import type { FactValue } from '../../model/fact.js';
import { envPath } from '../../model/make-fact.js';
import { isMapping } from '../shape.js';
import { type Emit, emitFact, scalarText, skipAt } from './emit.js';
import { protectSetting } from './protect.js';
import type { Branch, Leaf, ValueNode } from './tree.js';

/** Where charts take environment variables from, in the order their templates usually render them. */
const ENV_KEYS = ['env', 'envVars', 'extraEnv', 'extraEnvVars'];

interface EnvEntry {
  name: string;
  value: FactValue;
  line: number;
  node: ValueNode;
}

/**
 * `env` as a mapping (`NAME: value`) or as a Kubernetes list (`- name: NAME`), and the same for
 * `envVars`, `extraEnv`, `extraEnvVars`: `config/env/<w>/<NAME>`. A later entry wins, as in a pod.
 */
export function readEnv(out: Emit, branch: Branch, workload: string): void {
  const vars = new Map<string, EnvEntry>();
  for (const key of ENV_KEYS) {
    const node = branch.entries.get(key);
    if (!node) continue;
    if (node.kind === 'map') {
      out.consumed.add(node);
      for (const entry of mapEntries(out, node)) vars.set(entry.name, entry);
    } else if (Array.isArray(node.value)) {
      out.consumed.add(node);
      for (const entry of listEntries(out, node, key)) vars.set(entry.name, entry);
    } else if (typeof node.value === 'string' && node.value.includes('{{')) {
      out.consumed.add(node);
      skipAt(out, node, `${key}: a template string is not read without rendering (set render: true)`);
    }
    // Anything else (null, a plain string) is left to the settings, where it is still compared.
  }
  for (const entry of vars.values()) {
    emitFact(
      out,
      { dimension: 'config', path: envPath(entry.name, workload), value: entry.value },
      entry.node,
      entry.line,
    );
  }
}

function mapEntries(out: Emit, node: Branch): EnvEntry[] {
  const entries: EnvEntry[] = [];
  for (const [name, item] of node.entries) {
    if (item.kind === 'map') {
      // `NAME: { value: x }` or `NAME: { valueFrom: ... }`
      const value = item.entries.get('value');
      const from = item.entries.get('valueFrom');
      const read = from ? refValue(from) : value?.kind === 'leaf' ? plainValue(out, name, value) : undefined;
      if (read === undefined) skipAt(out, item, `env ${name}: expected a value or a valueFrom reference`);
      else entries.push({ name, value: read, line: item.line, node: item });
      continue;
    }
    const read = plainValue(out, name, item);
    if (read === undefined) skipAt(out, item, `env ${name}: expected a string, number or boolean`);
    else entries.push({ name, value: read, line: item.line, node: item });
  }
  return entries;
}

function listEntries(out: Emit, leaf: Leaf, key: string): EnvEntry[] {
  const entries: EnvEntry[] = [];
  for (const item of leaf.value as unknown[]) {
    const line = (isMapping(item) ? leaf.lineOf?.(item, 'name') : undefined) ?? leaf.line;
    const name = isMapping(item) && typeof item.name === 'string' ? item.name : undefined;
    if (!isMapping(item) || !name) {
      out.skips.push({
        source: out.source,
        file: leaf.file,
        line,
        reason: `${key} entry: expected a mapping with a name`,
      });
      continue;
    }
    let value: FactValue | undefined;
    if (isMapping(item.valueFrom)) value = describeRef(item.valueFrom);
    else if (item.value === undefined || item.value === null) value = '';
    else {
      const text = scalarText(item.value);
      value = text === undefined ? undefined : protectSetting([name], text, out.fingerprint);
    }
    if (value === undefined) {
      out.skips.push({
        source: out.source,
        file: leaf.file,
        line,
        reason: `env ${name}: expected a string value or a valueFrom reference`,
      });
      continue;
    }
    entries.push({ name, value, line, node: leaf });
  }
  return entries;
}

function plainValue(out: Emit, name: string, node: ValueNode): FactValue | undefined {
  if (node.kind !== 'leaf') return undefined;
  if (node.value === null) return '';
  const text = scalarText(node.value);
  return text === undefined ? undefined : protectSetting([name], text, out.fingerprint);
}

function refValue(node: ValueNode): string | undefined {
  if (node.kind === 'map') return describeRef(plain(node));
  return isMapping(node.value) ? describeRef(node.value) : undefined;
}

function plain(branch: Branch): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, node] of branch.entries) put(out, key, node.kind === 'map' ? plain(node) : node.value);
  return out;
}

/** A `valueFrom` reference written the way the kubernetes source writes it, so the two pair. */
function describeRef(from: Record<string, unknown>): string {
  const text = (ref: unknown, key: string) => (isMapping(ref) ? (scalarText(ref[key]) ?? '') : '');
  if (isMapping(from.secretKeyRef))
    return `secretKeyRef:${text(from.secretKeyRef, 'name')}/${text(from.secretKeyRef, 'key')}`;
  if (isMapping(from.configMapKeyRef))
    return `configMapKeyRef:${text(from.configMapKeyRef, 'name')}/${text(from.configMapKeyRef, 'key')}`;
  if (isMapping(from.fieldRef)) return `fieldRef:${text(from.fieldRef, 'fieldPath')}`;
  if (isMapping(from.resourceFieldRef)) return `resourceFieldRef:${text(from.resourceFieldRef, 'resource')}`;
  return `valueFrom:${Object.keys(from)[0] ?? ''}`;
}
