import { CodedError } from "@chat-stream/core";

/**
 * Codes of the errors the emulators raise. They are stable: logs, tests
 * and the local stack's main match on them, so add codes, never rename.
 */
export const emulatorErrorCodes = [
  /** A handler threw, rejected or returned something not serializable. */
  "function_error",
  /** A handler ran past its function's timeout. */
  "function_timeout",
  /** A server could not listen, usually because the port is taken. */
  "listen_failed",
  /** The Kinesis stream an event source reads does not exist. */
  "stream_not_found",
] as const;

export type EmulatorErrorCode = (typeof emulatorErrorCodes)[number];

/** The base of every error the emulators raise on purpose. */
export class EmulatorError extends CodedError<EmulatorErrorCode> {
  override readonly name: string = "EmulatorError";
}

/** How the Lambda runtime reports a failed invocation to its caller. */
export interface FunctionErrorPayload {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

/**
 * A local function failed. It carries the error as the Node.js Lambda
 * runtime would report it, so an emulator can answer with the same
 * payload AWS sends.
 */
export class FunctionError extends EmulatorError {
  override readonly name: string = "FunctionError";
  readonly functionName: string;
  readonly payload: FunctionErrorPayload;

  constructor(
    functionName: string,
    payload: FunctionErrorPayload,
    options?: ErrorOptions & { code?: EmulatorErrorCode },
  ) {
    super(
      options?.code ?? "function_error",
      `Function "${functionName}" failed with ${payload.errorType}: ` +
        `${payload.errorMessage}`,
      options,
    );
    this.functionName = functionName;
    this.payload = payload;
  }
}

/**
 * A local function ran out of time. The handler's promise cannot be
 * stopped in-process, so it may still finish later; its outcome is
 * ignored, as AWS ignores work a timed-out sandbox never reported.
 */
export class FunctionTimeoutError extends FunctionError {
  override readonly name: string = "FunctionTimeoutError";

  constructor(functionName: string, awsRequestId: string, seconds: number) {
    super(
      functionName,
      {
        errorType: "Sandbox.Timedout",
        errorMessage:
          `RequestId: ${awsRequestId} Error: Task timed out after ` +
          `${seconds.toFixed(2)} seconds`,
        trace: [],
      },
      { code: "function_timeout" },
    );
  }
}
