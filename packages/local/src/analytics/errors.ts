import { CodedError } from "@chat-stream/core";

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
export class AnalyticsError extends CodedError<AnalyticsErrorCode> {
  override readonly name: string = "AnalyticsError";
}
