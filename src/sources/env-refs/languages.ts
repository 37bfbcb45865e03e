/** The languages whose environment reads we recognise, by file extension. */
export type Language = 'js' | 'python' | 'go' | 'ruby' | 'jvm' | 'rust';

export const EXTENSIONS: Readonly<Record<string, Language>> = {
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
  '.jsx': 'js',
  '.ts': 'js',
  '.tsx': 'js',
  '.mts': 'js',
  '.cts': 'js',
  '.py': 'python',
  '.go': 'go',
  '.rb': 'ruby',
  '.java': 'jvm',
  '.kt': 'jvm',
  '.rs': 'rust',
};

/** One read found by a pattern: a literal name, or a dynamic read whose name is an expression. */
export interface Hit {
  /** Offset in the text, for the line. */
  index: number;
  name?: string;
  optional: boolean;
}

/** A pattern and how to read its match. `after` is the text right after the match. */
export interface Matcher {
  pattern: RegExp;
  read(m: RegExpExecArray, after: string, before: string): Hit[];
}

// After a read: a fallback (`|| 'a'`, `?? 'a'`, Kotlin `?: "a"`) or a comparison (a flag check
// such as `=== 'true'` works unset), which make the read optional.
const JS_FALLBACK = /^\s*(?:\|\||\?\?|[!=]==?)/;
/** A presence check (`if (process.env.X)`, `!process.env.X`, `X ? a : b`, `X && f()`) works unset too. */
const JS_GUARD_AFTER = /^\s*(?:\?(?![.?])|&&)/;
const JS_GUARD_BEFORE = /(?:\bif\s*\(|!|&&)\s*$/;
const PY_FALLBACK = /^\s*(?:or\b|[!=]=)/;
const RUBY_FALLBACK = /^\s*(?:\|\||or\b|[!=]=)/;
const GO_FALLBACK = /^\s*[!=]=/;
const JVM_FALLBACK = /^\s*(?:\?:|\.orEmpty\(|[!=]=)/;
const RUST_FALLBACK = /^\s*\.(?:unwrap_or\w*|ok|is_ok|is_err|is_some|is_none|map_or\w*)\b/;
/** An assignment (`process.env.X = ...`, `ENV['X'] = ...`) writes the variable; it is no read. */
const ASSIGNMENT = /^\s*(?:=(?![=~])|\|\|=|\?\?=)/;
const VITE_BUILTINS = new Set(['MODE', 'BASE_URL', 'PROD', 'DEV', 'SSR']);

/** A literal name, or undefined for an expression (`process.env[key]`) we do not resolve. */
function literal(quoted: string | undefined, quote?: string): string | undefined {
  if (quoted === undefined) return undefined;
  if (quote === '`' && quoted.includes('${')) return undefined;
  return quoted;
}

function hit(index: number, name: string | undefined, optional: boolean): Hit[] {
  return [name === undefined ? { index, optional } : { index, name, optional }];
}

const JS: Matcher[] = [
  {
    // process.env.X, process.env['X'], process.env[key], import.meta.env.X, Bun.env.X
    pattern:
      /\b(process\.env|import\.meta\.env|Bun\.env)(?:\.([A-Za-z_$][\w$]*)|\[\s*(?:(['"`])([^'"`\\\n]{0,200})\3|([^\]\n]{0,200}))\s*\])/g,
    read(m, after, before) {
      if (ASSIGNMENT.test(after) || /\bdelete\s+$/.test(before)) return [];
      const name = m[2] ?? literal(m[4], m[3]);
      if (m[1] === 'import.meta.env' && name && VITE_BUILTINS.has(name)) return [];
      return hit(
        m.index,
        name,
        JS_FALLBACK.test(after) || JS_GUARD_AFTER.test(after) || JS_GUARD_BEFORE.test(before),
      );
    },
  },
  {
    // const { A, B: b, C = 'x', ...rest } = process.env
    pattern:
      /\b(?:const|let|var)\s*\{([^{}]{0,2000})\}\s*=\s*(?:process\.env|import\.meta\.env|Bun\.env)\b(?!\s*[.[])/g,
    read(m) {
      const hits: Hit[] = [];
      const body = m[1] ?? '';
      let offset = m.index + m[0].indexOf('{') + 1;
      for (const entry of body.split(',')) {
        const spec = /^\s*(?:(\.\.\.)|(['"]?)([A-Za-z_$][\w$]*)\2)/.exec(entry);
        const index = offset + (entry.length - entry.trimStart().length);
        offset += entry.length + 1;
        if (!spec) continue;
        if (spec[1]) hits.push({ index, optional: false });
        else if (spec[3]) hits.push({ index, name: spec[3], optional: /=/.test(entry) });
      }
      return hits;
    },
  },
  {
    // Deno.env.get('X')
    pattern: /\bDeno\.env\.get\(\s*(?:(['"`])([^'"`\\\n]{0,200})\1|([^)\n]{0,200}))\s*\)/g,
    read: (m, after) => hit(m.index, literal(m[2], m[1]), JS_FALLBACK.test(after)),
  },
];

const PYTHON: Matcher[] = [
  {
    // os.environ['X'] raises KeyError when unset: required whatever follows.
    pattern: /(?<![\w.])(?:os\.)?environ\[\s*(?:(['"])([^'"\\\n]{0,200})\1|([^\]\n]{0,200}))\s*\]/g,
    read(m, after, before) {
      if (ASSIGNMENT.test(after) || /\bdel\s+$/.test(before)) return [];
      return hit(m.index, m[2], false);
    },
  },
  {
    // os.environ.get('X', 'd'), os.getenv('X', 'd'), os.environ.setdefault('X', 'd')
    pattern:
      /(?<![\w.])(?:(?:os\.)?environ\.(?:get|setdefault)|(?:os\.)?getenv)\(\s*(?:(['"])([^'"\\\n]{0,200})\1|([^,)\n]{0,200}))\s*([,)])/g,
    read(m, after) {
      const closed = m[4] === ')';
      return hit(m.index, m[2], !closed || PY_FALLBACK.test(after));
    },
  },
];

const GO: Matcher[] = [
  {
    // os.LookupEnv returns ok: the code handles the unset case itself.
    pattern: /\bos\.(Getenv|LookupEnv)\(\s*(?:"([^"\\\n]{0,200})"|`([^`\n]{0,200})`|([^)\n]{0,200}))\s*\)/g,
    read: (m, after) => hit(m.index, m[2] ?? m[3], m[1] === 'LookupEnv' || GO_FALLBACK.test(after)),
  },
];

const RUBY: Matcher[] = [
  {
    pattern: /(?<![\w.])ENV\[\s*(?:(['"])([^'"\\\n]{0,200})\1|([^\]\n]{0,200}))\s*\]/g,
    read(m, after) {
      if (/^\s*=(?![=~])/.test(after)) return [];
      return hit(m.index, m[2], RUBY_FALLBACK.test(after) || /^\s*\|\|=/.test(after));
    },
  },
  {
    // ENV.fetch('X') raises KeyError; a second argument or a block is the default.
    pattern: /(?<![\w.])ENV\.fetch(?:\(\s*|[ \t]+)(?:(['"])([^'"\\\n]{0,200})\1|([^,)\s]{1,200}))[ \t]*(,?)/g,
    read(m, after) {
      const block = /^\s*\)?\s*(?:\{|do\b)/.test(after);
      return hit(m.index, m[2], m[4] === ',' || block || RUBY_FALLBACK.test(after.replace(/^\s*\)/, '')));
    },
  },
];

const JVM: Matcher[] = [
  {
    pattern: /\bSystem\.getenv\(\s*(?:"([^"\\\n]{0,200})"|([^)\s][^)\n]{0,200}))\s*\)/g,
    read: (m, after, before) =>
      hit(
        m.index,
        m[1],
        JVM_FALLBACK.test(after) || /(?:ofNullable|requireNonNullElse\w*)\(\s*$/.test(before),
      ),
  },
  {
    // System.getenv().getOrDefault("X", "d") and System.getenv().get("X")
    pattern:
      /\bSystem\.getenv\(\s*\)\s*\.(get|getOrDefault)\(\s*(?:"([^"\\\n]{0,200})"|([^,)\s][^,)\n]{0,200}))\s*[,)]/g,
    read: (m, after) => hit(m.index, m[2], m[1] === 'getOrDefault' || JVM_FALLBACK.test(after)),
  },
];

const RUST: Matcher[] = [
  {
    // `env!`/`option_env!` are compile-time: they read the build machine, not the runtime.
    pattern: /(?<![\w!])(?:std::)?env::var(?:_os)?\(\s*(?:"([^"\\\n]{0,200})"|([^)\s][^)\n]{0,200}))\s*\)/g,
    read: (m, after) => hit(m.index, m[1], RUST_FALLBACK.test(after)),
  },
];

export const MATCHERS: Readonly<Record<Language, readonly Matcher[]>> = {
  js: JS,
  python: PYTHON,
  go: GO,
  ruby: RUBY,
  jvm: JVM,
  rust: RUST,
};

/** Cheap substrings without which no pattern of the language can match: most files skip every regex. */
export const TRIGGERS: Readonly<Record<Language, readonly string[]>> = {
  js: ['.env'],
  python: ['environ', 'getenv'],
  go: ['os.'],
  ruby: ['ENV'],
  jvm: ['getenv'],
  rust: ['env::'],
};

/** Where a line comment starts in each language. */
export const LINE_COMMENT: Readonly<Record<Language, string>> = {
  js: '//',
  python: '#',
  go: '//',
  ruby: '#',
  jvm: '//',
  rust: '//',
};
