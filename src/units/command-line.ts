/**
 * One spelling of a command line, so the exec form (`["node", "dist/index.js"]`) and the shell form
 * (`node dist/index.js`) of the same command compare equal: words split as a POSIX shell splits
 * them (quotes and backslashes, no expansion: `$VAR` stays as written), then joined by one space,
 * a word quoted only when it holds a space, a quote or a backslash, or is empty.
 */
export function commandLine(value: unknown): string | undefined {
  if (typeof value === 'string') return joinWords(splitWords(value));
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number'))
    return joinWords(value.map(String));
  return undefined;
}

/** Words of a shell command line: `'…'` literal, `"…"` with `\"` `\\` `\$` escapes, `\x` outside quotes. */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    inWord = true;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end === -1) return [...words, word + text.slice(i)]; // unclosed: the rest as written
      word += text.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\' && j + 1 < text.length && '"\\$`'.includes(text[j + 1]!)) j++;
        word += text[j];
      }
      if (j >= text.length) return [...words, word]; // unclosed: what was inside
      i = j;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[++i];
    } else word += c;
  }
  if (inWord) words.push(word);
  return words;
}

function joinWords(words: readonly string[]): string {
  return words.map((w) => (w === '' || /[\s'"\\]/.test(w) ? JSON.stringify(w) : w)).join(' ');
}
