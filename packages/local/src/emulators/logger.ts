/** Structured fields of a log entry; keys in snake_case. */
export type LogFields = Record<string, unknown>;

/**
 * What the emulators log through. A Powertools `Logger` fits, and so does
 * `console`; the default, {@link silentLogger}, drops everything so that
 * tests and library users see nothing they did not ask for.
 */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

function ignore(): void {}

/** A logger that drops every entry. */
export const silentLogger: Logger = {
  debug: ignore,
  info: ignore,
  warn: ignore,
  error: ignore,
};
