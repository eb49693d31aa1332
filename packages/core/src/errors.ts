/**
 * Error codes a client can see in an `error` frame or an `error` chunk.
 * They are part of the protocol: add codes, never rename them.
 */
export const errorCodes = [
  "bad_request",
  "unknown_action",
  "input_too_large",
  "conversation_not_found",
  "message_not_found",
  "model_error",
  "generation_timeout",
  "internal_error",
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/**
 * An error with a stable code from a known list, which callers and
 * clients branch on. Each package's base error narrows the code list.
 */
export class CodedError<Code extends string> extends Error {
  override readonly name: string = "CodedError";
  readonly code: Code;

  constructor(code: Code, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/** The base of every error the app throws on purpose. */
export class ChatStreamError extends CodedError<ErrorCode> {
  override readonly name: string = "ChatStreamError";
}

/** Turns anything thrown into a code and a message safe to show a client. */
export function toClientError(error: unknown): {
  code: ErrorCode;
  message: string;
} {
  if (error instanceof ChatStreamError) {
    return { code: error.code, message: error.message };
  }
  return {
    code: "internal_error",
    message: "Something went wrong on the server; try again.",
  };
}
