/**
 * The HCL that a `.tfvars` file may hold: attribute assignments whose values are constants
 * (strings, numbers, booleans, null, heredocs, lists and maps of them). Terraform itself refuses
 * references, function calls and blocks there, so this subset is the whole format; every node
 * keeps its line, so a fact names file:line. https://developer.hashicorp.com/terraform/language/values/variables#variable-definitions-tfvars-files
 */

export interface TfvarsAttribute {
  name: string;
  value: unknown;
  line: number;
}

export interface TfvarsDocument {
  attributes: TfvarsAttribute[];
  /** Line of a key inside a parsed map, or of a list's element by index. */
  lineOf: (node: unknown, key?: string) => number | undefined;
}

export class HclError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** Deeper nesting than this is no variable anyone wrote. */
const MAX_DEPTH = 64;
const IDENT = /[A-Za-z_][A-Za-z0-9_-]*/y;
const NUMBER = /-?(?:\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/y;

/** Parses a tfvars text; throws HclError with the line of the first problem. */
export function parseTfvars(text: string): TfvarsDocument {
  return new Parser(text).document();
}

class Parser {
  private pos = 0;
  private line = 1;
  /** Lines of a map's keys, or of a list's elements by index. */
  private readonly lines = new WeakMap<object, Map<string, number> | number[]>();

  constructor(private readonly text: string) {}

  document(): TfvarsDocument {
    const attributes: TfvarsAttribute[] = [];
    const seen = new Map<string, number>();
    for (;;) {
      this.space(true);
      if (this.pos >= this.text.length) break;
      const line = this.line;
      const name = this.identifier();
      if (name === undefined) throw this.fail(`expected a variable name, found ${this.found()}`);
      this.space(false);
      const c = this.peek();
      if (c === '{' || c === '"' || /[A-Za-z_]/.test(c)) {
        throw new HclError(
          line,
          `${name}: blocks are not allowed in a tfvars file; expected ${name} = value`,
        );
      }
      if (c !== '=') throw this.fail(`${name}: expected "=" after the variable name, found ${this.found()}`);
      this.pos++;
      const value = this.value(0);
      const first = seen.get(name);
      if (first !== undefined) throw new HclError(line, `${name} is assigned twice (first at line ${first})`);
      seen.set(name, line);
      attributes.push({ name, value, line });
      this.space(false);
      if (this.pos < this.text.length && this.peek() !== '\n' && this.peek() !== '\r') {
        throw this.fail(`${name}: expected a new line after the value, found ${this.found()}`);
      }
    }
    return {
      attributes,
      lineOf: (node, key) => {
        const lines = node !== null && typeof node === 'object' ? this.lines.get(node) : undefined;
        if (Array.isArray(lines)) return key === undefined ? lines[0] : lines[Number(key)];
        return lines?.get(key ?? '');
      },
    };
  }

  private value(depth: number): unknown {
    if (depth >= MAX_DEPTH) throw this.fail(`nested deeper than ${MAX_DEPTH} levels`);
    this.space(true);
    const c = this.peek();
    if (c === '"') return this.string();
    if (c === '[') return this.list(depth);
    if (c === '{') return this.map(depth);
    if (c === '<' && this.text.startsWith('<<', this.pos)) return this.heredoc();
    NUMBER.lastIndex = this.pos;
    const number = NUMBER.exec(this.text);
    if (number) {
      this.pos += number[0].length;
      return Number(number[0]);
    }
    const word = this.identifier();
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    if (word !== undefined) {
      // The word itself is not shown: an unquoted value may be a credential.
      const call = this.peek() === '(' ? 'a function call' : 'a reference or an unquoted word';
      throw this.fail(`expected a constant value, found ${call}: tfvars values cannot refer to anything`);
    }
    throw this.fail(`expected a value, found ${this.found()}`);
  }

  private list(depth: number): unknown[] {
    const out: unknown[] = [];
    const lines: number[] = [];
    this.pos++; // [
    for (;;) {
      this.space(true);
      if (this.peek() === ']') break;
      if (this.pos >= this.text.length) throw this.fail('unclosed list: expected "]"');
      lines.push(this.line);
      out.push(this.value(depth + 1));
      this.space(true);
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== ']') throw this.fail(`expected "," or "]" in a list, found ${this.found()}`);
    }
    this.pos++;
    this.lines.set(out, lines);
    return out;
  }

  private map(depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = Object.create(null);
    const lines = new Map<string, number>();
    this.pos++; // {
    for (;;) {
      this.space(true);
      if (this.peek() === '}') break;
      if (this.pos >= this.text.length) throw this.fail('unclosed map: expected "}"');
      const line = this.line;
      const key = this.peek() === '"' ? this.string() : this.identifier();
      if (key === undefined) throw this.fail(`expected a key in a map, found ${this.found()}`);
      this.space(false);
      if (this.peek() !== '=' && this.peek() !== ':')
        throw this.fail(`${key}: expected "=" or ":", found ${this.found()}`);
      this.pos++;
      if (lines.has(key))
        throw new HclError(line, `${key} appears twice in one map (first at line ${lines.get(key)})`);
      lines.set(key, line);
      Object.defineProperty(out, key, {
        value: this.value(depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      this.space(false);
      const c = this.peek();
      if (c === ',') this.pos++;
      else if (c !== '}' && c !== '\n' && c !== '\r' && c !== '#' && c !== '/') {
        throw this.fail(`${key}: expected ",", a new line or "}" after the value, found ${this.found()}`);
      }
    }
    this.pos++;
    const plain = { ...out };
    this.lines.set(plain, lines);
    return plain;
  }

  private string(): string {
    const start = this.line;
    this.pos++; // "
    let out = '';
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined || c === '\n')
        throw new HclError(start, 'unterminated string: expected a closing "');
      if (c === '"') break;
      if (c === '\\') {
        out += this.escape();
        continue;
      }
      if (this.text.startsWith('$${', this.pos) || this.text.startsWith('%%{', this.pos)) {
        out += `${c}{`;
        this.pos += 3;
        continue;
      }
      if ((c === '$' || c === '%') && this.text[this.pos + 1] === '{') {
        throw this.fail('a template (${...}) in a tfvars value: tfvars values cannot refer to anything');
      }
      out += c;
      this.pos++;
    }
    this.pos++;
    return out;
  }

  private escape(): string {
    const next = this.text[this.pos + 1];
    this.pos += 2;
    const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
    if (next !== undefined && next in simple) return simple[next]!;
    if (next === 'u' || next === 'U') {
      const size = next === 'u' ? 4 : 8;
      const hex = this.text.slice(this.pos, this.pos + size);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== size)
        throw this.fail(`expected ${size} hex digits after \\${next}`);
      this.pos += size;
      const code = Number.parseInt(hex, 16);
      if (code > 0x10ffff) throw this.fail(`\\${next}${hex} is no character`);
      return String.fromCodePoint(code);
    }
    throw this.fail(`unknown escape \\${next ?? ''} in a string`);
  }

  private heredoc(): string {
    const start = this.line;
    const m = /<<(-?)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/y;
    m.lastIndex = this.pos;
    const open = m.exec(this.text);
    if (!open) throw this.fail('expected a heredoc marker such as <<EOT followed by a new line');
    const [, indent, marker] = open;
    this.pos += open[0].length;
    this.line++;
    const body: string[] = [];
    for (;;) {
      if (this.pos >= this.text.length)
        throw new HclError(start, `unterminated heredoc: expected a line with ${marker}`);
      let end = this.text.indexOf('\n', this.pos);
      if (end === -1) end = this.text.length;
      const raw = this.text.slice(this.pos, end).replace(/\r$/, '');
      this.pos = Math.min(end + 1, this.text.length);
      if (raw.trim() === marker) {
        if (end < this.text.length) this.pos = end; // leave the new line for the attribute's end
        break;
      }
      this.line++;
      if (/(^|[^$])\$\{/.test(raw))
        throw new HclError(
          this.line - 1,
          'a template (${...}) in a heredoc: tfvars values cannot refer to anything',
        );
      body.push(raw);
    }
    if (indent) {
      const widths = body.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
      const cut = widths.length ? Math.min(...widths) : 0;
      return body.map((l) => l.slice(cut)).join('\n') + (body.length ? '\n' : '');
    }
    return body.join('\n') + (body.length ? '\n' : '');
  }

  private identifier(): string | undefined {
    IDENT.lastIndex = this.pos;
    const m = IDENT.exec(this.text);
    if (!m) return undefined;
    this.pos += m[0].length;
    return m[0];
  }

  /** Skips blanks and comments; new lines too when `newlines`. */
  private space(newlines: boolean): void {
    for (;;) {
      const c = this.text[this.pos];
      if (c === ' ' || c === '\t' || c === '\r') this.pos++;
      else if (c === '\n' && newlines) {
        this.pos++;
        this.line++;
      } else if (c === '#' || (c === '/' && this.text[this.pos + 1] === '/')) {
        const end = this.text.indexOf('\n', this.pos);
        this.pos = end === -1 ? this.text.length : end;
      } else if (c === '/' && this.text[this.pos + 1] === '*') {
        const end = this.text.indexOf('*/', this.pos + 2);
        if (end === -1) throw this.fail('unclosed comment: expected */');
        for (let i = this.pos; i < end; i++) if (this.text[i] === '\n') this.line++;
        this.pos = end + 2;
      } else return;
    }
  }

  private peek(): string {
    return this.text[this.pos] ?? '';
  }

  /** What stands at the position, by kind: the text itself may be a credential. */
  private found(): string {
    if (this.pos >= this.text.length) return 'the end of the file';
    const c = this.peek();
    if (c === '\n' || c === '\r') return 'the end of the line';
    if (/[A-Za-z_]/.test(c)) return 'a word';
    if (/[0-9]/.test(c)) return 'a number';
    if (c.charCodeAt(0) > 126 || c.charCodeAt(0) < 32) return 'a special character';
    return `"${c}"`;
  }

  private fail(message: string): HclError {
    return new HclError(this.line, message);
  }
}
