import { createRequire } from 'node:module';
import type { RE2JS } from 're2js';

let loadedRe2js: typeof RE2JS | undefined;

/**
 * re2js, required the first time a pattern is compiled: ~260 kB to compile at start-up, which every
 * audit paid through the config loader, though most configurations hold no pattern.
 */
function re2js(): typeof RE2JS {
  loadedRe2js ??= (createRequire(import.meta.url)('re2js') as { RE2JS: typeof RE2JS }).RE2JS;
  return loadedRe2js;
}

/**
 * Regular expressions written by users (`rename` in parity.yaml, prometheus-rules `normalise`)
 * or read from their files (Alertmanager matchers, kustomize selectors) run on re2js, an RE2
 * engine in plain JavaScript: matching is linear in the text whatever the pattern, so `(a+)+$`
 * cannot hang an audit. Replacement strings follow String.prototype.replace (`$1`, `$<name>`,
 * `$&`, `$$`). RE2 has no lookaround and no backreferences; a pattern using them is refused with
 * a message that says so, never run on the backtracking engine.
 */
export interface UserRegex {
  readonly source: string;
  test(text: string): boolean;
  /** Lets `text.replace(regex, replacement)` work as with a RegExp: first match, or all when global. */
  [Symbol.replace](text: string, replacement: string): string;
}

export interface UserRegexOptions {
  /** Replace every match (the RegExp `g` flag), not only the first. */
  global?: boolean;
  ignoreCase?: boolean;
  /** `.` also matches a newline (the RegExp `s` flag). */
  dotAll?: boolean;
  /** `js` (the default): written for JavaScript, checked as such first; `re2`: written for Go (Alertmanager, kustomize). */
  syntax?: 'js' | 're2';
}

/** A pattern that is not valid, or not one a linear-time engine can run. */
export class UserRegexError extends Error {
  override name = 'UserRegexError';
}

export function compileUserRegex(pattern: string, options: UserRegexOptions = {}): UserRegex {
  if (options.syntax !== 're2') {
    try {
      new RegExp(pattern);
    } catch (error) {
      throw new UserRegexError(`is not a valid regular expression: ${(error as Error).message}`);
    }
  }
  let re: RE2JS;
  try {
    const engine = re2js();
    re = engine.compile(
      pattern,
      (options.ignoreCase ? engine.CASE_INSENSITIVE : 0) | (options.dotAll ? engine.DOTALL : 0),
    );
  } catch (error) {
    const detail = (error as Error).message;
    const lookaround = /\(\?<?[=!]|\\[1-9]|\\k</.test(pattern);
    throw new UserRegexError(
      lookaround
        ? `uses lookaround or a backreference, which a linear-time regular expression engine cannot run (${detail}); expected an RE2 pattern`
        : `is not an RE2 pattern (${detail}); expected the RE2 syntax (no lookaround, no backreferences)`,
    );
  }
  return {
    source: pattern,
    test: (text) => re.test(text),
    [Symbol.replace]: (text, replacement) => {
      const matcher = re.matcher(text);
      return options.global ? matcher.replaceAll(replacement) : matcher.replaceFirst(replacement);
    },
  };
}
