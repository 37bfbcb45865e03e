/** Base of the errors Parity throws on purpose; the CLI prints their message without a stack. */
export class ParityError extends Error {
  override name = 'ParityError';
}

/** The command line was wrong (unknown option, missing argument). Exit code 2. */
export class UsageError extends ParityError {
  override name = 'UsageError';
}

/** parity.yaml (or a snapshot file) is invalid; the message names file:line and what was expected. */
export class ConfigError extends ParityError {
  override name = 'ConfigError';
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
  ) {
    super(file ? `${file}${line ? `:${line}` : ''}: ${message}` : message);
  }
}

/** Several configuration mistakes at once, each `file:line: message`; one line each in the message. */
export function configErrors(
  problems: readonly { file?: string; line?: number; message: string }[],
): ConfigError {
  if (problems.length === 1) {
    const [p] = problems;
    return new ConfigError(p!.message, p!.file, p!.line);
  }
  const lines = problems.map(
    (p) => `  ${p.file ? `${p.file}${p.line ? `:${p.line}` : ''}: ` : ''}${p.message}`,
  );
  return new ConfigError(`${problems.length} configuration errors:\n${lines.join('\n')}`);
}
