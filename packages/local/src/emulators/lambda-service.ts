import { randomUUID } from "node:crypto";
import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { ClientContext } from "aws-lambda";
import { readBody } from "./http-body";
import { sendAwsError, sendJson } from "./http-response";
import {
  closeServer,
  type ListenOptions,
  type LocalEndpoint,
  listen,
} from "./http-server";
import { functionArn } from "./lambda-context";
import { invokeLocalFunction, type LocalFunction } from "./lambda-function";
import { AsyncInvocations } from "./lambda-service/async-invocations";
import { functionNameFrom } from "./lambda-service/function-name";
import { type Logger, silentLogger } from "./logger";

/** Settings of the local Lambda service. */
export interface LambdaServiceOptions extends ListenOptions {
  functions: readonly LocalFunction[];
  /** The region in ARNs and contexts; defaults to `AWS_REGION`. */
  region?: string;
  /**
   * Waits before each retry of a failed `Event` invocation. AWS waits
   * about a minute, then two; locally the default is a second, then two,
   * so a failing handler shows its retries while you watch.
   */
  retryDelaysMs?: readonly number[];
  /** How long `close()` waits for `Event` invocations; default 10 s. */
  closeTimeoutMs?: number;
  logger?: Logger;
}

/** Largest Invoke payloads, as the Invoke API documents them. */
export const invokePayloadLimits = {
  RequestResponse: 6 * 1024 * 1024,
  Event: 1024 * 1024,
  DryRun: 6 * 1024 * 1024,
} as const satisfies Record<InvocationType, number>;

type InvocationType = "RequestResponse" | "Event" | "DryRun";

const invokePath = /^\/2015-03-31\/functions\/([^/]+)\/invocations\/?$/;

/**
 * Starts a server speaking the Lambda Invoke API, as `InvokeCommand` of
 * `@aws-sdk/client-lambda` sends it, for a set of local functions. Point
 * a `LambdaClient` (or `AWS_ENDPOINT_URL_LAMBDA`) at its endpoint with
 * any credentials; signatures are not checked.
 *
 * `RequestResponse` runs the handler and answers 200 with its result, or
 * with `X-Amz-Function-Error: Unhandled` and the error when it fails.
 * `Event` answers 202 at once and runs the handler in the background,
 * with retries. `DryRun` answers 204. `close()` stops accepting requests
 * and waits, within a bound, for `Event` invocations and their retries.
 */
export async function startLambdaService(
  options: LambdaServiceOptions,
): Promise<LocalEndpoint> {
  const region = options.region ?? process.env.AWS_REGION ?? "us-east-1";
  const logger = options.logger ?? silentLogger;
  const functions = new Map(options.functions.map((fn) => [fn.name, fn]));
  const asyncInvocations = new AsyncInvocations({
    region,
    retryDelaysMs: options.retryDelaysMs ?? [1_000, 2_000],
    logger,
  });
  const service = { functions, region, logger, asyncInvocations };

  const server = createServer((request, response) => {
    handleRequest(service, request, response).catch((error: unknown) => {
      logger.error("lambda service request failed", { error: String(error) });
      if (!response.headersSent) {
        sendAwsError(response, 500, "ServiceException", {
          Type: "Service",
          Message: "The local Lambda service failed; see its log.",
        });
      }
    });
  });

  const endpoint = await listen(server, options);
  return {
    endpoint,
    close: async () => {
      await closeServer(server);
      await asyncInvocations.drain(options.closeTimeoutMs ?? 10_000);
    },
  };
}

interface Service {
  functions: ReadonlyMap<string, LocalFunction>;
  region: string;
  logger: Logger;
  asyncInvocations: AsyncInvocations;
}

