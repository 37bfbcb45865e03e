import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { kindOf, mib, readRegularText } from '../../regular-file.js';
import { parseYamlDocuments } from '../yaml-docs.js';
import { isYamlDocumentProblem } from '../yaml-expansion.js';
import { loadYamlConfig } from '../yaml-package.js';

/** Far above any kustomization or manifest; an external renderer would read past Parity's own caps. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;
const MAX_ENTRIES = 5_000;
const KUSTOMIZATION = /^(kustomization\.ya?ml|Kustomization)$/;

/**
 * Before `kustomize build` or `kubectl kustomize` reads an overlay itself, past Parity's regular-file
 * and size checks: every file of the overlay and of the local directories its kustomization names
 * (resources, bases, components) must be a regular file under the cap. A FIFO would hold the
 * renderer until its timeout, a huge sparse file would fill its memory, and so would YAML whose
 * aliases expand past the loader's budget (a 1 MB anchor referenced 2,000 times took kubectl to
 * 1.5 GB). Returns why not, or nothing.
 */
export async function preflight(dir: string): Promise<string | undefined> {
  const seen = new Set<string>();
  const queue = [path.resolve(dir)];
  let entries = 0;
  while (queue.length > 0) {
    const current = queue.shift()!;
    if (seen.has(current)) continue;
    seen.add(current);
    let names: string[];
    try {
      names = await readdir(current);
    } catch {
      continue; // the renderer will say what is wrong with it
    }
    for (const name of names) {
      if (++entries > MAX_ENTRIES) return `more than ${MAX_ENTRIES} files to check before rendering`;
      const file = path.join(current, name);
      const info = await stat(file).catch(() => undefined);
      if (!info || info.isDirectory()) continue;
      if (!info.isFile()) return `${file} is not a regular file: ${kindOf(info)}`;
      if (info.size > MAX_FILE_BYTES)
        return `${file} is ${mib(info.size)}, larger than the ${mib(MAX_FILE_BYTES)} limit`;
      if (/\.ya?ml$|^Kustomization$/.test(name)) {
        const bomb = await aliasBomb(file);
        if (bomb) return `${file}: ${bomb}`;
      }
      if (KUSTOMIZATION.test(name)) queue.push(...(await localDirectories(file, current)));
    }
  }
  return undefined;
}

/** The local directories a kustomization names; remote ones (URLs, git refs) are the renderer's. */
async function localDirectories(file: string, dir: string): Promise<string[]> {
  let value: unknown;
  try {
    value = loadYamlConfig(await readRegularText(file, MAX_FILE_BYTES)).value;
  } catch {
    return []; // not readable as YAML: the renderer reports it
  }
  if (value === null || typeof value !== 'object') return [];
  const out: string[] = [];
  for (const field of ['resources', 'bases', 'components']) {
    const list = (value as Record<string, unknown>)[field];
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      if (typeof entry !== 'string' || /:\/\/|^git@|\?ref=/.test(entry)) continue;
      const target = path.resolve(dir, entry);
      const info = await stat(target).catch(() => undefined);
      if (info?.isDirectory()) out.push(target);
    }
  }
  return out;
}

/** The shared loader's verdict on alias expansion, recursion and depth; other problems are the renderer's to report. */
async function aliasBomb(file: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readRegularText(file, MAX_FILE_BYTES);
  } catch {
    return undefined;
  }
  if (!text.includes('*')) return undefined;
  return parseYamlDocuments(text).problems.find((p) => isYamlDocumentProblem(p.message))?.message;
}
