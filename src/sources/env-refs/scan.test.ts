import { describe, expect, it } from 'vitest';
import type { Language } from './languages.js';
import { scanSource } from './scan.js';

const refs = (language: Language, ...lines: string[]) =>
  scanSource(lines.join('\n'), language).refs.map((r) => [
    r.name,
    r.line,
    r.optional ? 'optional' : 'required',
  ]);
const dynamic = (language: Language, ...lines: string[]) => scanSource(lines.join('\n'), language).dynamic;

describe('scanSource: JavaScript and TypeScript', () => {
  it('reads dot, bracket and destructured reads with their fallbacks', () => {
    expect(
      refs(
        'js',
        'const a = process.env.API_URL;',
        "const b = process.env['RETRIES'] || '3';",
        'const c = process.env["TIMEOUT_MS"] ?? 5000;',
        'const { HOST, PORT: port = "80",',
        "  'LOG_FORMAT': fmt } = process.env;",
        'if (process.env.FEATURE_X) enable();',
        'const d = process.env.SAMPLE_RATE ? Number(process.env.SAMPLE_RATE) : 1;',
        'if (!process.env.CI && process.env.TRACE_DIR) trace();',
      ),
    ).toEqual([
      ['API_URL', 1, 'required'],
      ['RETRIES', 2, 'optional'],
      ['TIMEOUT_MS', 3, 'optional'],
      ['HOST', 4, 'required'],
      ['PORT', 4, 'optional'],
      ['LOG_FORMAT', 5, 'required'],
      ['FEATURE_X', 6, 'optional'],
      ['SAMPLE_RATE', 7, 'optional'],
      ['SAMPLE_RATE', 7, 'required'],
      ['CI', 8, 'optional'],
      ['TRACE_DIR', 8, 'optional'],
    ]);
  });

  it('reads import.meta.env (not Vite built-ins), Bun.env and Deno.env.get', () => {
    expect(
      refs(
        'js',
        'const u = import.meta.env.VITE_API_URL;',
        'if (import.meta.env.DEV || import.meta.env.MODE === "x") {}',
        'const p = Bun.env.BUN_PORT;',
        "const t = Deno.env.get('DENO_TOKEN') ?? '';",
      ),
    ).toEqual([
      ['VITE_API_URL', 1, 'required'],
      ['BUN_PORT', 3, 'required'],
      ['DENO_TOKEN', 4, 'optional'],
    ]);
  });

  it('ignores writes, deletes, comments and block comments', () => {
    expect(
      refs(
        'js',
        "process.env.TZ = 'UTC';",
        'delete process.env.NODE_DEBUG;',
        '// process.env.IN_LINE_COMMENT',
        "const u = 'http://x'; // process.env.AFTER_CODE",
        "const s = 'a // b' + process.env.AFTER_STRING_WITH_SLASHES;",
        ' * process.env.IN_JSDOC',
        '/* process.env.IN_BLOCK */',
        'const same = process.env.NODE_ENV === "production";',
      ),
    ).toEqual([
      ['AFTER_STRING_WITH_SLASHES', 5, 'required'],
      ['NODE_ENV', 8, 'optional'],
    ]);
  });

  it('counts reads whose name is an expression', () => {
    expect(
      dynamic(
        'js',
        'const v = process.env[key];',
        'const w = process.env[`FLAG_${n}`];',
        'const { ...all } = process.env;',
      ),
    ).toEqual([1, 2, 3]);
  });
});

describe('scanSource: other languages', () => {
  it('Python: environ[] is required, get/getenv optional only with a default', () => {
    expect(
      refs(
        'python',
        "a = os.environ['SECRET_KEY']",
        "b = os.environ.get('DEBUG', 'false')",
        "c = os.getenv('HOSTS')",
        'd = getenv("TZ") or "UTC"',
        'e = environ["BROKER_URL"]',
        "# os.environ['COMMENTED']",
        "f = request.environ['HTTP_HOST']",
        "os.environ['WRITTEN'] = '1'",
        "g = os.getenv('LEVEL', default='info')",
      ),
    ).toEqual([
      ['SECRET_KEY', 1, 'required'],
      ['DEBUG', 2, 'optional'],
      ['HOSTS', 3, 'required'],
      ['TZ', 4, 'optional'],
      ['BROKER_URL', 5, 'required'],
      ['LEVEL', 9, 'optional'],
    ]);
    expect(dynamic('python', 'x = os.getenv(name)', "y = os.environ[f'P_{n}']")).toEqual([1, 2]);
  });

  it('Go: Getenv is required, LookupEnv handles absence itself', () => {
    expect(
      refs(
        'go',
        'q := os.Getenv("QUEUE_URL")',
        'v, ok := os.LookupEnv("WORKERS")',
        'r := os.Getenv(`REGION`)',
        '// os.Getenv("COMMENTED")',
      ),
    ).toEqual([
      ['QUEUE_URL', 1, 'required'],
      ['WORKERS', 2, 'optional'],
      ['REGION', 3, 'required'],
    ]);
    expect(dynamic('go', 'db := os.Getenv(key)')).toEqual([1]);
  });

  it('Ruby: ENV[] and ENV.fetch, with defaults, blocks and ||', () => {
    expect(
      refs(
        'ruby',
        "a = ENV['API_KEY']",
        "b = ENV.fetch('STRIPE_KEY')",
        "c = ENV.fetch('CURRENCY', 'EUR')",
        "d = ENV.fetch('RETRIES') { '3' }",
        "e = ENV.fetch('POOL') do |k| 5 end",
        "f = ENV['SANDBOX'] || 'true'",
        'label = "x-#{ENV[\'RAILS_ENV\']}"',
        "ENV['TZ'] = 'UTC'",
        "# ENV['COMMENTED']",
      ),
    ).toEqual([
      ['API_KEY', 1, 'required'],
      ['STRIPE_KEY', 2, 'required'],
      ['CURRENCY', 3, 'optional'],
      ['RETRIES', 4, 'optional'],
      ['POOL', 5, 'optional'],
      ['SANDBOX', 6, 'optional'],
      ['RAILS_ENV', 7, 'required'],
    ]);
  });

  it('Java and Kotlin: System.getenv with Elvis, Optional and getOrDefault', () => {
    expect(
      refs(
        'jvm',
        'String q = System.getenv("QUEUE");',
        'val e = System.getenv("ENDPOINT") ?: "http://localhost"',
        'String m = Optional.ofNullable(System.getenv("MODE")).orElse("x");',
        'String t = System.getenv().getOrDefault("THREADS", "4");',
        'String r = System.getenv().get("REGION");',
        'Map<String, String> all = System.getenv();',
      ),
    ).toEqual([
      ['QUEUE', 1, 'required'],
      ['ENDPOINT', 2, 'optional'],
      ['MODE', 3, 'optional'],
      ['THREADS', 4, 'optional'],
      ['REGION', 5, 'required'],
    ]);
  });

  it('Rust: env::var with unwrap_or is optional, expect is required, env! is build-time', () => {
    expect(
      refs(
        'rust',
        'let p = env::var("PORT").unwrap_or_else(|_| "8080".into());',
        'let u = std::env::var("UPSTREAM").expect("set it");',
        'let d = env::var_os("RUST_LOG").is_some();',
        'let v = env!("CARGO_PKG_VERSION");',
      ),
    ).toEqual([
      ['PORT', 1, 'optional'],
      ['UPSTREAM', 2, 'required'],
      ['RUST_LOG', 3, 'optional'],
    ]);
  });
});