async function handleRequest(
  service: Service,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const awsRequestId = randomUUID();
  const headers = { "x-amzn-RequestId": awsRequestId };
  const path = new URL(request.url ?? "/", "http://localhost").pathname;
  const match = invokePath.exec(path);

  if (request.method !== "POST" || !match?.[1]) {
    request.resume();
    sendAwsError(
      response,
      404,
      "UnknownOperationException",
      { Type: "User", message: "Only the Invoke operation is emulated." },
      headers,
    );
    return;
  }

  const name = functionNameFrom(decodeURIComponent(match[1]));
  const fn = name === undefined ? undefined : service.functions.get(name);
  if (!fn) {
    request.resume();
    sendAwsError(
      response,
      404,
      "ResourceNotFoundException",
      {
        Type: "User",
        Message:
          "Function not found: " +
          functionArn(name ?? match[1], service.region),
      },
      headers,
    );
    return;
  }

  const invocationType = invocationTypeOf(request);
  if (!invocationType) {
    request.resume();
    sendAwsError(
      response,
      400,
      "InvalidParameterValueException",
      {
        Type: "User",
        message:
          "X-Amz-Invocation-Type must be RequestResponse, Event or DryRun.",
      },
      headers,
    );
    return;
  }

  const limit = invokePayloadLimits[invocationType];
  const body = await readBody(request, limit);
  if (body.tooLarge) {
    sendAwsError(
      response,
      413,
      "RequestTooLargeException",
      {
        Type: "User",
        message:
          `Request must be smaller than ${limit} bytes for the Invoke ` +
          "operation",
      },
      headers,
    );
    return;
  }

  if (invocationType === "DryRun") {
    response.writeHead(204, headers).end();
    return;
  }

  const event = parseEvent(body.bytes);
  if (!event.ok) {
    sendAwsError(
      response,
      400,
      "InvalidRequestContentException",
      {
        Type: "User",
        message: `Could not parse request body into json: ${event.reason}`,
      },
      headers,
    );
    return;
  }

  if (invocationType === "Event") {
    service.asyncInvocations.enqueue(fn, event.value, awsRequestId);
    response.writeHead(202, headers).end();
    return;
  }

  await invokeAndAnswer(service, fn, event.value, request, response, {
    awsRequestId,
  });
}

async function invokeAndAnswer(
  service: Service,
  fn: LocalFunction,
  event: unknown,
  request: IncomingMessage,
  response: ServerResponse,
  { awsRequestId }: { awsRequestId: string },
): Promise<void> {
  const clientContext = clientContextOf(request);
  const outcome = await invokeLocalFunction(fn, event, {
    awsRequestId,
    region: service.region,
    ...(clientContext && { clientContext }),
  });
  service.logger.info("lambda invocation", {
    function_name: fn.name,
    invocation_type: "RequestResponse",
    aws_request_id: awsRequestId,
    outcome: outcome.ok ? "success" : outcome.error.code,
    duration_ms: outcome.durationMs,
  });

  const headers = {
    "x-amzn-RequestId": awsRequestId,
    "X-Amz-Executed-Version": "$LATEST",
  };
  if (!outcome.ok) {
    sendJson(response, 200, outcome.error.payload, {
      ...headers,
      "X-Amz-Function-Error": "Unhandled",
    });
    return;
  }

  const payload = JSON.stringify(outcome.result);
  const limit = invokePayloadLimits.RequestResponse;
  if (Buffer.byteLength(payload) > limit) {
    sendJson(
      response,
      200,
      {
        errorType: "Function.ResponseSizeTooLarge",
        errorMessage:
          "Response payload size exceeded maximum allowed payload size " +
          `(${limit} bytes).`,
      },
      { ...headers, "X-Amz-Function-Error": "Unhandled" },
    );
    return;
  }

  sendJson(response, 200, outcome.result, headers);
}

function invocationTypeOf(
  request: IncomingMessage,
): InvocationType | undefined {
  const header = request.headers["x-amz-invocation-type"];
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value === "") return "RequestResponse";
  return value === "RequestResponse" || value === "Event" || value === "DryRun"
    ? value
    : undefined;
}

/** An empty payload is an empty object, as in AWS. */
function parseEvent(
  bytes: Buffer,
): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (bytes.byteLength === 0) return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(bytes.toString("utf8")) };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

/** `X-Amz-Client-Context` is base64 of JSON; unreadable ones are ignored. */
function clientContextOf(request: IncomingMessage): ClientContext | undefined {
  const header = request.headers["x-amz-client-context"];
  if (typeof header !== "string" || header === "") return undefined;
  try {
    return JSON.parse(Buffer.from(header, "base64").toString("utf8"));
  } catch {
    return undefined;
  }
}
