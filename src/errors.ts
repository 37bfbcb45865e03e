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
