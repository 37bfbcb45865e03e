/**
 * The variables a module declares `sensitive = true` (`variable "db_password" { sensitive = true }`),
 * read from its `.tf` files: their values in a tfvars file are secrets whatever they look like.
 * A light scan, not a parser: a block is from its `{` to the matching `}`, strings skipped.
 */
export function sensitiveVariables(text: string): Set<string> {
  const out = new Set<string>();
  const open = /^[ \t]*variable[ \t]+"([^"\n]+)"[ \t]*\{/gm;
  let m = open.exec(text);
  while (m) {
    const end = blockEnd(text, m.index + m[0].length);
    if (/^[ \t]*sensitive[ \t]*=[ \t]*true\b/m.test(text.slice(m.index + m[0].length, end))) out.add(m[1]!);
    // Never scan a part of the text twice: an unclosed block ends the file.
    open.lastIndex = Math.max(open.lastIndex, end);
    m = open.exec(text);
  }
  return out;
}

function blockEnd(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
    } else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return text.length;
}
