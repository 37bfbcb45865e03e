import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { TextFile } from '../sources/collect.js';

/** One fixture as whole-set extractors take it: its name as the file, and its text. */
export function fixtureFile(dir: URL, name: string): TextFile {
  return { file: name, text: readFileSync(new URL(name, dir), 'utf8') };
}

/** The named fixtures; a folder's name stands for the files in it, in name order. */
export function fixtureFiles(dir: URL, ...names: string[]): TextFile[] {
  return names.flatMap((name) => {
    const url = new URL(name, dir);
    const files = statSync(url).isDirectory() ? readdirSync(url).map((f) => `${name}/${f}`) : [name];
    return files.sort().map((file) => fixtureFile(dir, file));
  });
}
