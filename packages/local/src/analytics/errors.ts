/**
 * Codes of the errors the query command reports. They are stable and
 * documented in docs/analytics.md: add codes, never rename them.
 */
export const analyticsErrorCodes = [
  "invalid_arguments",
  "unknown_query",
  "empty_archive",
  "sql_error",
  "missing_stage_outputs",
  "athena_query_failed",
] as const;

export type AnalyticsErrorCode = (typeof analyticsErrorCodes)[number];

/**
 * An error the user can act on. The command prints its message as one
 * line, never a stack trace.
 */
export class AnalyticsError extends Error {
  override readonly name: string = "AnalyticsError";
  readonly code: AnalyticsErrorCode;

  constructor(
    code: AnalyticsErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.code = code;
  }
}
