import { randomUUID } from "node:crypto";
import type { ClientContext, Context } from "aws-lambda";
import {
  FunctionError,
  type FunctionErrorPayload,
  FunctionTimeoutError,
} from "./errors";
import { createLambdaContext } from "./lambda-context";

/** A Lambda function as the emulators run it: a handler in this process. */
export interface LocalFunction {
  /** The function name, as in AWS. */
  name: string;
  handler: (event: unknown, context: Context) => Promise<unknown>;
  timeoutSeconds: number;
  /** Retries of a failed asynchronous invocation; AWS defaults to 2. */
  maximumRetryAttempts?: number;
}

/** Settings of one invocation that AWS takes from the function or caller. */
export interface InvokeOptions {
  /** Defaults to `AWS_REGION`, then `us-east-1`. */
  region?: string;
  /** Defaults to 128, the AWS default. */
  memoryLimitInMB?: number;
  /** Defaults to a new UUID, as AWS makes one per invocation. */
  awsRequestId?: string;
  clientContext?: ClientContext;
}

/** How an invocation ended. Never a thrown error: failures are values. */
export type InvocationOutcome =
  | { ok: true; result: unknown; awsRequestId: string; durationMs: number }
  | {
      ok: false;
      error: FunctionError;
      awsRequestId: string;
      durationMs: number;
    };

type Settled =
  | { kind: "returned"; value: unknown }
  | { kind: "threw"; error: unknown }
  | { kind: "timed-out" };

/**
 * Runs a local function's handler once, as the Lambda runtime would.
 *
 * The event and the result cross a JSON boundary, as they do in AWS: the
 * handler gets its own copy of the event, and a result that cannot be
 * serialized is a function error. A handler that runs past its timeout
 * fails the invocation with {@link FunctionTimeoutError}, but its promise
 * cannot be stopped in-process: it keeps running, and whatever it does
 * later is ignored. A handler's error or rejection never escapes as an
 * uncaught exception.
 */
export async function invokeLocalFunction(
  fn: LocalFunction,
  event: unknown,
  options: InvokeOptions = {},
): Promise<InvocationOutcome> {
  const awsRequestId = options.awsRequestId ?? randomUUID();
  const startedAt = performance.now();
  const context = createLambdaContext({
    functionName: fn.name,
    timeoutSeconds: fn.timeoutSeconds,
    awsRequestId,
    region: options.region ?? process.env.AWS_REGION ?? "us-east-1",
    memoryLimitInMB: options.memoryLimitInMB ?? 128,
    ...(options.clientContext && { clientContext: options.clientContext }),
  });

  const settled = await runWithTimeout(fn, copyOfJson(event), context);
  const durationMs = Math.round(performance.now() - startedAt);

  if (settled.kind === "timed-out") {
    const error = new FunctionTimeoutError(
      fn.name,
      awsRequestId,
      fn.timeoutSeconds,
    );
    return { ok: false, error, awsRequestId, durationMs };
  }

  if (settled.kind === "threw") {
    const error = new FunctionError(fn.name, errorPayload(settled.error), {
      cause: settled.error,
    });
    return { ok: false, error, awsRequestId, durationMs };
  }

  try {
    const result = copyOfJson(settled.value) ?? null;
    return { ok: true, result, awsRequestId, durationMs };
  } catch (cause) {
    const error = new FunctionError(
      fn.name,
      {
        errorType: "Runtime.MarshalError",
        errorMessage: "Unable to marshal response: not serializable to JSON",
        trace: [],
      },
      { cause },
    );
    return { ok: false, error, awsRequestId, durationMs };
  }
}

async function runWithTimeout(
  fn: LocalFunction,
  event: unknown,
  context: Context,
): Promise<Settled> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<Settled>((resolve) => {
    timer = setTimeout(
      () => resolve({ kind: "timed-out" }),
      fn.timeoutSeconds * 1_000,
    );
  });

  try {
    return await Promise.race([settle(fn, event, context), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** The handler's outcome as a value; a late rejection is absorbed too. */
function settle(
  fn: LocalFunction,
  event: unknown,
  context: Context,
): Promise<Settled> {
  try {
    return Promise.resolve(fn.handler(event, context)).then(
      (value): Settled => ({ kind: "returned", value }),
      (error: unknown): Settled => ({ kind: "threw", error }),
    );
  } catch (error) {
    return Promise.resolve({ kind: "threw", error });
  }
}

/** The error as the Node.js runtime serializes it for the caller. */
function errorPayload(error: unknown): FunctionErrorPayload {
  if (error instanceof Error) {
    return {
      errorType: error.name,
      errorMessage: error.message,
      trace: (error.stack ?? "").split("\n"),
    };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}

function copyOfJson(value: unknown): unknown {
  if (value === undefined) return undefined;
  return JSON.parse(JSON.stringify(value));
}
